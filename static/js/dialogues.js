// The dialogue page (templates/dialogues/session.html): keep the turn on screen in view, insert a quick reply
// at the cursor when tapped, filter the quick replies by code or text. No inline script (CSP).
(function () {
  "use strict";
  var box = document.querySelector(".dialogue-reply-text");
  if (box) {
    var now = document.getElementById("now");
    if (now && !window.location.hash) { now.scrollIntoView({ block: "end" }); }
  }
  function insert(text) {
    if (!box) { return; }
    var start = box.selectionStart, end = box.selectionEnd, value = box.value;
    if (typeof start !== "number") { start = end = value.length; }
    box.value = value.slice(0, start) + text + value.slice(end);
    var at = start + text.length;
    box.focus();
    box.setSelectionRange(at, at);
  }
  var sheet = document.getElementById("phrases");
  if (!sheet) { return; }
  function closeSheet() {
    if (window.bootstrap) { window.bootstrap.Offcanvas.getOrCreateInstance(sheet).hide(); }
  }
  sheet.querySelectorAll(".phrase").forEach(function (item) {
    function pick() { insert(item.getAttribute("data-text")); closeSheet(); }
    item.addEventListener("click", pick);
    item.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
  var search = sheet.querySelector(".phrase-search");
  if (search) {
    search.addEventListener("input", function () {
      var q = search.value.trim().toLowerCase();
      sheet.querySelectorAll(".phrase").forEach(function (item) {
        item.classList.toggle("d-none", q !== "" && item.getAttribute("data-search").indexOf(q) === -1);
      });
    });
  }
})();
