// The ticket at the door: keep the screen on while the QR code is shown
// (Screen Wake Lock API, where the browser has it) and offer a full-screen,
// high-contrast view of the code. Failures are silent: the page still works.
(function () {
  "use strict";

  var door = document.querySelector("[data-ticket-door]");
  if (!door) {
    return;
  }

  var lock = null;
  function keepAwake() {
    if (!("wakeLock" in navigator) || document.visibilityState !== "visible") {
      return;
    }
    navigator.wakeLock.request("screen").then(
      function (sentinel) {
        lock = sentinel;
      },
      function () {}
    );
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && (lock === null || lock.released)) {
      keepAwake();
    }
  });
  keepAwake();

  var button = door.querySelector("[data-fullscreen]");
  if (button && document.fullscreenEnabled) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (document.fullscreenElement) {
        document.exitFullscreen().catch(function () {});
      } else {
        door.requestFullscreen().catch(function () {});
      }
    });
  }
})();
