// The projector's rotating self check-in code (docs/selfcheckin.md): asks
// the server for the code of the current time step just after each change,
// and refreshes the counter of people checked in. The server stores nothing
// per rotation; it only computes the code.

const body = document.querySelector("[data-projector]");
const qr = body.querySelector("[data-projector-qr]");
const present = body.querySelector("[data-present]");
const expected = body.querySelector("[data-expected]");
const windowLine = body.querySelector("[data-window]");
const progress = body.querySelector("[data-progress]");
const offline = body.querySelector("[data-offline]");

const RETRY_MS = 2000;
let step = Number(body.dataset.step);
let rotation = Number(body.dataset.rotation) * 1000;
let changeAt = Date.now() + Number(body.dataset.secondsLeft) * 1000;

function showProgress() {
  const left = Math.max(changeAt - Date.now(), 0);
  progress.style.width = `${Math.round((100 * left) / rotation)}%`;
  window.requestAnimationFrame(showProgress);
}

function apply(state) {
  if (!state.enabled) {
    window.location.reload();
    return;
  }
  if (state.step !== step) {
    // The SVG is the server's own rendering of a QR code (qrcode), not user text.
    qr.innerHTML = state.svg;
    qr.dataset.codeUrl = state.url;
    qr.dataset.step = String(state.step);
    step = state.step;
  }
  rotation = state.rotation_seconds * 1000;
  changeAt = Date.now() + state.seconds_left * 1000;
  present.textContent = String(state.present);
  expected.textContent = String(state.expected);
  windowLine.dataset.state = state.window;
  windowLine.textContent = windowLine.dataset[`${state.window}Text`] || "";
}

async function refresh() {
  let wait = RETRY_MS;
  try {
    const response = await fetch(body.dataset.url, { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    apply(await response.json());
    offline.hidden = true;
    // Just after the next change (a little late rather than early).
    wait = Math.max(changeAt - Date.now(), 0) + 150;
  } catch {
    offline.hidden = false;
  }
  window.setTimeout(refresh, wait);
}

window.setTimeout(refresh, Math.max(changeAt - Date.now(), 0) + 150);
window.requestAnimationFrame(showProgress);
