// Small behaviours of the participants pages (no inline scripts: CSP).
//  - [data-select-all]: tick every row checkbox of its table
//  - [data-copy="#selector"]: copy that field's value, then say so (data-copied)
// form[data-confirm] is js/confirm.js, loaded by every page (base.html):
// handling it here too asked every question twice.
(function () {
  "use strict";

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
