/* 质检: an employee's scores over time, with the pass mark as a line and red lines in red; the scoring form's notes. No strings live
 * here: labels come from the page's data-* attributes and the points from a json_script block (CSP-friendly). */
(function () {
  "use strict";

  function initChart() {
    var data = document.getElementById("quality-trend-data");
    var box = document.getElementById("quality-chart-box");
    if (!data || !box || typeof window.Chart === "undefined") return;
    var trend = JSON.parse(data.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    var labels = trend.points.map(function (p) { return p.date; });
    var datasets = [
      {
        label: box.dataset.labelScore,
        data: trend.points.map(function (p) { return p.total; }),
        borderColor: "#0d6efd",
        backgroundColor: trend.points.map(function (p) { return p.red_line ? "#dc3545" : "#0d6efd"; }),
        pointRadius: trend.points.map(function (p) { return p.red_line ? 6 : 3; }),
        tension: 0.2,
      },
    ];
    if (trend.pass_mark !== null) {
      datasets.push({
        label: box.dataset.labelPass,
        data: labels.map(function () { return trend.pass_mark; }),
        borderColor: "#fd7e14",
        borderDash: [6, 4],
        pointRadius: 0,
        borderWidth: 1,
      });
    }
    new Chart(document.getElementById("quality-chart"), {
      type: "line",
      data: { labels: labels, datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6 } },
          y: { min: 0, suggestedMax: 100 },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              afterLabel: function (item) {
                var p = trend.points[item.dataIndex];
                return item.datasetIndex === 0 && p.red_line ? box.dataset.labelRed : "";
              },
            },
          },
        },
      },
    });
  }

  /* The scoring form: a note box shows under an item once it is ticked (or already holds a note). Without
   * script every note box stays visible. */
  function initNotes() {
    var items = document.querySelectorAll(".quality-item");
    Array.prototype.forEach.call(items, function (row) {
      var box = row.querySelector("input[type=checkbox]");
      var note = row.querySelector(".quality-note");
      if (!box || !note) return;
      function sync() { note.hidden = !box.checked && !note.value; }
      box.addEventListener("change", function () {
        sync();
        if (box.checked) note.focus();
      });
      sync();
    });
  }

  initChart();
  initNotes();
})();
