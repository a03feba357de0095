// Messages to registrants: the progress bar (polled until every delivery is
// handled) and the copy buttons of the wa.me list. No inline scripts (CSP).
(function () {
  "use strict";

  var progress = document.querySelector("[data-progress-url]");
  function update(data) {
    progress.querySelectorAll("[data-count]").forEach(function (element) {
      var value = data[element.getAttribute("data-count")];
      if (value !== undefined) element.textContent = String(value);
    });
    var bar = progress.querySelector("progress");
    if (bar) {
      bar.max = data.total;
      bar.value = data.done;
      bar.textContent = String(data.done);
    }
  }
  function poll() {
    fetch(progress.getAttribute("data-progress-url"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        update(data);
        if (data.done < data.total) window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  if (progress) poll();

  var script = document.currentScript;
  var copied = (script && script.getAttribute("data-copied")) || "OK";
  document.querySelectorAll("[data-copy-text]").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = button.getAttribute("data-copy-text");
      var label = button.querySelector("[data-copy-label]");
      var done = function () { if (label) label.textContent = copied; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () {});
      } else {
        var area = document.createElement("textarea");
        area.value = text;
        document.body.appendChild(area);
        area.select();
        document.execCommand("copy");
        area.remove();
        done();
      }
    });
  });
})();
