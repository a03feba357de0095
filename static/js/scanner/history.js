// The last answers on this device, newest first; a door supervisor can undo
// a check-in from here for a few minutes after it was made.
import { lookOf } from "./feedback.js";

const KEEP = 12;

export function createHistory({ list, empty, canUndo, strings, onUndo }) {
  const items = [];

  function render() {
    list.replaceChildren(
      ...items.map((item) => {
        const row = document.createElement("li");
        row.className = "list-group-item d-flex align-items-center gap-2";
        row.dataset.result = item.answer.result;
        const dot = document.createElement("span");
        dot.className = `recent-result recent-${lookOf(item.answer.result).tone}`;
        dot.setAttribute("aria-hidden", "true");
        const text = document.createElement("div");
        text.className = "flex-grow-1 min-w-0";
        const title = document.createElement("div");
        title.className = "text-truncate fw-semibold";
        title.textContent = item.answer.display_name || item.answer.message;
        const meta = document.createElement("div");
        meta.className = "small text-body-secondary text-truncate";
        meta.textContent = [item.time, item.answer.message, item.answer.institution]
          .filter(Boolean)
          .join(" · ");
        text.append(title, meta);
        row.append(dot, text);
        const undoable =
          canUndo &&
          !item.undone &&
          item.answer.result === "ok" &&
          item.answer.checkin_id &&
          item.answer.undo_until &&
          new Date(item.answer.undo_until) > new Date();
        if (undoable) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "btn btn-sm btn-outline-danger";
          button.textContent = strings.undo;
          button.addEventListener("click", async () => {
            button.disabled = true;
            if (await onUndo(item.answer)) {
              item.undone = true;
              render();
            } else {
              button.disabled = false;
            }
          });
          row.append(button);
        }
        if (item.undone) {
          const badge = document.createElement("span");
          badge.className = "badge text-bg-secondary";
          badge.textContent = strings.undone;
          row.append(badge);
        }
        return row;
      }),
    );
    empty.hidden = items.length > 0;
  }

  return {
    add(answer) {
      const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      items.unshift({ answer, time, undone: false });
      items.length = Math.min(items.length, KEEP);
      render();
    },
    render,
  };
}
