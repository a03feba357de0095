// The self-service kiosk (docs/selfcheckin.md): participants show their own
// ticket to the camera (or a scanner typing into the field) or type the
// e-mail address of their registration, and see the door's full-screen
// answer. It reuses the door scanner's camera, answer and locked kiosk mode;
// it works online only (no participant list is kept on a kiosk).
import { createCamera } from "../scanner/camera.js";
import { createFeedback } from "../scanner/feedback.js";
import { deviceName } from "../scanner/ids.js";
import { createKiosk } from "../scanner/kiosk.js";

const root = document.getElementById("scanner");
const config = JSON.parse(document.getElementById("kiosk-config").textContent);
const strings = config.strings;
const assets = document.querySelector("[data-kiosk-assets]");
const feedback = createFeedback(root);
const entry = root.querySelector("[data-kiosk-entry]");
const input = entry.querySelector("input");
const problem = entry.querySelector("[data-entry-problem]");
const TIMEOUT_MS = 8000;

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : assets.dataset.csrf;
}

let busy = false;

async function send(body) {
  if (busy) {
    return;
  }
  busy = true;
  problem.hidden = true;
  feedback.checking(strings.checking);
  try {
    const response = await fetch(config.checkin, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ ...body, device: deviceName(strings.devicePrefix) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const data = await response.json().catch(() => null);
    if (response.status === 400 && data?.detail) {
      feedback.hide();
      problem.textContent = data.detail;
      problem.hidden = false;
      return;
    }
    if (!response.ok || !data) {
      throw new Error(`HTTP ${response.status}`);
    }
    // Names are shown as text (feedback.js): markup characters stay literal.
    feedback.show({
      result: data.result,
      message: data.headline,
      display_name: data.name,
      institution: data.institution,
      detail: data.detail,
    });
  } catch {
    feedback.show({ result: "network_error", message: strings.network, detail: strings.networkDetail });
  } finally {
    busy = false;
    input.value = "";
    input.focus();
  }
}

entry.addEventListener("submit", (event) => {
  event.preventDefault();
  const value = input.value.trim();
  if (!value) {
    return;
  }
  send(value.includes("@") ? { email: value } : { token: value });
});

const message = root.querySelector("[data-camera-message]");
const video = root.querySelector("[data-camera-video]");
const frame = root.querySelector("[data-camera-frame]");
const off = root.querySelector("[data-camera-off]");
const camera = createCamera({
  video,
  assets: { polyfillUrl: assets.dataset.vendorPolyfill, wasmUrl: assets.dataset.vendorWasm },
  onCode: (raw) => send({ token: raw }),
  onState: (state) => {
    const running = state === "running";
    video.hidden = frame.hidden = !running;
    off.hidden = running;
    message.textContent =
      {
        starting: strings.cameraStarting,
        running: strings.cameraReady,
        denied: strings.cameraDenied,
        unavailable: strings.cameraUnavailable,
        "decoder-failed": strings.decoderFailed,
      }[state] || "";
  },
});
root.querySelector("[data-camera-start]").addEventListener("click", () => camera.start());

const kiosk = createKiosk({ root });
const kioskForm = root.querySelector("[data-kiosk-form]");
kioskForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const started = await kiosk.start(kioskForm.elements.namedItem("pin").value.trim());
  const kioskProblem = root.querySelector("[data-kiosk-problem]");
  kioskProblem.textContent = started ? "" : strings.kioskPinInvalid;
  kioskProblem.hidden = started;
  if (started) {
    kioskForm.reset();
    input.focus();
  }
});
