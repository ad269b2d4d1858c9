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

  var COMPARE = {
    applications: function (v) {
      return { title: { text: "新收申请数（件）", left: "center" }, xAxis: { type: "category", data: v.years }, yAxis: { type: "value", minInterval: 1 },
        tooltip: { trigger: "axis" }, series: [{ name: "新收申请", type: "bar", data: v.applications, itemStyle: { color: "#1f5fa8" } }] };
    },
    outcomes: function (v) {
      var names = Object.keys(v.outcomes);
      return { title: { text: "办理结果构成（件）", left: "center" }, legend: { top: 28, data: names }, grid: { top: 90 },
        xAxis: { type: "category", data: v.years }, yAxis: { type: "value", minInterval: 1 }, tooltip: { trigger: "axis" },
        series: names.map(function (n) { return { name: n, type: "bar", stack: "outcomes", data: v.outcomes[n] }; }) };
    },
    correction_rate: function (v) {
      return { title: { text: "复议纠错率（%）", left: "center" }, xAxis: { type: "category", data: v.years }, yAxis: { type: "value", max: 100 },
        tooltip: { trigger: "axis" }, series: [{ name: "复议纠错率", type: "line", data: v.correction_rate, connectNulls: false }] };
    }
  };

  function drawComparisons(root) {
    if (!root.querySelectorAll || typeof echarts === "undefined") return;
    root.querySelectorAll("[data-kind]").forEach(function (holder) {
      var build = COMPARE[holder.getAttribute("data-kind")];
      if (!build) return;
      var option = build(JSON.parse(holder.getAttribute("data-chart")));
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
