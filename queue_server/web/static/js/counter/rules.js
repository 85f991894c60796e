// @ts-check
// Which console buttons work right now. The server owns the rule (the ticket state machine and
// the counter's status): the snapshot lists `allowed_actions`, and `blocked_actions` with a
// reason code for the rest. The page adds only what it alone knows: signed out, busy, loading.
import { state } from "./state.js";
import { t } from "./texts.js";

/** @typedef {"next" | "call" | "recall" | "start" | "skip" | "finish" | "transfer" | "pause"} Action */

/** The sentence for a server reason code; the "not called"/"nobody here" split follows the
 *  button, as the officer reads it.
 *  @param {string} action @param {string | undefined} reason */
function reasonText(action, reason) {
  switch (reason) {
    case "paused": return t("whyPaused");
    case "closed": return t("whyClosed");
    case "nobody_waiting": return t("whyNobody");
    case "no_current":
    case "illegal_for_status":
      return ["recall", "start", "skip"].includes(action) ? t("whyNotCalled") : t("whyNoCurrent");
    default: return "";
  }
}

/** [allowed, why-not] for a button of the console.
 *  @param {Action} action
 *  @returns {[boolean, string]} */
export function legal(action) {
  if (state.sessionEnded) return [false, t("sessionEnded")];
  if (state.busy) return [false, t("whyBusy")];
  const snap = state.snapshot;
  if (!snap) return [false, t("whyLoading")];
  // one button pauses an open counter and resumes a paused one
  const asked = action === "pause" && snap.counter.status === "paused" ? "resume" : action;
  if ((snap.allowed_actions || []).includes(asked)) return [true, ""];
  return [false, reasonText(asked, (snap.blocked_actions || {})[asked])];
}
