// Keyboard-wedge scanners (USB or Bluetooth) type the code, usually followed
// by Enter or Tab. Caught on the whole page, wherever focus is: a burst of
// keys at scanner speed ending in the terminator is a scan, and never lands
// in another field. In another field (the supervisor's search, the device
// name) keys are held back while they may be a scan and given to the field
// as typed when they are not (a person typing: slower, or too few, or
// without the terminator) — a person sees them a few tens of milliseconds
// later. In the scan field itself keys land as typed, and Enter (or the
// configured terminator) sends what is there. Keys typed with no field in
// focus go to the scan field. See docs/checkin.md.
import { isTerminator } from "./reader.js";

const MODIFIERS = new Set(["Shift", "CapsLock", "Dead", "Unidentified", "Process"]);

function isEditable(element) {
  if (!element || element === document.body) {
    return false;
  }
  if (element.isContentEditable) {
    return true;
  }
  return ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

function insertInto(field, text) {
  try {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? field.value.length;
    field.setRangeText(text, start, end, "end");
  } catch {
    field.value += text; // fields without a selection (type=email, number)
  }
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: text }));
}

export function attachWedge({ form, input, toggle, settings, onCode }) {
  // The current run of printable keys: no pause longer than timeoutMs.
  let run = { count: 0, first: 0, last: 0, target: null };
  let held = [];
  let timer = null;

  function submit() {
    const value = input.value;
    input.value = "";
    if (value.trim()) {
      onCode(value);
    }
  }

  function reset() {
    clearTimeout(timer);
    run = { count: 0, first: 0, last: 0, target: null };
    held = [];
  }

  // Not a scan after all: the keys go where they were typed.
  function release() {
    const text = held.join("");
    const target = run.target;
    reset();
    if (!text) {
      return;
    }
    if (!isEditable(target) || !document.contains(target)) {
      input.value += text;
      input.focus({ preventScroll: true });
    } else if (target.tagName !== "SELECT" && !target.isContentEditable && !target.disabled && !target.readOnly) {
      insertInto(target, text);
    }
  }

  function scanHeld() {
    const text = held.join("");
    reset();
    if (text.trim()) onCode(text);
  }

  // Long enough, and at scanner speed on average (one late key, as a busy
  // Bluetooth link delivers it, does not make it a person).
  function fast(current) {
    return run.count > 1 && (run.last - run.first) / (run.count - 1) <= current.maxGapMs;
  }

  function isBurst(current) {
    return run.count >= current.minLength && fast(current);
  }

  // Four keys or more at scanner speed, held from a field: a scan so far, so
  // a pause (a stalled Bluetooth link) gets longer before the keys go back.
  function scanSoFar(current) {
    return run.target !== input && run.count >= 4 && fast(current);
  }

  // No key for a while: a run without its terminator.
  function idle(extended = false) {
    const current = settings();
    if (current.terminator !== "none" && !extended && scanSoFar(current)) {
      timer = setTimeout(() => idle(true), current.timeoutMs * 4);
      return;
    }
    if (current.terminator === "none" && isBurst(current)) {
      if (run.target === input) {
        reset();
        submit();
      } else {
        scanHeld();
      }
      return;
    }
    if (run.target === input) reset();
    else release();
  }

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.defaultPrevented || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      const current = settings();
      const now = event.timeStamp || performance.now();
      const target = event.target;
      const inField = target === input;
      if (event.key.length === 1) {
        const pause = scanSoFar(current) ? current.timeoutMs * 5 : current.timeoutMs;
        if (run.count && (now - run.last > pause || run.target !== target)) {
          // A pause: what came before was typed by hand.
          if (run.target === input) reset();
          else release();
        }
        if (!run.count) {
          run.target = target;
          run.first = now;
        }
        run.count += 1;
        run.last = now;
        if (!inField) {
          event.preventDefault();
          held.push(event.key);
        }
        clearTimeout(timer);
        timer = setTimeout(idle, current.timeoutMs);
        return;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        const ends = isTerminator(event.key, current);
        if (inField) {
          // The scan field: Enter always sends (typed by hand too); Tab when it ends codes.
          if ((event.key === "Enter" || ends) && input.value.trim()) {
            event.preventDefault();
            reset();
            submit();
          }
          return;
        }
        if (held.length && ends && isBurst(current) && now - run.last <= current.timeoutMs * 5) {
          event.preventDefault();
          event.stopPropagation();
          scanHeld();
          return;
        }
        release(); // then Enter or Tab does what it always does
        return;
      }
      if (MODIFIERS.has(event.key)) {
        return; // scanners press Shift for capitals: part of the run
      }
      // Backspace, arrows, Escape…: a person at the keyboard.
      if (run.target === input) reset();
      else release();
    },
    { capture: true },
  );

  // The "Check" button, and a code typed by hand.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });

  // The scan field keeps focus when nothing else wants it.
  function refocus() {
    if (!isEditable(document.activeElement) && !document.hidden) {
      input.focus({ preventScroll: true });
    }
  }
  input.addEventListener("blur", () => setTimeout(refocus, 250));
  document.addEventListener("visibilitychange", refocus);
  window.addEventListener("focus", refocus);

  // On a phone the field asks for no on-screen keyboard (a wedge scanner or
  // the camera does the typing); the keyboard button brings one up.
  toggle?.addEventListener("click", () => {
    const typing = input.inputMode !== "text";
    input.inputMode = typing ? "text" : "none";
    toggle.setAttribute("aria-pressed", String(typing));
    input.blur();
    input.focus();
  });

  refocus();
}
