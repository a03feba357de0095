// Small behaviours of the participants pages (no inline scripts: CSP).
//  - [data-select-all]: tick every row checkbox of its table
//  - form[data-bulk-form]: "this page", "select all N matching", and the
//    question before a bulk reject or cancel
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

  // The bulk form: "this page" ticks the rows shown; "select all N matching"
  // sends scope=matching (the server reads the filters again, every page).
  // Reject and cancel e-mail people at once: js/confirm.js asks the question
  // set here (this listener runs first, on the form itself), and
  // confirmed=1 tells the server it was asked.
  document.querySelectorAll("[data-bulk-form]").forEach(function (form) {
    var rows = form.querySelectorAll('tbody input[name="registrations"]');
    var page = form.querySelector("[data-select-page]");
    var matching = form.querySelector("[data-select-matching]");
    var header = form.querySelector("[data-select-all]");
    var confirmed = form.querySelector("[data-bulk-confirmed]");
    var tickAll = function (checked) {
      rows.forEach(function (row) {
        row.checked = checked;
      });
      if (header) header.checked = checked;
      if (page) page.checked = checked;
    };
    if (page) {
      page.addEventListener("change", function () {
        tickAll(page.checked);
        if (!page.checked && matching) matching.checked = false;
      });
    }
    if (matching) {
      matching.addEventListener("change", function () {
        tickAll(matching.checked);
      });
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === "registrations" && !event.target.checked) {
        if (matching) matching.checked = false;
        if (page) page.checked = false;
      }
    });
    form.addEventListener("submit", function () {
      var action = form.elements.action.value;
      var question = form.dataset["confirm" + action.charAt(0).toUpperCase() + action.slice(1)];
      var count = matching && matching.checked
        ? Number(matching.dataset.count)
        : form.querySelectorAll('tbody input[name="registrations"]:checked').length;
      if (question && count > 0) {
        form.dataset.confirm = question.replace("{count}", String(count));
        confirmed.value = "1";
      } else {
        delete form.dataset.confirm;
        confirmed.value = "";
      }
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
