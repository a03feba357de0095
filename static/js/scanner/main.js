// The door scanner page: wires the camera and the keyboard-wedge field to the
// check-in API and shows each answer full screen; without a network it keeps
// going on the participant list kept on the device. Modules: config (page
// data), ids (client ids, device name), api (fetch), store (IndexedDB),
// roster (the list), judge (offline answers), door (online/offline, the
// queue), status (the state line), feedback (colour, sound), wedge, camera,
// history, search, stats; reader (per-device scanner settings), settings
// (their panel), kiosk (the locked scan mode), undo. See docs/checkin.md and
// docs/offline.md.
import { ApiError, createApi } from "./api.js";
import { createCamera } from "./camera.js";
import { loadConfig } from "./config.js";
import { createDoor } from "./door.js";
import { createFeedback } from "./feedback.js";
import { createHistory, KEEP } from "./history.js";
import { deviceId, deviceName, saveDeviceName, uuid } from "./ids.js";
import { clock } from "./judge.js";
import { createKiosk } from "./kiosk.js";
import { extractToken, loadReaderSettings, saveReaderSettings } from "./reader.js";
import { createRoster } from "./roster.js";
import { attachSearch } from "./search.js";
import { attachSettings } from "./settings.js";
import { createStats } from "./stats.js";
import { createStatus } from "./status.js";
import { createQueue, createRecent, openStore } from "./store.js";
import { attachWedge } from "./wedge.js";

const root = document.getElementById("scanner");
const config = loadConfig();
const strings = config.strings;
const api = createApi(config);
const feedback = createFeedback(root, { offlineText: strings.offlineSaved });
let device = deviceName(strings.devicePrefix);
let reader = loadReaderSettings(deviceId());
const time = { timezone: config.offline.timezone, zone: config.offline.zone, separator: strings.timeSeparator };

// Scanner input is caught from the first moment, before anything is loaded:
// a code read while the page starts waits for the door (below).
let door = null;
const early = [];
attachWedge({
  form: root.querySelector("[data-wedge-form]"),
  input: root.querySelector("[data-wedge-input]"),
  toggle: root.querySelector("[data-keyboard-toggle]"),
  settings: () => reader,
  onCode: (raw) => (door ? scan(raw) : early.push(raw)),
});

const stats = createStats({ root, api, strings, time });

// What the device keeps for working offline.
const db = await openStore();
const history = createHistory({
  list: root.querySelector("[data-recent]"),
  empty: root.querySelector("[data-recent-empty]"),
  canUndo: config.supervisor,
  strings,
  session: config.session,
  sessionTitles: config.sessionTitles || {},
  timeOf: (ms) => clock(new Date(ms).toISOString(), { ...time, zone: "", seconds: true }),
  store: db ? createRecent(db, config.event, KEEP) : null,
  onUndo: undo,
});
const historyLoaded = history.load();
const queue = db ? createQueue(db) : null;
const roster = createRoster({
  db,
  event: config.event,
  api,
  device: { id: deviceId(), name: () => device },
});
await roster.load().catch(() => {});
const status = createStatus({
  root,
  strings,
  time,
  loginUrl: config.offline.login,
  onSync: () => door.sync({ forced: true }),
});
door = createDoor({
  config,
  api,
  roster,
  queue,
  words: strings,
  onState: (state) => {
    status.update(state);
    if (state.mode !== "online" && state.rosterReady) {
      stats.showLocal(door.localFigures(config.session));
    }
  },
  onSettled: (item, outcome) => history.settle(item.client_id, outcome),
});

function newAttempt() {
  return {
    session: config.session,
    device,
    client_id: uuid(),
    scanned_at: new Date(door.now()).toISOString(),
  };
}

function failure(error) {
  if (error instanceof ApiError) {
    return { result: "invalid", message: error.message, detail: "" };
  }
  return { result: "network_error", message: strings.network, detail: strings.networkDetail };
}

function show(answer) {
  feedback.show(answer);
  history.add(answer);
  if (answer.result === "ok") {
    stats.admitted();
  }
}

const noList = { result: "network_error", message: strings.noRosterOffline, detail: strings.noRosterOfflineDetail };

// Send one attempt (a scan, a check-in by hand), show its answer. Returns the
// answer, or null when there was none to give.
async function answerOf(send) {
  let answer;
  try {
    answer = await send();
  } catch (error) {
    show(failure(error));
    return null;
  }
  show(answer ?? noList);
  return answer;
}

// Codes being answered: the same one read again meanwhile is answered once.
const pending = new Map();

// Camera and wedge: one path. "Checking…" from the moment the code is read
// until its answer (online, offline after a timeout, or queued).
function scan(raw) {
  const token = extractToken(raw, reader);
  const key = token.toUpperCase();
  if (pending.has(key)) {
    return;
  }
  feedback.checking(strings.checking);
  // Never awaited by the caller: the scanner is ready for the next code at once.
  const answered = answerOf(() => door.scan({ ...newAttempt(), token }));
  pending.set(key, answered);
  answered.finally(() => pending.delete(key));
}

function answerWithChecking(send) {
  feedback.checking(strings.checking);
  return answerOf(send);
}

async function undo(answer, reason) {
  try {
    await api.undo(answer.checkin_id, { device, reason });
  } catch (error) {
    feedback.show({ ...failure(error), message: strings.undoFailed, detail: error.message });
    return false;
  }
  feedback.show({ result: "undone", message: strings.undone, display_name: answer.display_name });
  stats.refresh();
  return true;
}


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
  .then((permission) => {
    if (permission.state === "granted") camera.start();
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
  attachSearch({
    root: searchRoot,
    strings,
    find: (query) => door.find(query, config.session),
    checkIn: (body) => door.manual({ ...newAttempt(), ...body }),
    onAnswer: answerWithChecking,
    onUndo: undo,
  });
}

// Kiosk mode and the scanner settings (door supervisors).
const kiosk = createKiosk({
  root,
  onChange: (on) => {
    if (on) feedback.hide();
  },
});
attachSettings({
  root,
  strings,
  kiosk,
  current: () => reader,
  save(values) {
    reader = saveReaderSettings(deviceId(), values);
    return reader;
  },
});

// Offline: the service worker keeps this page and its files; the pages of
// the event's other sessions are kept too, for a switch without a network.
function keepPages(worker) {
  return new Promise((resolve) => {
    const timeout = setTimeout(() => resolve(false), 60 * 1000);
    function listener(event) {
      if (event.data?.type === "pages-kept") {
        clearTimeout(timeout);
        navigator.serviceWorker.removeEventListener("message", listener);
        resolve(event.data.kept === event.data.total);
      }
    }
    navigator.serviceWorker.addEventListener("message", listener);
    navigator.serviceWorker.startMessages();
    worker.postMessage({ type: "keep-pages", urls: config.offline.pages });
  });
}

async function prepareOffline() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext) {
    return;
  }
  try {
    await navigator.serviceWorker.register(config.offline.serviceWorker, { scope: config.offline.scope });
    const registration = await navigator.serviceWorker.ready;
    if (navigator.onLine === false) {
      status.setOfflineReady(Boolean(navigator.serviceWorker.controller));
      return;
    }
    status.setOfflineReady(await keepPages(registration.active));
  } catch {
    status.setOfflineReady(false);
  }
}

if ("serviceWorker" in navigator && navigator.serviceWorker.controller) {
  // A new version of the worker took over: keep the pages again with its files.
  navigator.serviceWorker.addEventListener("controllerchange", () => prepareOffline());
}
// Ask the browser not to clear the queue and the list under storage pressure.
navigator.storage?.persist?.().catch(() => {});

await historyLoaded;
root.dataset.ready = "true";
early.splice(0).forEach(scan);
door.start();
prepareOffline();
