/* Forms with data-confirm="question" ask before they are sent. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form instanceof HTMLFormElement && form.dataset.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });
})();
