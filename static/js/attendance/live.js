// Organisers' live attendance: reload the figures every few seconds while the
// page is visible (the server renders them; this only swaps the HTML).
const REFRESH_MS = 10000;

for (const panel of document.querySelectorAll("[data-live-url]")) {
  let timer = null;

  async function refresh() {
    clearTimeout(timer);
    try {
      const response = await fetch(panel.dataset.liveUrl, {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      });
      if (response.ok) {
        panel.innerHTML = await response.text();
        panel.dataset.refreshed = String(Date.now());
      }
    } catch {
      // Keep the last figures; try again at the next tick.
    }
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    if (!document.hidden) {
      timer = setTimeout(refresh, REFRESH_MS);
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      clearTimeout(timer);
    } else {
      refresh();
    }
  });
  schedule();
}

// Jump to another session of the event.
for (const select of document.querySelectorAll("[data-session-select]")) {
  select.addEventListener("change", () => window.location.assign(select.value));
}
