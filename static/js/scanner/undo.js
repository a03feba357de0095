// Undo asks first: "really undo?" and why (the reason goes to the scan log
// and the audit trail; the API refuses an undo without one).

import { formButtons, reasonChoice } from "./reasons.js";

export function undoForm({ strings, onConfirm, onCancel }) {
  const box = document.createElement("form");
  box.className = "mt-2 d-grid gap-2 w-100";
  box.dataset.undoForm = "";
  const why = reasonChoice({
    label: strings.undoReasonLabel,
    reasons: strings.undoReasons,
    otherLabel: strings.otherReason,
    blank: true,
    small: true,
  });
  const problem = document.createElement("div");
  problem.className = "small text-danger";
  problem.hidden = true;
  problem.textContent = strings.undoReasonRequired;
  const { buttons, confirm } = formButtons({
    confirmText: strings.undoConfirm,
    confirmClass: "btn-danger",
    cancelText: strings.keep,
    onCancel,
    small: true,
  });
  box.append(...why.elements, problem, buttons);
  box.addEventListener("submit", async (event) => {
    event.preventDefault();
    const reason = why.value();
    if (!reason) {
      problem.hidden = false;
      why.missing().focus();
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
