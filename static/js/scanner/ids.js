// Ids made on the device: one per attempt (client_id, so a retry is not
// judged twice) and one per device (to name it in the scan log).
export function uuid() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  // randomUUID needs a secure context; getRandomValues does not.
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const DEVICE_KEY = "bimtek.door.device";

export function deviceName(prefix) {
  try {
    let name = window.localStorage.getItem(DEVICE_KEY);
    if (!name) {
      name = `${prefix} ${uuid().slice(0, 4).toUpperCase()}`;
      window.localStorage.setItem(DEVICE_KEY, name);
    }
    return name;
  } catch {
    return prefix;
  }
}

export function saveDeviceName(name) {
  try {
    window.localStorage.setItem(DEVICE_KEY, name);
  } catch {
    // Private mode without storage: the name lasts for this page only.
  }
}

const DEVICE_ID_KEY = "bimtek.door.device-id";

// This browser's own id, so the organiser can tell scanners apart (and see
// how old each one's participant list is) even when two share a name.
export function deviceId() {
  try {
    let id = window.localStorage.getItem(DEVICE_ID_KEY);
    if (!id) {
      id = uuid();
      window.localStorage.setItem(DEVICE_ID_KEY, id);
    }
    return id;
  } catch {
    return "";
  }
}
