// Kiosk (scan) mode for a door device: a locked full-screen view with only
// the session and the scan answers — no search, no settings, no links, no
// recent list (the names of the people before). A supervisor starts it and
// sets an exit PIN; leaving it asks for that PIN. The lock is kept on the
// device (localStorage), so a reload or a closed tab does not leave it. The
// PIN is kept as a salted SHA-256 (a plain hash where WebCrypto is missing):
// it stops a passer-by, not someone with the browser's developer tools.

const KEY = "bimtek.door.kiosk";
export const PIN_RE = /^[0-9]{4,8}$/;

async function digest(salt, pin) {
  const text = `${salt}:${pin}`;
  if (window.crypto?.subtle) {
    const bytes = new Uint8Array(await window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }
  let hash = 2166136261;
  for (const char of text) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  }
  return `fnv-${hash.toString(16)}`;
}

function readLock() {
  try {
    const lock = JSON.parse(window.localStorage.getItem(KEY) || "null");
    return lock?.salt && lock?.hash ? lock : null;
  } catch {
    return null;
  }
}

export function createKiosk({ root, onChange }) {
  const exitButton = root.querySelector("[data-kiosk-exit]");
  const exitForm = root.querySelector("[data-kiosk-exit-form]");
  const exitPin = root.querySelector("[data-kiosk-exit-pin]");
  const exitProblem = root.querySelector("[data-kiosk-exit-problem]");
  let lock = readLock();

  function fullScreen() {
    if (lock && !document.fullscreenElement && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen({ navigationUI: "hide" }).catch(() => {});
    }
  }

  function apply() {
    const on = Boolean(lock);
    root.dataset.kiosk = String(on);
    document.body.classList.toggle("door-kiosk", on);
    exitForm.hidden = true;
    exitButton.hidden = !on;
    onChange?.(on);
  }

  async function start(pin) {
    if (!PIN_RE.test(pin)) {
      return false;
    }
    const salt = window.crypto.getRandomValues(new Uint32Array(2)).join("-");
    lock = { salt, hash: await digest(salt, pin) };
    try {
      window.localStorage.setItem(KEY, JSON.stringify(lock));
    } catch {
      // Without storage the lock lasts for this page only.
    }
    apply();
    fullScreen();
    return true;
  }

  async function leave(pin) {
    if (!lock || (await digest(lock.salt, pin)) !== lock.hash) {
      return false;
    }
    lock = null;
    try {
      window.localStorage.removeItem(KEY);
    } catch {
      // nothing kept
    }
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    }
    apply();
    return true;
  }

  exitButton.addEventListener("click", () => {
    exitForm.hidden = false;
    exitProblem.hidden = true;
    exitPin.value = "";
    exitPin.focus();
  });
  exitForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!(await leave(exitPin.value.trim()))) {
      exitProblem.hidden = false;
      exitPin.value = "";
      exitPin.focus();
    }
  });
  exitForm.querySelector("[data-kiosk-exit-cancel]").addEventListener("click", () => {
    exitForm.hidden = true;
    exitPin.value = "";
  });

  // Full screen needs a gesture: after a reload, the first tap asks again.
  window.addEventListener("pointerdown", fullScreen, { capture: true });
  // The browser's Back button stays on the page while locked.
  window.addEventListener("popstate", () => {
    if (lock) window.history.pushState({ kiosk: true }, "", window.location.href);
  });
  if (lock) window.history.pushState({ kiosk: true }, "", window.location.href);

  apply();
  return {
    get on() {
      return Boolean(lock);
    },
    start,
    leave,
  };
}
