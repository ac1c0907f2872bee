/* 打字测试: the test page (countdown, IME-aware counting, no pasting, hand-in at time up) and the
 * history chart. No strings live here: they come from the page's data-* attributes, and the
 * chart's data from a json_script block, so the page needs no inline script (CSP-friendly).
 * The server keeps the real clock; this countdown only tells the trainee how long is left. */
(function () {
  "use strict";

  function minutesSeconds(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /* Characters as the server counts them: code points, trailing whitespace ignored. */
  function characterCount(text) {
    return Array.from(text.replace(/\s+$/, "")).length;
  }

  function initTest() {
    var form = document.getElementById("typing-form");
    if (!form) return;
    var input = document.getElementById("typing-input");
    var clock = document.getElementById("typing-clock");
    var count = document.getElementById("typing-count");
    var notice = document.getElementById("typing-notice");
    var button = document.getElementById("typing-submit");
    var duration = parseInt(form.dataset.duration, 10) * 1000;
    var startedAt = null;
    var timer = null;
    var composing = false;
    var committed = input.value;
    var handedIn = false;
    /* The pace the server checks for bursts: [ms since the first input, committed characters]
     * each time the committed length changes. */
    var pace = [];

    function note(length) {
      var ms = startedAt === null ? 0 : Math.round(performance.now() - startedAt);
      if (!pace.length || pace[pace.length - 1][1] !== length) pace.push([ms, length]);
    }

    function say(message) {
      notice.textContent = message;
      notice.hidden = false;
    }

    /* Only committed text counts: during IME composition the textarea also holds pinyin. */
    function commit() {
      committed = input.value;
      var length = characterCount(committed);
      count.textContent = length;
      note(length);
    }

    function prepareHandIn() {
      handedIn = true;
      window.clearInterval(timer);
      if (composing) input.value = committed; // drop pinyin that was never turned into characters
      note(characterCount(input.value));
      form.elements.pace.value = JSON.stringify(pace);
      input.readOnly = true;
      button.disabled = true;
      button.textContent = form.dataset.msgSubmitting;
    }

    function tick() {
      var left = duration - (performance.now() - startedAt);
      clock.textContent = minutesSeconds(left);
      clock.classList.toggle("text-danger", left <= 10000);
      if (left <= 0 && !handedIn) {
        say(form.dataset.msgTimeUp);
        prepareHandIn();
        form.submit();
      }
    }

    /* The first character starts the countdown, and asks the server to restart its clock too,
     * so time spent reading the passage first is not counted. If that request fails, the token
     * the page came with still counts, from when the page opened. */
    function start() {
      if (startedAt !== null) return;
      startedAt = performance.now();
      timer = window.setInterval(tick, 250);
      fetch(form.dataset.startUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (body && body.token && !handedIn) form.elements.token.value = body.token;
        })
        .catch(function () { /* keep the page's token */ });
    }

    function refusePaste(event) {
      event.preventDefault();
      say(form.dataset.msgPaste);
    }

    input.addEventListener("compositionstart", function () {
      composing = true;
      start();
    });
    input.addEventListener("compositionend", function () {
      composing = false;
      commit();
    });
    input.addEventListener("input", function (event) {
      start();
      if (!composing && !event.isComposing) commit();
    });
    input.addEventListener("paste", refusePaste);
    input.addEventListener("drop", refusePaste);
    input.addEventListener("beforeinput", function (event) {
      if (event.inputType === "insertFromPaste" || event.inputType === "insertFromDrop" ||
          event.inputType === "insertFromPasteAsQuotation") {
        refusePaste(event);
      }
    });
    form.addEventListener("submit", function (event) {
      if (handedIn) {
        event.preventDefault();
        return;
      }
      prepareHandIn();
    });
  }

  function initChart() {
    var data = document.getElementById("typing-history-data");
    var box = document.getElementById("typing-chart-box");
    if (!data || !box || typeof window.Chart === "undefined") return;
    var history = JSON.parse(data.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    new Chart(document.getElementById("typing-chart"), {
      type: "line",
      data: {
        labels: history.labels,
        datasets: [
          {
            label: box.dataset.labelCpm,
            data: history.cpm,
            yAxisID: "cpm",
            borderColor: "#0d6efd",
            backgroundColor: "#0d6efd",
            tension: 0.2,
          },
          {
            label: box.dataset.labelAccuracy,
            data: history.accuracy,
            yAxisID: "accuracy",
            borderColor: "#198754",
            backgroundColor: "#198754",
            borderDash: [5, 4],
            tension: 0.2,
          },
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 6 } },
          cpm: { type: "linear", position: "left", beginAtZero: true },
          accuracy: { type: "linear", position: "right", min: 0, max: 100, grid: { drawOnChartArea: false } },
        },
        plugins: {
          legend: { position: "bottom", labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: function (items) {
                var i = items[0].dataIndex;
                return history.labels[i] + " · " + history.passages[i];
              },
            },
          },
        },
      },
    });
  }

  initTest();
  initChart();
})();
