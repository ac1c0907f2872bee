/* The KPI trend on HR's employee page (templates/kpi/_employee_section.html): one small line chart per
 * metric, its threshold as a dashed line. The data comes from the json_script block "kpi-trend-data",
 * the words from the page (series labels in the data, "threshold" in a data- attribute), so nothing
 * here needs translating and the page needs no inline script. Without JavaScript the charts stay
 * hidden and the table of figures below them is there. */
(function () {
  "use strict";

  var BLUE = "#0d6efd";
  var RED = "#dc3545";

  function draw() {
    var data = document.getElementById("kpi-trend-data");
    var box = document.getElementById("kpi-trend-box");
    if (!data || !box || typeof window.Chart === "undefined") return;
    var trend = JSON.parse(data.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    box.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
      var series = trend.series[Number(canvas.dataset.series)];
      if (!series) return;
      canvas.parentElement.hidden = false;
      var percent = series.unit === "percent";
      var datasets = [
        {
          label: series.label,
          data: series.values,
          borderColor: BLUE,
          backgroundColor: BLUE,
          spanGaps: true,
          tension: 0.2,
        },
      ];
      if (series.threshold !== null) {
        datasets.push({
          label: box.dataset.thresholdLabel + " " + series.threshold_label,
          data: trend.labels.map(function () { return series.threshold; }),
          borderColor: RED,
          borderDash: [6, 4],
          borderWidth: 1.5,
          pointRadius: 0,
          fill: false,
        });
      }
      new Chart(canvas, {
        type: "line",
        data: { labels: trend.labels, datasets: datasets },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          interaction: { mode: "index", intersect: false },
          scales: {
            x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 4 } },
            y: percent
              ? { suggestedMin: 0, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } }
              : { beginAtZero: true },
          },
          plugins: {
            legend: { position: "bottom", labels: { boxWidth: 12 } },
            tooltip: {
              callbacks: {
                title: function (items) { return trend.titles[items[0].dataIndex]; },
              },
            },
          },
        },
      });
    });
  }

  draw();
})();
