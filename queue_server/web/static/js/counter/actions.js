// @ts-check
// What the buttons and keys do. One request at a time: while one is in flight every action is
// disabled, presses of call-next closer together than DOUBLE_PRESS_MS count as one, and each
// call-next carries a fresh Idempotency-Key per press: a double press calls one citizen.
import { ApiError, uuid } from "../loket.js";
import { openCallDialog, openPauseDialog, openTransferDialog } from "./dialogs.js";
import { refresh } from "./live.js";
import { sessionEnded, showError, toast } from "./messages.js";
import { render } from "./render.js";
import { legal } from "./rules.js";
import { counterName, post, state } from "./state.js";
import { t } from "./texts.js";

/** A double tap, a bouncing key or a nervous second press is one press: on this small
 *  server call-next answers in milliseconds, before a double tap's second press lands, so
 *  the in-flight lock alone would call two citizens. */
const DOUBLE_PRESS_MS = 500;
let lastNextPress = -Infinity;
/** @type {ReturnType<typeof setTimeout> | undefined} */
let pressWindow;

/** Whether this call-next press comes within DOUBLE_PRESS_MS of the previous one (then it
 *  does nothing). `body[data-press-window]` is "open" meanwhile, for tests to wait on. */
function secondPress() {
  const now = performance.now();
  if (now - lastNextPress < DOUBLE_PRESS_MS) return true;
  lastNextPress = now;
  document.body.dataset.pressWindow = "open";
  clearTimeout(pressWindow);
  pressWindow = setTimeout(() => {
    document.body.dataset.pressWindow = "closed";
  }, DOUBLE_PRESS_MS);
  return false;
}

/** Runs one request with every action disabled; a second press meanwhile does nothing.
 *  @param {() => Promise<string>} work resolves to the sentence to show
 *  @returns {Promise<boolean>} whether it worked */
export async function run(work) {
  if (state.busy || state.sessionEnded) return false;
  state.busy = true;
  render();
  let ok = false;
  try {
    const message = await work();
    if (message) toast(message, message === t("nobodyLeft") ? "info" : "ok");
    ok = true;
  } catch (err) {
    showError(err);
  } finally {
    await refresh();
    state.busy = false;
    render();
  }
  return ok;
}

/** @param {import("./rules.js").Action} action */
export function press(action) {
  if (state.sessionEnded) {
    sessionEnded(); // the sign-in link stays in view
    return;
  }
  const [ok, why] = legal(action);
  if (!ok) {
    if (!state.busy && why) toast(why, "info");
    return;
  }
  const current = state.snapshot.current;
  const counterId = state.counterId;
  const counter = counterName(counterId);
  switch (action) {
    case "next":
      if (secondPress()) return;
      run(async () => {
        const key = uuid(); // one per press: a retry of this press calls nobody new
        const path = `/api/v1/counters/${encodeURIComponent(counterId)}/call-next`;
        let data;
        try {
          data = await post(path, {}, { "Idempotency-Key": key });
        } catch (err) {
          if (!(err instanceof ApiError && err.status === 0)) throw err;
          await new Promise((resolve) => setTimeout(resolve, 600));
          data = await post(path, {}, { "Idempotency-Key": key }); // the answer was lost, maybe
        }
        return data.ticket ? t("calledOk", { code: data.ticket.code, counter }) : t("nobodyLeft");
      });
      break;
    case "recall":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/recall`, { counter_id: counterId });
        return t("recalledOk", { code: current.code });
      });
      break;
    case "start":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/start`);
        return t("startedOk", { code: current.code });
      });
      break;
    case "finish":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/finish`);
        return t("finishedOk", { code: current.code });
      });
      break;
    case "skip":
      run(async () => {
        await post(`/api/v1/tickets/${current.id}/skip`);
        return t("skippedOk", { code: current.code });
      });
      break;
    case "transfer":
      openTransferDialog(current);
      break;
    case "call":
      openCallDialog(null);
      break;
    case "pause":
      if (state.snapshot.counter.status === "paused") {
        run(async () => {
          await post(`/api/v1/counters/${encodeURIComponent(counterId)}/resume`);
          return t("resumedOk");
        });
      } else openPauseDialog();
      break;
    default:
  }
}

/** A no-show who turned up, recalled from the skipped list.
 *  @param {import("./state.js").Ticket} ticket */
export function recallSkipped(ticket) {
  if (state.busy || state.sessionEnded) return;
  const counterId = state.counterId;
  run(async () => {
    await post(`/api/v1/tickets/${ticket.id}/recall`, { counter_id: counterId });
    return t("recalledOk", { code: ticket.code });
  });
}
