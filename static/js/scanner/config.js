// The scanner's settings and words, given by the page (no inline script: CSP).
function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : {};
}

export function loadConfig() {
  const assets = document.querySelector("[data-scanner-assets]");
  const config = readJson("scanner-config");
  return {
    ...config,
    strings: readJson("scanner-strings"),
    csrf: assets.dataset.csrf,
    polyfillUrl: assets.dataset.vendorPolyfill,
    wasmUrl: assets.dataset.vendorWasm,
  };
}

export function format(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_match, key) => values[key] ?? "");
}
