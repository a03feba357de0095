// Present / expected in the scanner's header, refreshed by itself.
const REFRESH_MS = 15000;

export function createStats({ root, api }) {
  const present = root.querySelector('[data-count="present"]');
  const expected = root.querySelector('[data-count="expected"]');
  const badge = root.querySelector("[data-window-badge]");
  let timer = null;
  let fromServer = false;

  async function refresh() {
    clearTimeout(timer);
    try {
      const data = await api.attendance();
      fromServer = true;
      present.textContent = data.present;
      expected.textContent = data.expected;
      const open = data.window.open_now;
      badge.classList.toggle("text-bg-success", open);
      badge.classList.toggle("text-bg-warning", !open);
      badge.textContent = open ? badge.dataset.openText : badge.dataset.closedText;
    } catch {
      // Figures are a nicety: keep the last ones while the network is away.
      fromServer = false;
    }
    timer = setTimeout(refresh, document.hidden ? REFRESH_MS * 4 : REFRESH_MS);
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) refresh();
  });
  refresh();

  return {
    refresh,
    admitted() {
      const value = Number.parseInt(present.textContent, 10);
      if (!Number.isNaN(value)) present.textContent = value + 1;
    },
    // Without the server, the figures of the list on the device.
    showLocal({ present: here, expected: all }) {
      if (!fromServer) {
        present.textContent = here;
        expected.textContent = all;
      }
    },
  };
}
