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

  // One shape for every comparison chart (xxgk/web/charts.py): the title on top, the legend below in the
  // series' order, category labels wrapped rather than cut (containLabel keeps them inside the box).
  function comparisonOption(v) {
    var names = v.series.map(function (s) { return s.name; });
    var category = { type: "category", data: v.categories, axisLabel: { interval: 0, width: v.horizontal ? 180 : 90, overflow: "break" } };
    var value = { type: "value", name: v.unit, minInterval: v.unit === "件" ? 1 : 0 };
    var legendRows = names.length > 1 ? Math.ceil(names.length / 4) : 0;
    return {
      title: { text: v.title, left: "center", top: 0, textStyle: { fontSize: 14 } },
      legend: names.length > 1 ? { bottom: 0, data: names } : { show: false },
      grid: { top: 40, bottom: 12 + 26 * legendRows, left: 10, right: 30, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: v.horizontal ? value : category,
      yAxis: v.horizontal ? category : value,
      series: v.series.map(function (s) {
        return { name: s.name, type: s.type, stack: s.stack, data: s.data, connectNulls: false,
          label: v.horizontal ? { show: true, position: "right" } : undefined };
      })
    };
  }

  function drawComparisons(root) {
    if (!root.querySelectorAll || typeof echarts === "undefined") return;
    root.querySelectorAll("[data-comparison]").forEach(function (holder) {
      var data = JSON.parse(holder.getAttribute("data-comparison"));
      holder.style.height = data.height + "px";
      var option = comparisonOption(data);
      option.animation = false;
      (echarts.getInstanceByDom(holder) || echarts.init(holder)).setOption(option);
    });
  }

  // A form with data-confirm asks before it is sent ("{outcome}": the text of its selected 办理结果).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (!message) return;
    var outcome = form.querySelector("select[name=outcome]");
    var chosen = outcome && outcome.selectedIndex >= 0 ? outcome.options[outcome.selectedIndex].text : "";
    if (!window.confirm(message.replace("{outcome}", chosen))) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); drawComparisons(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
})();
