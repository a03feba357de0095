// The door scanner page: wires the camera and the keyboard-wedge field to the
// check-in API and shows each answer full screen. Modules: config (page
// data), ids (client ids, device name), api (fetch + retries), feedback
// (colour, sound), wedge, camera, history, search, stats.
import { ApiError, createApi } from "./api.js";
import { createCamera } from "./camera.js";
import { loadConfig } from "./config.js";
import { createFeedback } from "./feedback.js";
import { createHistory } from "./history.js";
import { deviceName, saveDeviceName, uuid } from "./ids.js";
import { attachSearch } from "./search.js";
import { createStats } from "./stats.js";
import { attachWedge } from "./wedge.js";

const root = document.getElementById("scanner");
const config = loadConfig();
const strings = config.strings;
const api = createApi(config);
const feedback = createFeedback(root);
let device = deviceName(strings.devicePrefix);

const stats = createStats({ root, api, strings });

function newAttempt() {
  return {
    session: config.session,
    device,
    client_id: uuid(),
    scanned_at: new Date().toISOString(),
  };
}

function failure(error) {
  if (error instanceof ApiError) {
    return { result: "invalid", message: error.message, detail: "" };
  }
  return { result: "network_error", message: strings.network, detail: strings.networkDetail };
}

const history = createHistory({
  list: root.querySelector("[data-recent]"),
  empty: root.querySelector("[data-recent-empty]"),
  canUndo: config.supervisor,
  strings,
  onUndo: undo,
});

// Send one attempt, show its answer, remember it. Returns the answer, or null.
async function answerOf(send) {
  let answer;
  try {
    answer = await send();
  } catch (error) {
    answer = failure(error);
    feedback.show(answer);
    history.add(answer);
    return null;
  }
  feedback.show(answer);
  history.add(answer);
  if (answer.result === "ok") {
    stats.admitted();
  }
  return answer;
}

function scan(raw) {
  // Never awaited by the caller: the scanner is ready for the next code at once.
  answerOf(() => api.checkin({ ...newAttempt(), token: raw }));
}

async function undo(answer) {
  try {
    await api.undo(answer.checkin_id, { device, reason: "" });
  } catch (error) {
    feedback.show({ ...failure(error), message: strings.undoFailed, detail: error.message });
    return false;
  }
  feedback.show({ result: "undone", message: strings.undone, display_name: answer.display_name });
  stats.refresh();
  return true;
}

attachWedge({
  form: root.querySelector("[data-wedge-form]"),
  input: root.querySelector("[data-wedge-input]"),
  toggle: root.querySelector("[data-keyboard-toggle]"),
  onCode: scan,
});

// Camera.
const cameraButton = root.querySelector("[data-camera-toggle]");
const cameraLabel = cameraButton.querySelector("span");
const video = root.querySelector("[data-camera-video]");
const frame = root.querySelector("[data-camera-frame]");
const cameraOff = root.querySelector("[data-camera-off]");
const cameraMessage = root.querySelector("[data-camera-message]");
const cameraTexts = {
  starting: strings.cameraStarting,
  running: strings.cameraReady,
  unavailable: strings.cameraUnavailable,
  denied: strings.cameraDenied,
  "decoder-failed": strings.decoderFailed,
};
const camera = createCamera({
  video,
  assets: { polyfillUrl: config.polyfillUrl, wasmUrl: config.wasmUrl },
  onCode: scan,
  onState(state) {
    const running = state === "running";
    video.hidden = !running;
    frame.hidden = !running;
    cameraOff.hidden = running;
    root.dataset.camera = state;
    if (cameraTexts[state]) {
      cameraMessage.textContent = cameraTexts[state];
    }
    cameraLabel.textContent = running ? cameraButton.dataset.stopText : cameraButton.dataset.startText;
  },
});
cameraButton.addEventListener("click", () => (camera.running ? camera.stop() : camera.start()));
// Start by itself when the camera was allowed before (no prompt, no tap needed).
navigator.permissions
  ?.query({ name: "camera" })
  .then((status) => {
    if (status.state === "granted") camera.start();
  })
  .catch(() => {});

// Session picker: another session is another page.
const picker = root.querySelector("[data-session-select]");
picker?.addEventListener("change", () => {
  window.location.assign(picker.value);
});

// Device name.
const deviceForm = root.querySelector("[data-device-form]");
const deviceInput = root.querySelector("[data-device-input]");
deviceInput.value = device;
deviceForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const name = deviceInput.value.trim().slice(0, 60);
  if (name) {
    device = name;
    saveDeviceName(name);
    deviceInput.value = name;
  }
});

// Door supervisors.
const searchRoot = root.querySelector("[data-search]");
if (searchRoot) {
  attachSearch({ root: searchRoot, api, strings, onAnswer: answerOf, onUndo: undo, newAttempt });
}

root.dataset.ready = "true";
