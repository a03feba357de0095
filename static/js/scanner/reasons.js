// The "why?" part of a door form: a choice of common reasons, "Other reason"
// with a free text, and the confirm / cancel buttons. Used by the check-in by
// hand (search.js) and the undo (undo.js), which differ only in their words.

export function reasonChoice({ label, reasons, otherLabel, blank = false, small = false }) {
  const size = small ? "-sm" : "";
  const caption = document.createElement("label");
  caption.className = "form-label small mb-0";
  caption.textContent = label;
  const select = document.createElement("select");
  select.className = `form-select${small ? " form-select-sm" : ""}`;
  select.setAttribute("aria-label", label);
  if (blank) select.append(new Option("", ""));
  for (const text of [...reasons, otherLabel]) {
    select.append(new Option(text, text));
  }
  const other = document.createElement("input");
  other.className = `form-control${size ? ` form-control${size}` : ""}`;
  other.maxLength = 150;
  other.hidden = true;
  other.setAttribute("aria-label", otherLabel);
  select.addEventListener("change", () => {
    other.hidden = select.value !== otherLabel;
    if (!other.hidden) other.focus();
  });
  return {
    elements: [caption, select, other],
    select,
    // The reason given, or "" when none is.
    value: () => (select.value === otherLabel ? other.value.trim() : select.value),
    // Where the person should type the missing reason.
    missing: () => (select.value === otherLabel ? other : select),
  };
}

export function formButtons({ confirmText, confirmClass, cancelText, onCancel, small = false }) {
  const size = small ? " btn-sm" : "";
  const buttons = document.createElement("div");
  buttons.className = "d-flex gap-2";
  const confirm = document.createElement("button");
  confirm.type = "submit";
  confirm.className = `btn${size} ${confirmClass} flex-grow-1`;
  confirm.textContent = confirmText;
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = `btn${size} btn-outline-secondary`;
  cancel.textContent = cancelText;
  cancel.addEventListener("click", () => onCancel());
  buttons.append(confirm, cancel);
  return { buttons, confirm };
}
