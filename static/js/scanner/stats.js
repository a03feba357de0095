// Present / expected in the scanner's header, and the check-in window's
// badge and times (an organiser's override shows without a reload),
// refreshed by itself.
import { clock } from "./judge.js";

const REFRESH_MS = 15000;

export function createStats({ root, api, time }) {
  const present = root.querySelector('[data-count="present"]');
  const expected = root.querySelector('[data-count="expected"]');
  const badge = root.querySelector("[data-window-badge]");
  const times = root.querySelector("[data-window-times]");

  function showWindow(window) {
    const open = window.open_now;
    const later = !open && window.opens_at && Date.parse(window.opens_at) > Date.now();
    const state = open ? "open" : later ? "later" : "closed";
    badge.classList.toggle("text-bg-success", open);
    badge.classList.toggle("text-bg-warning", !open);
    badge.textContent = badge.dataset[`${state}Text`];
    badge.dataset.open = String(open);
    badge.dataset.state = state;
    if (times && window.opens_at && window.closes_at) {
      const span = `${clock(window.opens_at, { ...time, zone: "" })}–${clock(window.closes_at, time)}`;
      times.textContent = window.overridden ? `${span} · ${times.dataset.overriddenText}` : span;
      times.dataset.overridden = String(Boolean(window.overridden));
    }
  }
  let timer = null;
  let fromServer = false;

  async function refresh() {
    clearTimeout(timer);
    try {
      const data = await api.attendance();
      fromServer = true;
      present.textContent = data.present;
      expected.textContent = data.expected;
      showWindow(data.window);
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
