// Certificates pages: bulk-run progress (polled) and the live preview of the
// settings form. No inline scripts (CSP): everything comes from data-* attributes.
(function () {
  "use strict";

  // --- Bulk runs: poll each running job until it finishes -------------------
  function updateJob(item, data) {
    item.querySelectorAll("[data-job-field]").forEach(function (element) {
      var field = element.getAttribute("data-job-field");
      var value = data[field];
      if (field === "percent") {
        element.value = value;
        element.textContent = value + "%";
      } else if (field === "download_url") {
        if (value) {
          element.href = value;
          element.classList.remove("d-none");
        }
      } else {
        element.textContent = value === null || value === undefined ? "" : String(value);
      }
    });
  }

  function poll(item) {
    var url = item.getAttribute("data-job-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        updateJob(item, data);
        if (!data.finished) window.setTimeout(function () { poll(item); }, 1500);
      })
      .catch(function () {
        window.setTimeout(function () { poll(item); }, 5000);
      });
  }

  document.querySelectorAll("[data-job-active='1']").forEach(poll);

  // --- Settings: redraw the preview a moment after each edit --------------
  var form = document.querySelector("[data-preview-form]");
  var button = document.querySelector("[data-preview-button]");
  var frame = document.querySelector("[data-preview-frame]");
  var frameShown = frame && frame.offsetParent !== null;
  if (button && !frameShown) {
    // Phones show PDFs in their own viewer, not in a frame: open a tab instead.
    button.setAttribute("formtarget", "_blank");
  }
  if (form && button && frameShown && typeof form.requestSubmit === "function") {
    var timer = null;
    var refresh = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { form.requestSubmit(button); }, 900);
    };
    form.addEventListener("change", refresh);
    form.addEventListener("input", refresh);
    var role = document.querySelector("[data-preview-role]");
    if (role) role.addEventListener("change", refresh);
  }
})();
