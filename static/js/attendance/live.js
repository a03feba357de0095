// Organisers' live attendance: reload the figures every few seconds while the
// page is visible (the server renders them, charts included; this only swaps
// the HTML). An answer made of parts ([data-live-part], a session's figures
// and its missing list) replaces each part of the page with the same name, so
// what lies between them (the missing list's search field) is left alone;
// any other answer replaces the panel's content.
const REFRESH_MS = 10000;

function swap(panel, html) {
  const fresh = new DOMParser().parseFromString(html, "text/html");
  const parts = fresh.querySelectorAll("[data-live-part]");
  if (!parts.length) {
    panel.innerHTML = html;
    return;
  }
  for (const part of parts) {
    const target = document.querySelector(`[data-live-part="${part.dataset.livePart}"]`);
    if (target) {
      target.replaceChildren(...part.childNodes);
    }
  }
}

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
        swap(panel, await response.text());
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
