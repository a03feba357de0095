// The answer to a scan: the whole screen in a colour, a sound and a buzz,
// gone by itself so the next person can scan without anyone tapping.

const LOOK = {
  ok: { tone: "ok", icon: "bi-check-circle-fill", ms: 1600 },
  already_checked_in: { tone: "warn", icon: "bi-exclamation-circle-fill", ms: 2600 },
  invalid: { tone: "error", icon: "bi-x-octagon-fill", ms: 2600 },
  not_approved: { tone: "error", icon: "bi-x-octagon-fill", ms: 2600 },
  wrong_event: { tone: "error", icon: "bi-x-octagon-fill", ms: 2600 },
  outside_window: { tone: "error", icon: "bi-clock-fill", ms: 2600 },
  network_error: { tone: "offline", icon: "bi-wifi-off", ms: 2600 },
  undone: { tone: "warn", icon: "bi-arrow-counterclockwise", ms: 2000 },
  // Read, the answer not there yet: stays until it is (door.js always gives one).
  checking: { tone: "checking", icon: "bi-hourglass-split", ms: 0 },
};

const SOUNDS = {
  ok: [[880, 0.12, "sine"]],
  warn: [[660, 0.1, "sine"], [0, 0.07], [660, 0.1, "sine"]],
  error: [[220, 0.4, "square"]],
  offline: [[330, 0.15, "triangle"], [0, 0.05], [247, 0.25, "triangle"]],
};

const VIBRATION = { ok: [60], warn: [60, 60, 60], error: [300], offline: [120, 60, 120] };

export function lookOf(result) {
  return LOOK[result] || LOOK.invalid;
}

export function createFeedback(root, { offlineText = "" } = {}) {
  const panel = root.querySelector("[data-answer]");
  const parts = {
    icon: panel.querySelector("[data-answer-icon]"),
    headline: panel.querySelector("[data-answer-headline]"),
    name: panel.querySelector("[data-answer-name]"),
    institution: panel.querySelector("[data-answer-institution]"),
    detail: panel.querySelector("[data-answer-detail]"),
    offline: panel.querySelector("[data-answer-offline]"),
  };
  parts.offline.querySelector("[data-answer-offline-text]").textContent = offlineText;
  let audio = null;
  let timer = null;

  // Browsers allow sound only after a gesture; a key from a wedge scanner counts.
  function unlockAudio() {
    if (audio || !(window.AudioContext || window.webkitAudioContext)) {
      return;
    }
    const Context = window.AudioContext || window.webkitAudioContext;
    audio = new Context();
  }
  window.addEventListener("pointerdown", unlockAudio, { capture: true });
  window.addEventListener("keydown", unlockAudio, { capture: true });

  function play(tone) {
    if (!audio) {
      return;
    }
    if (audio.state === "suspended") {
      audio.resume();
    }
    let at = audio.currentTime + 0.01;
    for (const [frequency, seconds, type] of SOUNDS[tone]) {
      if (frequency) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = type;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.25, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + seconds);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(at);
        oscillator.stop(at + seconds);
      }
      at += seconds;
    }
  }

  function hide() {
    clearTimeout(timer);
    panel.hidden = true;
  }
  panel.addEventListener("click", hide);

  function show(answer) {
    const look = lookOf(answer.result);
    const checking = answer.result === "checking";
    clearTimeout(timer);
    panel.className = `scan-answer scan-answer--${look.tone}`;
    panel.dataset.result = answer.result;
    parts.icon.className = `bi scan-answer-icon ${look.icon}`;
    // textContent only: names are shown literally, markup characters included.
    parts.headline.textContent = answer.message || "";
    parts.name.textContent = answer.display_name || "";
    parts.institution.textContent = [answer.institution, answer.jabatan].filter(Boolean).join(" · ");
    parts.detail.textContent = answer.detail || "";
    // Answered by the device itself: the same answer, and a line saying so.
    parts.offline.hidden = !answer.offline;
    panel.dataset.offline = answer.offline ? "true" : "false";
    panel.hidden = false;
    if (checking) {
      return; // no sound, no buzz, and no timer: the answer replaces it
    }
    play(look.tone);
    // Chrome refuses (and complains about) vibration before any tap or key.
    if (navigator.vibrate && navigator.userActivation?.hasBeenActive) {
      navigator.vibrate(VIBRATION[look.tone]);
    }
    timer = setTimeout(hide, look.ms);
  }

  // "Checking…": from the moment a code is read until its answer.
  function checking(text) {
    show({ result: "checking", message: text });
  }

  return { show, hide, checking };
}
