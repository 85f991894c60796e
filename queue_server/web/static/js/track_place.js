// @ts-check
// Where a phone's ticket stands, read from its service room's `queue.order`: the server's
// own positions and estimates (services/service_queue.py), never worked out here. Pure:
// no socket, no DOM (node runs its test).

/**
 * @typedef {object} QueueOrder the message (docs/api-changes.md, "Phones without polling")
 * @property {string} service_id
 * @property {number} event_id
 * @property {string[]} codes every waiting code of the service, nearest call first
 * @property {number[]} ahead parallel to `codes`, as the rest
 * @property {(number | null)[]} eta_minutes
 * @property {(string | null)[]} eta_text
 * @property {(string | null)[]} eta_text_en
 */

/**
 * @typedef {{people_ahead: number, eta_minutes: number | null, eta_text: string | null,
 *   eta_text_en: string | null}} Place
 */

/**
 * What a `queue.order` means for one ticket:
 * - "other": not about this ticket's queue (another service, or the ticket is not waiting);
 * - "stale": older than what the page holds (`newestId`: the newest of its snapshot's
 *   event_id and the last message it applied; the same id is a newer reading, e.g. the
 *   minute's refresh);
 * - "missing": the ticket is not in the list while the page thinks it waits there, so the
 *   ticket's own news has not come yet (resync);
 * - "place": its line.
 * @param {QueueOrder} message
 * @param {{code: string, serviceId: string, waiting: boolean, newestId: number}} mine
 * @returns {{verdict: "other" | "stale" | "missing"} | {verdict: "place", place: Place}}
 */
export function placeIn(message, mine) {
  if (!message || !mine.waiting || message.service_id !== mine.serviceId) return { verdict: "other" };
  if (message.event_id < mine.newestId) return { verdict: "stale" };
  const i = message.codes.indexOf(mine.code);
  if (i < 0) return { verdict: "missing" };
  return {
    verdict: "place",
    place: {
      people_ahead: message.ahead[i],
      eta_minutes: message.eta_minutes[i],
      eta_text: message.eta_text[i],
      eta_text_en: message.eta_text_en[i],
    },
  };
}
