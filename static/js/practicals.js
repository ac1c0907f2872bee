/* Live total on the practical scoring page. The server computes the stored result; this is a
   preview with the same formula: sum of weight x points / best points of the criterion, over
   the sum of weights, x 100, rounded half up to 0.1. */
(function () {
  "use strict";
  var form = document.querySelector("[data-practical-form]");
  if (!form) {
    return;
  }
  var live = form.querySelector("[data-live]");
  if (!live) {
    return;
  }
  var totalEl = live.querySelector("[data-live-total]");
  var doneEl = live.querySelector("[data-live-done]");
  var progressEl = live.querySelector("[data-live-progress-wrap]");
  var passEl = live.querySelector("[data-live-pass]");
  var failEl = live.querySelector("[data-live-fail]");
  var passMark = parseFloat(live.getAttribute("data-pass-mark"));
  var criteria = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-weight]"));

  function update() {
    var earned = 0;
    var weights = 0;
    var done = 0;
    criteria.forEach(function (fieldset) {
      var weight = parseInt(fieldset.getAttribute("data-weight"), 10);
      var max = parseInt(fieldset.getAttribute("data-max"), 10);
      var checked = fieldset.querySelector("input[type=radio]:checked");
      if (checked) {
        done += 1;
      }
      if (max > 0) {
        weights += weight;
        if (checked) {
          earned += (weight * parseInt(checked.getAttribute("data-points"), 10)) / max;
        }
      }
    });
    doneEl.textContent = String(done);
    var complete = done === criteria.length;
    progressEl.hidden = complete;
    if (!complete || weights === 0) {
      totalEl.textContent = "—";
      passEl.hidden = true;
      failEl.hidden = true;
      return;
    }
    // Round half up on tenths; the small epsilon absorbs binary floating-point error (x.x5).
    var percent = Math.floor((earned / weights) * 1000 + 0.5 + 1e-9) / 10;
    totalEl.textContent = percent.toFixed(1) + "%";
    passEl.hidden = percent < passMark;
    failEl.hidden = percent >= passMark;
  }

  form.addEventListener("change", update);
  live.hidden = false;
  update();
})();
