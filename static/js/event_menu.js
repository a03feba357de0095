/* On a phone the event's menu scrolls sideways: bring the current tab into view. */
(function () {
  "use strict";
  var active = document.querySelector(".event-menu .nav-link.active");
  if (active && active.scrollIntoView) {
    active.scrollIntoView({ block: "nearest", inline: "center" });
  }
})();
