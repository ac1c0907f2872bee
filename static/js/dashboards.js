/* Dashboards (templates/reports/dashboards/): draws each chart from the page's json_script
 * block "dashboard-data". No words live here: series names and axis titles come from the data-*
 * attributes of each chart's box, so they are translated with the page. The figures are also in a
 * table under each chart; without JavaScript the chart stays hidden and the table open, with it the
 * chart shows and the table folds away (one click opens it again). */
(function () {
  "use strict";

  var BLUE = "#0d6efd";
  var LIGHT_BLUE = "rgba(13, 110, 253, 0.35)";
  var GREEN = "#198754";
  var ORANGE = "#fd7e14";
  var RED = "#dc3545";
  var GREY = "#6c757d";

  /* On a phone the bars need the width: the names go above the bars, inside the chart (a
   * mirrored tick moved up by half a row), instead of beside them. Elsewhere long names are cut on
   * the axis. The tooltip always shows them whole. */
  var ROW = 36;
  var NARROW_ROW = 46;

  function isNarrow(box) {
    return box.clientWidth < 480;
  }

  function shortLabel(label, max) {
    var chars = Array.from(String(label));
    return chars.length > max ? chars.slice(0, max - 1).join("") + "…" : label;
  }

  function categoryAxis(labels, box) {
    var narrow = isNarrow(box);
    var max = narrow ? Math.floor(box.clientWidth / 13) : 14;
    var ticks = {
      autoSkip: false,
      callback: function (value) { return shortLabel(labels[value], max); },
    };
    if (narrow) {
      ticks.mirror = true;
      ticks.z = 1;
      ticks.padding = 0;
      ticks.labelOffset = -NARROW_ROW / 2 + 8;
      ticks.color = "#212529";
    }
    return { ticks: ticks, grid: { display: false } };
  }

  function percentAxis(title) {
    return {
      min: 0,
      max: 100,
      title: { display: true, text: title },
      ticks: { callback: function (value) { return value + "%"; } },
    };
  }

  /* Horizontal bars: one row per cohort or exam, so that names stay readable on a phone. */
  function horizontalBars(data, box, colours) {
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: box.dataset.series,
            data: data.values,
            backgroundColor: colours,
            maxBarThickness: isNarrow(box) ? 16 : 28,
            categoryPercentage: isNarrow(box) ? 0.5 : 0.8,
          },
        ],
      },
      options: {
        indexAxis: "y",
        scales: { x: percentAxis(box.dataset.axis), y: categoryAxis(data.labels, box) },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: function (items) { return data.labels[items[0].dataIndex]; },
              label: function (ctx) { return box.dataset.series + ": " + ctx.parsed.x + "%"; },
            },
          },
        },
      },
      rows: data.labels.length,
    };
  }

  /* Attendance is coloured by how worrying it is: under 80% red, under 90% orange. */
  function byThreshold(values, low, high) {
    return values.map(function (v) { return v < low ? RED : v < high ? ORANGE : GREEN; });
  }

  /* A box chart from floating bars: whisker, lower box, upper box, whisker, drawn on top of one
   * another (grouped: false), the two boxes meeting at the median. */
  function spread(data, box) {
    var d = box.dataset;
    var narrow = isNarrow(box);
    var part = function (from, to, colour, thickness, border) {
      return {
        data: data.values.map(function (v) { return [v[from], v[to]]; }),
        backgroundColor: colour,
        borderColor: BLUE,
        borderWidth: border,
        borderSkipped: false,
        grouped: false,
        barPercentage: thickness,
        categoryPercentage: narrow ? 0.5 : 0.8,
      };
    };
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          part(0, 1, GREY, 0.12, 0),
          part(1, 2, LIGHT_BLUE, 0.7, 1.5),
          part(2, 3, LIGHT_BLUE, 0.7, 1.5),
          part(3, 4, GREY, 0.12, 0),
        ],
      },
      options: {
        indexAxis: "y",
        interaction: { mode: "index", axis: "y", intersect: false },
        scales: { x: percentAxis(d.axis), y: categoryAxis(data.labels, box) },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: function (item) { return item.datasetIndex === 0; },
            callbacks: {
              title: function (items) { return data.labels[items[0].dataIndex]; },
              label: function (ctx) {
                var v = data.values[ctx.dataIndex];
                return [
                  d.labelMax + ": " + v[4],
                  d.labelQ3 + ": " + v[3],
                  d.labelMedian + ": " + v[2],
                  d.labelQ1 + ": " + v[1],
                  d.labelMin + ": " + v[0],
                  d.labelPassMark + ": " + data.pass_marks[ctx.dataIndex],
                ];
              },
            },
          },
        },
      },
      rows: data.labels.length,
    };
  }

  function funnel(data, box) {
    var d = box.dataset;
    return {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: d.labelEliminated, data: data.eliminated, backgroundColor: RED, maxBarThickness: 40 },
          { label: d.labelLeft, data: data.left, backgroundColor: GREY, maxBarThickness: 40 },
        ],
      },
      options: {
        scales: {
          x: {
            stacked: true,
            title: { display: true, text: d.axisPhase },
            grid: { display: false },
            ticks: { callback: function (value) { return data.ticks[value]; } },
          },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: d.axis } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { title: function (items) { return data.labels[items[0].dataIndex]; } } },
        },
      },
      height: 280,
    };
  }

  var BUILDERS = {
    progress: function (data, box) { return horizontalBars(data, box, BLUE); },
    attendance: function (data, box) { return horizontalBars(data, box, byThreshold(data.values, 80, 90)); },
    pass_rates: function (data, box) { return horizontalBars(data, box, byThreshold(data.values, 60, 80)); },
    spread: spread,
    funnel: funnel,
  };

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") return;
    var all = JSON.parse(source.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    document.querySelectorAll(".dash-chart[data-chart]").forEach(function (box) {
      var build = BUILDERS[box.dataset.chart];
      var data = all[box.dataset.chart];
      if (!build || !data || !data.labels.length) return;
      box.hidden = false; // before building: the labels are cut to the box's width
      var config = build(data, box);
      // Horizontal charts grow with their rows; the axis titles need about 70 px.
      box.style.height = (config.height || Math.max(150, (isNarrow(box) ? NARROW_ROW : ROW) * config.rows + 70)) + "px";
      delete config.rows;
      delete config.height;
      new Chart(box.querySelector("canvas"), config);
      var figures = box.parentElement.querySelector("details.dash-figures");
      if (figures) figures.open = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
