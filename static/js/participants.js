// Small behaviours of the participants pages (no inline scripts: CSP).
//  - form[data-confirm]: ask before submitting (withdraw, reject, reissue…)
//  - [data-select-all]: tick every row checkbox of its table
//  - [data-copy="#selector"]: copy that field's value, then say so (data-copied)
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    }
  });

  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    var table = box.closest("table");
    box.addEventListener("change", function () {
      table.querySelectorAll('tbody input[type="checkbox"]').forEach(function (row) {
        row.checked = box.checked;
      });
    });
  });

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.dataset.copy);
    if (!field) {
      return;
    }
    button.addEventListener("click", function () {
      field.select();
      var done = function () {
        button.textContent = button.dataset.copied || button.textContent;
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {});
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    });
  });
})();
