// @ts-check
// A kiosk, TV or survey tablet says it is alive every 30 s (POST /api/v1/devices/heartbeat):
// the server raises `screen_offline` for the supervisors when one stays silent for 90 s.
import { api } from "./loket.js";
import { pairAgainOn401 } from "./screen.js";

export const HEARTBEAT_MS = 30000;

/** Starts the beat at once and then every 30 s; a failed beat is simply tried next time,
 *  but a 401 (the token was revoked) sends the screen back to pairing.
 *  @param {"kiosk" | "display" | "survey"} page @param {() => string | null} token the current device token */
export function startHeartbeat(page, token) {
  const beat = () => {
    const current = token();
    if (!current) return;
    api("/api/v1/devices/heartbeat", { method: "POST", body: { page }, token: current })
      // offline: the supervisor's alarm is the point
      .catch((err) => pairAgainOn401(page, err));
  };
  beat();
  return setInterval(beat, HEARTBEAT_MS);
}
