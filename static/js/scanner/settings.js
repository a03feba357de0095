// The scanner settings panel (door supervisors, never in kiosk mode): how
// this device's scanner ends and wraps a code (reader.js), and starting the
// kiosk mode with an exit PIN (kiosk.js).
import { DEFAULTS } from "./reader.js";

export function attachSettings({ root, current, save, kiosk, strings }) {
  const form = root.querySelector("[data-reader-form]");
  if (!form) {
    return;
  }
  const field = (name) => form.elements.namedItem(name);
  const saved = root.querySelector("[data-reader-saved]");

  function fill(settings) {
    field("terminator").value = settings.terminator;
    field("timeoutMs").value = String(settings.timeoutMs);
    field("prefix").value = settings.prefix;
    field("suffix").value = settings.suffix;
    field("stripAim").checked = settings.stripAim;
    field("findToken").checked = settings.findToken;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fill(
      save({
        ...current(),
        terminator: field("terminator").value,
        timeoutMs: field("timeoutMs").value,
        prefix: field("prefix").value,
        suffix: field("suffix").value,
        stripAim: field("stripAim").checked,
        findToken: field("findToken").checked,
      }),
    );
    saved.hidden = false;
    setTimeout(() => {
      saved.hidden = true;
    }, 2500);
  });
  form.querySelector("[data-reader-defaults]").addEventListener("click", () => {
    fill(save({ ...DEFAULTS }));
  });
  fill(current());

  const kioskForm = root.querySelector("[data-kiosk-form]");
  const pin = kioskForm.elements.namedItem("pin");
  const problem = root.querySelector("[data-kiosk-problem]");
  kioskForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const started = await kiosk.start(pin.value.trim());
    problem.hidden = started;
    problem.textContent = started ? "" : strings.kioskPinInvalid;
    pin.value = "";
  });
}
