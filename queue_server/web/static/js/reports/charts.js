// @ts-check
// The five charts of /reports, drawn by Chart.js (served from /vendor, a classic script that
// defines the global `Chart`). Each plots API numbers as they are — no sums, no shares of
// our own — from the summary of the grouping it needs:
//   hourly   by=hour     issued and called per hour
//   wait     by=service  wait p50 and p90 per service
//   outcome  total       served, no-show, cancelled, transferred
//   daily    by=day      issued, served and no-show per day
//   priority by=service  priority issued/served, priority wait p50 against everyone's
import { texts } from "./texts.js";
import { num, rowLabel } from "./format.js";

/** @typedef {import("./format.js").Summary} Summary */
/** @typedef {import("./format.js").Row} Row */

export const GROUPINGS = ["hour", "service", "day"];
const BLUE = "#1f5f99", SKY = "#7fb3e6", GREEN = "#2e8b57", RED = "#c0392b", AMBER = "#e0a526",
  GREY = "#8a96a3", PURPLE = "#7e57c2";

/** @type {Record<string, any>} the Chart instances by name (read by the browser test) */
export const charts = {};

/** @param {any} key */
const t = (key) => texts.t(key);

function baseOptions() {
  const locale = texts.locale;
  return {
    responsive: true, maintainAspectRatio: false, animation: false, locale,
    plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
    interaction: { mode: "index", intersect: false },
  };
}

/** @param {string} title @param {boolean} [integers] */
function axis(title, integers = true) {
  return { beginAtZero: true, title: { display: true, text: title },
    ticks: integers ? { precision: 0 } : {} };
}

/** @param {Row[]} rows @param {string} by */
const labels = (rows, by) => rows.map((row) => rowLabel(row, by));

/** @param {Record<string, Summary>} data @returns {Record<string, any>} */
function configs(data) {
  const hour = data.hour.rows, service = data.service.rows, day = data.day.rows;
  const total = data.service.total;
  const tickets = axis(t("axis.tickets")), mins = axis(t("axis.minutes"), false);
  return {
    hourly: { type: "bar", data: { labels: labels(hour, "hour"), datasets: [
      { label: t("ds.issued"), data: hour.map((r) => r.issued), backgroundColor: BLUE },
      { label: t("ds.called"), data: hour.map((r) => r.called), backgroundColor: SKY },
    ] }, options: { ...baseOptions(), scales: { y: tickets } } },
    wait: { type: "bar", data: { labels: labels(service, "service"), datasets: [
      { label: t("ds.p50"), data: service.map((r) => r.wait_minutes.p50), backgroundColor: BLUE },
      { label: t("ds.p90"), data: service.map((r) => r.wait_minutes.p90), backgroundColor: AMBER },
    ] }, options: { ...baseOptions(), indexAxis: "y", scales: { x: mins } } },
    outcome: { type: "doughnut", data: {
      labels: [t("ds.served"), t("ds.noShow"), t("ds.cancelled"), t("ds.transferred")],
      datasets: [{ data: [total.served, total.no_show, total.cancelled, total.transferred_out],
        backgroundColor: [GREEN, RED, GREY, PURPLE] }],
    }, options: { ...baseOptions(), interaction: undefined, cutout: "55%",
      plugins: { legend: { position: "right" }, tooltip: { callbacks: {
        label: (/** @type {any} */ item) => `${item.label}: ${num(item.raw)}` } } } } },
    daily: { type: "line", data: { labels: labels(day, "day"), datasets: [
      { label: t("ds.issued"), data: day.map((r) => r.issued), borderColor: BLUE, backgroundColor: BLUE },
      { label: t("ds.served"), data: day.map((r) => r.served), borderColor: GREEN, backgroundColor: GREEN },
      { label: t("ds.noShow"), data: day.map((r) => r.no_show), borderColor: RED, backgroundColor: RED },
    ] }, options: { ...baseOptions(), scales: { y: tickets } } },
    priority: { type: "bar", data: { labels: labels(service, "service"), datasets: [
      { label: t("ds.priorityIssued"), data: service.map((r) => r.priority.issued),
        backgroundColor: PURPLE, yAxisID: "y" },
      { label: t("ds.priorityServed"), data: service.map((r) => r.priority.served),
        backgroundColor: "#b39ddb", yAxisID: "y" },
      { type: "line", label: t("ds.priorityWait"), data: service.map((r) => r.priority.wait_p50),
        borderColor: AMBER, backgroundColor: AMBER, yAxisID: "minutes", showLine: false, pointRadius: 5 },
      { type: "line", label: t("ds.allWait"), data: service.map((r) => r.wait_minutes.p50),
        borderColor: BLUE, backgroundColor: BLUE, yAxisID: "minutes", showLine: false,
        pointRadius: 5, pointStyle: "rectRot" },
    ] }, options: { ...baseOptions(), scales: { y: tickets,
      minutes: { ...mins, position: "right", grid: { drawOnChartArea: false } } } } },
  };
}

/** Draws (or redraws) every chart from the summaries of GROUPINGS.
 *  @param {Record<string, Summary>} data */
export function drawCharts(data) {
  for (const [name, config] of Object.entries(configs(data))) {
    charts[name]?.destroy();
    const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById(`chart-${name}`));
    charts[name] = new Chart(canvas, config);
  }
}
