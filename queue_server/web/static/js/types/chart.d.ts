// Chart.js for the JS check (tsc) only: /reports loads its UMD build from /vendor as a classic
// script, which defines the global `Chart` (the types ship with the npm package).
declare const Chart: typeof import("chart.js").Chart;
