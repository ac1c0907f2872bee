/* Behaviour every page shares, kept out of the HTML (the Content-Security-Policy forbids inline script):
   a <select data-submit-on-change> sends its form when the choice changes (the language switch). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-submit-on-change]") && target.form) {
      target.form.submit();
    }
  });
})();
