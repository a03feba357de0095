/* The new-event form proposes a short code from the title until the organiser
   types one ("Bimtek Tahap I Smart City 2026" -> "bimtek-tahap-i-smart-city-2026"). */
(function () {
  "use strict";
  var title = document.querySelector("[data-slug-source]");
  var code = document.querySelector("[data-slug-target]");
  if (!title || !code || code.value) return;
  var touched = false;
  code.addEventListener("input", function () {
    touched = true;
  });
  function propose() {
    if (touched) return;
    code.value = title.value
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40)
      .replace(/-+$/, "");
  }
  title.addEventListener("input", propose);
  if (title.value) propose(); // typed before this script arrived (slow network)
})();
