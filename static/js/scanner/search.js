// Door supervisors: find someone without a ticket at hand and check them in
// by hand with a reason, or undo a check-in made a moment ago. Without a
// network the search runs on the participant list kept on the device (names
// and institutions) and the check-in by hand is queued like a scan.
import { format } from "./config.js";
import { formButtons, reasonChoice } from "./reasons.js";
import { undoForm } from "./undo.js";

export function attachSearch({ root, strings, find, checkIn, onAnswer, onUndo }) {
  const form = root.querySelector("[data-search-form]");
  const input = root.querySelector("[data-search-input]");
  const results = root.querySelector("[data-search-results]");
  let timer = null;
  let latest = 0;

  function message(text) {
    const item = document.createElement("li");
    item.className = "list-group-item small text-body-secondary";
    item.textContent = text;
    results.replaceChildren(item);
  }

  function reasonForm(person, row) {
    const box = document.createElement("form");
    box.className = "mt-2 d-grid gap-2";
    const why = reasonChoice({
      label: strings.reasonLabel,
      reasons: strings.reasons,
      otherLabel: strings.otherReason,
    });
    const { buttons, confirm } = formButtons({
      confirmText: strings.confirm,
      confirmClass: "btn-primary",
      cancelText: strings.cancel,
      onCancel: () => box.remove(),
    });
    box.append(...why.elements, buttons);
    box.addEventListener("submit", async (event) => {
      event.preventDefault();
      const reason = why.value();
      if (!reason) {
        why.missing().focus();
        return;
      }
      confirm.disabled = true;
      const answer = await onAnswer(() => checkIn({ registration: person.registration, reason }));
      if (answer) {
        input.value = "";
        results.replaceChildren();
      } else {
        confirm.disabled = false;
      }
    });
    row.append(box);
    why.select.focus();
  }

  function render(people) {
    if (!people.length) {
      message(strings.noResults);
      return;
    }
    results.replaceChildren(
      ...people.map((person) => {
        const row = document.createElement("li");
        row.className = "list-group-item px-0";
        row.dataset.registration = person.registration;
        const top = document.createElement("div");
        top.className = "d-flex align-items-center gap-2";
        const text = document.createElement("div");
        text.className = "flex-grow-1 min-w-0";
        const name = document.createElement("div");
        name.className = "fw-semibold text-truncate";
        name.textContent = person.display_name;
        const meta = document.createElement("div");
        meta.className = "small text-body-secondary";
        meta.textContent = [person.institution, person.nip, person.role_display]
          .filter(Boolean)
          .join(" · ");
        text.append(name, meta);
        top.append(text);
        if (person.checkin_id) {
          const badge = document.createElement("span");
          badge.className = "badge text-bg-success";
          badge.textContent = format(strings.checkedInAt, { time: person.checked_in_at_display });
          top.append(badge);
          if (person.undo_until && new Date(person.undo_until) > new Date()) {
            const undo = document.createElement("button");
            undo.type = "button";
            undo.className = "btn btn-sm btn-outline-danger";
            undo.textContent = strings.undo;
            undo.addEventListener("click", () => {
              if (row.querySelector("[data-undo-form]")) return;
              undo.disabled = true;
              const form = undoForm({
                strings,
                onCancel() {
                  form.remove();
                  undo.disabled = false;
                },
                async onConfirm(reason) {
                  if (!(await onUndo({ checkin_id: person.checkin_id }, reason))) return false;
                  search(input.value);
                  return true;
                },
              });
              row.append(form);
            });
            top.append(undo);
          }
        } else if (!person.approved) {
          const badge = document.createElement("span");
          badge.className = "badge text-bg-warning";
          badge.textContent = person.status_display;
          top.append(badge);
        } else {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "btn btn-sm btn-primary";
          button.textContent = strings.checkIn;
          button.addEventListener("click", () => {
            if (!row.querySelector("form")) reasonForm(person, row);
          });
          top.append(button);
        }
        row.prepend(top);
        return row;
      }),
    );
  }

  async function search(query) {
    const ticket = ++latest;
    if (query.trim().length < 2) {
      results.replaceChildren();
      return;
    }
    message(strings.searching);
    try {
      const people = await find(query.trim());
      if (ticket === latest) render(people);
    } catch {
      if (ticket === latest) message(strings.network);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 300);
  });
}
