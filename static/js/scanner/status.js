// The door's state, always in view: online or offline, how old the
// participant list is, scans waiting to be sent, the last send; and a button
// to sync now.
import { format } from "./config.js";
import { clock } from "./judge.js";

const ICONS = {
  starting: "bi-hourglass",
  online: "bi-wifi",
  offline: "bi-wifi-off",
  "signed-out": "bi-person-lock",
};

export function ageText(ms, strings) {
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) return strings.justNow;
  if (minutes < 60) return format(strings.minutesAgo, { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return format(strings.hoursAgo, { count: hours });
  return format(strings.daysAgo, { count: Math.floor(hours / 24) });
}

export function createStatus({ root, strings, time, loginUrl, onSync }) {
  const box = root.querySelector("[data-door-status]");
  const parts = {
    icon: box.querySelector("[data-status-icon]"),
    text: box.querySelector("[data-status-text]"),
    roster: box.querySelector("[data-status-roster]"),
    queue: box.querySelector("[data-status-queue]"),
    sync: box.querySelector("[data-status-sync]"),
    ready: box.querySelector("[data-status-ready]"),
    readyText: box.querySelector("[data-status-ready-text]"),
    login: box.querySelector("[data-status-login]"),
    button: box.querySelector("[data-sync-now]"),
    buttonText: box.querySelector("[data-sync-now-text]"),
    problem: root.querySelector("[data-status-problem]"),
  };
  parts.buttonText.textContent = strings.syncNow;
  parts.readyText.textContent = strings.readyOffline;
  parts.login.textContent = strings.signInAgain;
  parts.login.href = loginUrl;
  parts.button.addEventListener("click", () => onSync());
  let last = null;
  let offlineReady = false;

  function render() {
    if (!last) return;
    const state = last;
    const mode = state.syncing ? "syncing" : state.mode;
    box.dataset.state = state.mode;
    box.dataset.queued = String(state.queued);
    box.dataset.syncing = String(state.syncing);
    parts.icon.className = `bi ${state.syncing ? "bi-arrow-repeat" : ICONS[state.mode] || ICONS.starting}`;
    const names = { online: strings.online, offline: strings.offline, "signed-out": strings.signedOut, syncing: strings.syncing };
    parts.text.textContent = names[mode] || "…";
    parts.roster.textContent = state.rosterAt
      ? format(strings.rosterAge, { age: ageText(Date.now() - state.rosterAt, strings) })
      : strings.rosterNone;
    parts.queue.textContent = format(strings.queued, { count: state.queued });
    if (state.refused) {
      parts.queue.textContent += ` · ${format(strings.refusedCount, { count: state.refused })}`;
    }
    parts.queue.classList.toggle("fw-bold", state.queued > 0);
    parts.sync.textContent = format(strings.lastSync, {
      time: state.lastSync ? clock(new Date(state.lastSync).toISOString(), time) : strings.never,
    });
    parts.ready.hidden = !(offlineReady && state.rosterReady);
    parts.login.hidden = state.mode !== "signed-out";
    parts.button.disabled = state.syncing;
    const minutes = Math.round(Math.abs(state.clockOffset || 0) / 60000);
    if (!state.available) {
      parts.problem.textContent = strings.offlineUnavailable;
    } else if (minutes >= 1) {
      // The device's clock is wrong: times are taken from the server's.
      parts.problem.textContent = format(strings.clockCorrected, { minutes });
    }
    parts.problem.hidden = state.available && minutes < 1;
    root.dataset.offlineReady = String(Boolean(offlineReady && state.rosterReady));
  }

  // The age of the list moves on by itself.
  setInterval(render, 30 * 1000);

  return {
    update(state) {
      last = state;
      render();
    },
    // The page and its files are kept for use without a network.
    setOfflineReady(value) {
      offlineReady = value;
      render();
    },
  };
}
