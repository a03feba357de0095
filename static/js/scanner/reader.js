// How this device's scanner types a code, and what is kept of it. Settings
// per device (localStorage, keyed by the device id): the terminator (Enter,
// Tab, either, or none — then a pause ends the code), the prefix and suffix
// to strip, and whether to look for the 32-character ticket token inside
// whatever was read. The defaults take the common factory settings as they
// come: Enter or Tab, AIM symbology identifiers ("]Q1"). See docs/checkin.md.

const KEY = "bimtek.door.reader";
const TOKEN = /^[A-Z2-7]{32}$/i;
const TOKEN_RUNS = /[A-Z2-7]+/gi;
// "]" + code character + modifier: ISO/IEC 15424, what many scanners prepend.
const AIM = /^\][A-Za-z][0-9A-Za-z]/;

export const TERMINATORS = ["auto", "enter", "tab", "none"];

export const DEFAULTS = Object.freeze({
  terminator: "auto",
  // Keys this close together on average are a scanner typing, not a person.
  maxGapMs: 60,
  // This long without a key ends a run of keys (with no terminator: the code).
  timeoutMs: 150,
  // Shorter bursts are a person typing fast, whatever the speed.
  minLength: 8,
  prefix: "",
  suffix: "",
  stripAim: true,
  findToken: true,
});

function storageKey(deviceId) {
  return deviceId ? `${KEY}.${deviceId}` : KEY;
}

function clean(values) {
  const settings = { ...DEFAULTS };
  if (TERMINATORS.includes(values?.terminator)) settings.terminator = values.terminator;
  for (const name of ["maxGapMs", "timeoutMs", "minLength"]) {
    const number = Number.parseInt(values?.[name], 10);
    if (Number.isFinite(number) && number > 0 && number <= 2000) settings[name] = number;
  }
  for (const name of ["prefix", "suffix"]) {
    if (typeof values?.[name] === "string") settings[name] = values[name].slice(0, 32);
  }
  for (const name of ["stripAim", "findToken"]) {
    if (typeof values?.[name] === "boolean") settings[name] = values[name];
  }
  return settings;
}

export function loadReaderSettings(deviceId) {
  try {
    return clean(JSON.parse(window.localStorage.getItem(storageKey(deviceId)) || "{}"));
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveReaderSettings(deviceId, values) {
  const settings = clean(values);
  try {
    window.localStorage.setItem(storageKey(deviceId), JSON.stringify(settings));
  } catch {
    // Private mode without storage: the settings last for this page only.
  }
  return settings;
}

// Does this key end a code, with these settings?
export function isTerminator(key, settings) {
  if (key !== "Enter" && key !== "Tab") return false;
  return settings.terminator === "auto" || settings.terminator === key.toLowerCase();
}

function stripOnce(text, part, atStart) {
  if (!part) return text;
  const lower = text.toLowerCase();
  const wanted = part.toLowerCase();
  if (atStart) return lower.startsWith(wanted) ? text.slice(part.length) : text;
  return lower.endsWith(wanted) ? text.slice(0, text.length - part.length) : text;
}

// What to send for what was read: the token when it can be found, else the
// text itself (the server answers "not a Bimtek ticket" and logs it).
export function extractToken(raw, settings = DEFAULTS) {
  let text = String(raw ?? "").trim();
  if (settings.stripAim) text = text.replace(AIM, "");
  text = stripOnce(text, settings.prefix, true);
  text = stripOnce(text, settings.suffix, false).trim();
  if (!settings.findToken || TOKEN.test(text)) return text;
  const runs = (text.match(TOKEN_RUNS) || []).filter((run) => run.length === 32);
  return runs.length === 1 ? runs[0] : text;
}
