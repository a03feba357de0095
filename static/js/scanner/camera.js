// The phone's camera as a QR scanner: the browser's BarcodeDetector where it
// exists, else the barcode-detector polyfill (zxing-wasm), whose .wasm comes
// from our own static files — never a CDN (venues have poor internet).

const SCAN_INTERVAL_MS = 120;
const SAME_CODE_PAUSE_MS = 2500;

let detectorPromise = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

export function createDetector({ polyfillUrl, wasmUrl }) {
  if (!detectorPromise) {
    detectorPromise = (async () => {
      if (!("BarcodeDetector" in window)) {
        await loadScript(polyfillUrl);
        // The polyfill's IIFE exposes prepareZXingModule on BarcodeDetectionAPI.
        await window.BarcodeDetectionAPI.prepareZXingModule({
          overrides: {
            locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
          },
          fireImmediately: true,
        });
      }
      return new window.BarcodeDetector({ formats: ["qr_code"] });
    })();
    detectorPromise.catch(() => {
      detectorPromise = null;
    });
  }
  return detectorPromise;
}

export function createCamera({ video, assets, onCode, onState }) {
  let stream = null;
  let starting = false;
  let timer = null;
  let lastCode = "";
  let lastAt = 0;

  async function tick(detector) {
    if (!stream) {
      return;
    }
    try {
      if (video.readyState >= 2) {
        const codes = await detector.detect(video);
        for (const code of codes) {
          const now = Date.now();
          // The same code stays in view for a while: answer it once.
          if (code.rawValue && (code.rawValue !== lastCode || now - lastAt > SAME_CODE_PAUSE_MS)) {
            lastCode = code.rawValue;
            lastAt = now;
            onCode(code.rawValue);
          } else if (code.rawValue === lastCode) {
            lastAt = now;
          }
        }
      }
    } catch {
      // A frame that cannot be read is skipped; scanning goes on.
    }
    timer = setTimeout(() => tick(detector), SCAN_INTERVAL_MS);
  }

  async function start() {
    if (starting || stream) {
      return Boolean(stream);
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      onState("unavailable");
      return false;
    }
    starting = true;
    try {
      return await open();
    } finally {
      starting = false;
    }
  }

  async function open() {
    onState("starting");
    let detector;
    try {
      detector = await createDetector(assets);
    } catch {
      onState("decoder-failed");
      return false;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: false,
        video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 } },
      });
    } catch (error) {
      stream = null;
      onState(error?.name === "NotAllowedError" ? "denied" : "unavailable");
      return false;
    }
    video.srcObject = stream;
    await video.play().catch(() => {});
    onState("running");
    tick(detector);
    return true;
  }

  function stop() {
    clearTimeout(timer);
    if (stream) {
      for (const track of stream.getTracks()) {
        track.stop();
      }
    }
    stream = null;
    video.srcObject = null;
    onState("stopped");
  }

  return {
    start,
    stop,
    get running() {
      return stream !== null || starting;
    },
  };
}
