/* Roster import: the progress bar of a background check or import, which polls the import's status URL
   and reloads the page once the import has finished (the page then shows the preview or the result);
   and the print button of the one-time password page. */
(function () {
  "use strict";

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      window.print();
    });
  }

  var box = document.querySelector("[data-roster-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-roster-status-url");
  var wrap = box.querySelector("[data-bar-wrap]");
  var bar = box.querySelector("[data-bar]");
  var label = box.querySelector("[data-label]");
  var stalled = box.querySelector("[data-stalled]");
  var STALLED_AFTER_MS = 30000;
  var lastProcessed = null;
  var lastLabel = null;
  var lastChange = Date.now();

  function show(data) {
    bar.style.width = data.percent + "%";
    wrap.setAttribute("aria-valuenow", String(data.percent));
    label.textContent = data.label;
    if (data.processed !== lastProcessed || data.label !== lastLabel) {
      lastProcessed = data.processed;
      lastLabel = data.label;
      lastChange = Date.now();
      stalled.hidden = true;
    } else if (Date.now() - lastChange > STALLED_AFTER_MS) {
      stalled.hidden = false;
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) {
          window.location.reload();
          return;
        }
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }

  poll();
})();
