// The only script of the pages (no inline scripts: the content security policy forbids them).
// Draws the findings chart of a check run from the JSON the server put in its data-chart attribute
// (an attribute, not a script block: htmx does not insert script tags it swaps in).
(function () {
  "use strict";

  function drawCharts(root) {
    var holder = root.querySelector ? root.querySelector("#findings-chart") : null;
    if (!holder || typeof echarts === "undefined") return;
    var values = JSON.parse(holder.getAttribute("data-chart"));
    var chart = echarts.getInstanceByDom(holder) || echarts.init(holder);
    chart.setOption({
      animation: false, // deterministic screenshots; nothing to gain from motion here
      tooltip: { trigger: "axis" },
      legend: { data: ["错误", "警告"] },
      grid: { left: 40, right: 20, top: 30, bottom: 60 },
      xAxis: { type: "category", data: values.names, axisLabel: { interval: 0, rotate: 20, width: 120, overflow: "truncate" } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "错误", type: "bar", data: values.errors, itemStyle: { color: "#b3261e" } },
        { name: "警告", type: "bar", data: values.warnings, itemStyle: { color: "#d9a400" } }
      ]
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
})();
