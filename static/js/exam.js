// The exam page: a countdown from the server's remaining seconds, every answer saved as it is
// given (a reload or a dropped connection loses nothing), and submission when time runs out.
(function () {
  "use strict";
  var page = document.querySelector(".exam-page");
  if (!page) return;
  var form = document.getElementById("exam-form");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var url = page.dataset.answerUrl;
  var clock = page.querySelector(".countdown");
  var deadline = Date.now() + parseInt(page.dataset.remaining, 10) * 1000;
  var unsent = {};
  var submitting = false;

  function tick() {
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var m = Math.floor(left / 60), s = left % 60;
    clock.textContent = (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
    if (left <= 60) clock.className = "countdown badge text-bg-danger fs-6";
    if (left === 0 && !submitting) { submitting = true; form.submit(); return; }
    setTimeout(tick, 500);
  }

  // Each answer's saves are numbered 1, 2, 3… (continuing from the number the server stored, so a
  // reload keeps counting up): the server ignores a save that arrives after a newer one.
  function valuesOf(fieldset, seq) {
    var body = new URLSearchParams();
    body.append("order", fieldset.dataset.order);
    body.append("seq", seq);
    fieldset.querySelectorAll("input, textarea").forEach(function (el) {
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      body.append("value", el.value);
    });
    return body;
  }

  function send(fieldset) {
    var state = fieldset.querySelector(".save-state");
    var seq = (parseInt(fieldset.dataset.seq, 10) || 0) + 1;
    fieldset.dataset.seq = seq;
    state.textContent = page.dataset.saving;
    return fetch(url, {
      method: "POST", body: valuesOf(fieldset, seq), credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (r) {
      return r.json().then(function (data) {
        if (data.late || String(seq) !== fieldset.dataset.seq) return; // a newer save answers for this one
        if (r.ok && data.saved) {
          delete unsent[fieldset.dataset.order];
          state.textContent = page.dataset.saved + " " + data.at;
        } else {
          state.textContent = data.error || page.dataset.offline;
          if (r.status === 409) { submitting = true; window.location.reload(); }
        }
      });
    }).catch(function () {
      unsent[fieldset.dataset.order] = fieldset;
      state.textContent = page.dataset.offline;
    });
  }

  function retryUnsent() {
    Object.keys(unsent).forEach(function (k) { send(unsent[k]); });
  }

  var timers = {};
  form.addEventListener("change", function (e) {
    var fs = e.target.closest("fieldset.question");
    if (fs) { retryUnsent(); send(fs); }
  });
  form.addEventListener("input", function (e) {
    var fs = e.target.closest("fieldset.question");
    if (!fs || !(e.target.type === "text" || e.target.tagName === "TEXTAREA")) return;
    clearTimeout(timers[fs.dataset.order]);
    timers[fs.dataset.order] = setTimeout(function () { send(fs); }, 800);
  });
  window.addEventListener("online", retryUnsent);
  form.addEventListener("submit", function (e) {
    if (!submitting && !window.confirm(page.dataset.confirm)) { e.preventDefault(); return; }
    submitting = true;
  });
  tick();
})();
