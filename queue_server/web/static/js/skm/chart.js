// @ts-check
// The bar chart of /skm: the NRR of each element (U1–U9) on the 1–4 scale, the lowest in
// red so the weakest element is what the eye finds first. Chart.js is the reports' copy,
// served from /vendor as a classic script that defines the global `Chart`.
import { texts } from "./texts.js";
import { elementName, lowestCodes, nrr } from "./format.js";

/** @typedef {import("./format.js").Result} Result */

const BLUE = "#1f5f99", RED = "#c0392b";

/** @type {{elements: any}} the Chart instance (read by the browser test) */
export const charts = { elements: null };

/** Draws (or redraws) the chart of `result`'s elements on canvas#chart-elements.
 *  @param {Result} result */
export function drawElements(result) {
  const lowest = lowestCodes(result);
  charts.elements?.destroy();
  const canvas = /** @type {HTMLCanvasElement} */ (document.getElementById("chart-elements"));
  charts.elements = new Chart(canvas, {
    type: "bar",
    data: {
      labels: result.elements.map((e) => e.code),
      datasets: [{
        label: texts.t("ds.nrr"),
        data: result.elements.map((e) => e.nrr),
        backgroundColor: result.elements.map((e) => (lowest.has(e.code) ? RED : BLUE)),
      }],
    },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, locale: texts.locale,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: {
          title: (/** @type {any[]} */ items) => {
            const element = result.elements[items[0].dataIndex];
            return `${element.code} ${elementName(element)}`;
          },
          label: (/** @type {any} */ item) => `${texts.t("ds.nrr")}: ${nrr(item.raw)}`,
        } },
      },
      scales: { y: { min: 1, max: 4, ticks: { stepSize: 0.5 },
        title: { display: true, text: texts.t("axis.nrr") } } },
    },
  });
}
