/* Follows the build of Excel reports: every [data-report-status-url] block whose report is queued
   or being built asks the server for its state about once a second and moves its progress bar;
   once the report is ready the download button appears, if it failed the reason does. */
(function () {
  "use strict";
  var ACTIVE = { queued: true, running: true };
  var INTERVAL = 1000;
  var MAX_INTERVAL = 15000;

  function show(block, data) {
    var bar = block.querySelector("[data-report-bar]");
    var fill = bar ? bar.querySelector(".progress-bar") : null;
    var percent = Math.max(0, Math.min(100, parseInt(data.progress, 10) || 0));
    block.setAttribute("data-report-status", data.status);
    if (bar) {
      bar.setAttribute("aria-valuenow", String(percent));
    }
    if (fill) {
      fill.style.width = percent + "%";
    }
    if (!ACTIVE[data.status]) {
      if (fill) {
        fill.classList.remove("progress-bar-striped", "progress-bar-animated");
        fill.classList.add(data.status === "failed" ? "bg-danger" : "bg-success");
      }
      // Hints meant for the wait ("large reports take a minute") go once the wait is over.
      var container = block.parentElement || document;
      Array.prototype.forEach.call(container.querySelectorAll("[data-report-while-active]"), function (hint) {
        hint.hidden = true;
      });
    }
    var label = block.querySelector("[data-report-label]");
    if (label && data.status_label) {
      label.textContent = data.status_label;
    }
    var percentText = block.querySelector("[data-report-percent]");
    if (percentText) {
      percentText.textContent = percent + "%";
    }
    var error = block.querySelector("[data-report-error]");
    if (error) {
      error.textContent = data.error || "";
      error.hidden = !data.error;
    }
    var retry = block.querySelector("[data-report-retry]");
    if (retry) {
      retry.hidden = data.status !== "failed";
    }
    var download = block.querySelector("[data-report-download]");
    if (download && data.download_url) {
      download.href = data.download_url;
      download.hidden = false;
    }
  }

  function follow(block) {
    var url = block.getAttribute("data-report-status-url");
    var wait = INTERVAL;

    function ask() {
      fetch(url, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          wait = INTERVAL;
          show(block, data);
          if (ACTIVE[data.status]) {
            window.setTimeout(ask, wait);
          }
        })
        .catch(function () {
          // The server or the network hiccuped: try again, less often each time.
          wait = Math.min(wait * 2, MAX_INTERVAL);
          window.setTimeout(ask, wait);
        });
    }

    window.setTimeout(ask, INTERVAL / 2);
  }

  var blocks = document.querySelectorAll("[data-report-status-url]");
  Array.prototype.forEach.call(blocks, function (block) {
    if (ACTIVE[block.getAttribute("data-report-status")]) {
      follow(block);
    }
  });
})();
