/* Quick replies: a "copy" button puts its phrase on the clipboard (data-copy-text), and says so for a moment.
   Where the Clipboard API is missing (plain http on a phone), a hidden textarea and execCommand do it. */
(function () {
  "use strict";
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-copy-text]") : null;
    if (!button) { return; }
    var text = button.getAttribute("data-copy-text");
    var copying = navigator.clipboard && window.isSecureContext ? navigator.clipboard.writeText(text) : fallbackCopy(text);
    function done() {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      button.textContent = button.getAttribute("data-copied-label") || label;
      button.classList.add("active");
      window.setTimeout(function () { button.textContent = label; button.classList.remove("active"); }, 1500);
    }
    copying.then(done, function () { fallbackCopy(text).then(done); });
  });
})();
