// Keyboard-wedge scanners (USB or Bluetooth) type the code and press Enter.
// The field is kept focused; if focus wanders anyway (a tap on the page, the
// answer panel), keys typed outside any other field are caught and put back
// into it, so no scan is lost.

function isEditable(element) {
  if (!element || element === document.body) {
    return false;
  }
  if (element.isContentEditable) {
    return true;
  }
  return ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName);
}

export function attachWedge({ form, input, toggle, onCode }) {
  function submit() {
    const value = input.value;
    input.value = "";
    if (value.trim()) {
      onCode(value);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });

  function refocus() {
    if (!isEditable(document.activeElement) && !document.hidden) {
      input.focus({ preventScroll: true });
    }
  }
  input.addEventListener("blur", () => setTimeout(refocus, 250));
  document.addEventListener("visibilitychange", refocus);
  window.addEventListener("focus", refocus);

  document.addEventListener(
    "keydown",
    (event) => {
      if (event.target === input || isEditable(event.target)) {
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) {
        return;
      }
      if (event.key === "Enter") {
        if (input.value) {
          event.preventDefault();
          submit();
        }
        return;
      }
      if (event.key.length === 1) {
        event.preventDefault();
        input.value += event.key;
        input.focus({ preventScroll: true });
      }
    },
    { capture: true },
  );

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
