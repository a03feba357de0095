// Undo asks first: "really undo?" and why (the reason goes to the scan log
// and the audit trail; the API refuses an undo without one).

export function undoForm({ strings, onConfirm, onCancel }) {
  const box = document.createElement("form");
  box.className = "mt-2 d-grid gap-2 w-100";
  box.dataset.undoForm = "";
  const label = document.createElement("label");
  label.className = "form-label small mb-0";
  label.textContent = strings.undoReasonLabel;
  const select = document.createElement("select");
  select.className = "form-select form-select-sm";
  select.setAttribute("aria-label", strings.undoReasonLabel);
  select.append(new Option("", ""));
  for (const text of [...strings.undoReasons, strings.otherReason]) {
    select.append(new Option(text, text));
  }
  const other = document.createElement("input");
  other.className = "form-control form-control-sm";
  other.maxLength = 150;
  other.hidden = true;
  other.setAttribute("aria-label", strings.otherReason);
  const problem = document.createElement("div");
  problem.className = "small text-danger";
  problem.hidden = true;
  problem.textContent = strings.undoReasonRequired;
  select.addEventListener("change", () => {
    other.hidden = select.value !== strings.otherReason;
    if (!other.hidden) other.focus();
  });
  const buttons = document.createElement("div");
  buttons.className = "d-flex gap-2";
  const confirm = document.createElement("button");
  confirm.type = "submit";
  confirm.className = "btn btn-sm btn-danger flex-grow-1";
  confirm.textContent = strings.undoConfirm;
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "btn btn-sm btn-outline-secondary";
  cancel.textContent = strings.keep;
  cancel.addEventListener("click", () => onCancel());
  buttons.append(confirm, cancel);
  box.append(label, select, other, problem, buttons);
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = select.value === strings.otherReason ? other.value.trim() : select.value;
    if (!reason) {
      problem.hidden = false;
      (select.value === strings.otherReason ? other : select).focus();
      return;
    }
    problem.hidden = true;
    confirm.disabled = true;
    if (!(await onConfirm(reason))) {
      confirm.disabled = false;
    }
  });
  return box;
}
