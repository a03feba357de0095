// The last answers on this device, newest first; a door supervisor can undo
// a check-in from here for a few minutes after it was made (asked to confirm,
// with a reason). A scan answered offline shows that it waits to be sent,
// then what the server made of it. Kept in IndexedDB (store.js, "recent"), so
// the list and its marks survive a reload and a switch of session.
import { format } from "./config.js";
import { lookOf } from "./feedback.js";
import { uuid } from "./ids.js";
import { undoForm } from "./undo.js";

export const KEEP = 12;

export function createHistory({ list, empty, canUndo, strings, session, sessionTitles, timeOf, store, onUndo }) {
  let items = [];

  function note(item) {
    if (item.refusal) {
      return `${strings.refused}: ${item.refusal.detail || item.refusal.error || ""}`;
    }
    if (!item.answer.offline) {
      return "";
    }
    if (!item.server) {
      return strings.pending;
    }
    const same = item.server.result === item.answer.result && item.server.reason === item.answer.reason;
    return same ? strings.sent : format(strings.serverSays, { message: [item.server.message, item.server.detail].filter(Boolean).join(" ") });
  }

  function save(item) {
    const { confirming, ...kept } = item;
    store?.put(kept).catch(() => {});
  }

  function undoButton(item, answer, row) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-sm btn-outline-danger";
    button.textContent = strings.undo;
    button.addEventListener("click", () => {
      item.confirming = true;
      render();
    });
    if (!item.confirming) {
      return [button];
    }
    const form = undoForm({
      strings,
      onCancel() {
        item.confirming = false;
        render();
      },
      async onConfirm(reason) {
        if (!(await onUndo(answer, reason))) return false;
        item.undone = true;
        item.confirming = false;
        save(item);
        render();
        return true;
      },
    });
    row.classList.add("flex-wrap");
    return [form];
  }

  function render() {
    list.replaceChildren(
      ...items.map((item) => {
        const row = document.createElement("li");
        row.className = "list-group-item d-flex align-items-center gap-2";
        row.dataset.result = item.answer.result;
        if (item.answer.offline) {
          row.dataset.offline = item.server || item.refusal ? "sent" : "pending";
        }
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
        const elsewhere = item.session !== session ? sessionTitles[item.session] || "" : "";
        meta.textContent = [item.time, item.answer.message, item.answer.institution, elsewhere]
          .filter(Boolean)
          .join(" · ");
        text.append(title, meta);
        const extra = note(item);
        if (extra) {
          const line = document.createElement("div");
          line.className = "small recent-offline";
          if (item.refusal || (item.server && extra !== strings.sent)) {
            line.classList.add("text-danger");
          }
          const icon = document.createElement("i");
          icon.className = `bi ${item.server || item.refusal ? "bi-cloud-check" : "bi-cloud-arrow-up"}`;
          icon.setAttribute("aria-hidden", "true");
          line.append(icon, ` ${extra}`);
          text.append(line);
        }
        row.append(dot, text);
        const answer = item.server || item.answer;
        const undoable =
          canUndo &&
          !item.undone &&
          answer.result === "ok" &&
          answer.checkin_id &&
          answer.undo_until &&
          new Date(answer.undo_until) > new Date();
        if (undoable) {
          row.append(...undoButton(item, answer, row));
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
    // What the device kept: before the first scan of this page.
    async load() {
      try {
        const kept = await store?.load();
        if (kept?.length) {
          const ids = new Set(items.map((item) => item.id));
          items = [...items, ...kept.filter((item) => !ids.has(item.id))].slice(0, KEEP);
          render();
        }
      } catch {
        // No storage: the list starts empty, as before.
      }
    },
    add(answer) {
      const item = {
        id: answer.client_id || uuid(),
        session,
        answer,
        time: timeOf(Date.now()),
        created: Date.now(),
        undone: false,
        server: null,
        refusal: null,
      };
      items.unshift(item);
      items.length = Math.min(items.length, KEEP);
      render();
      save(item);
      store?.prune(new Set(items.map((entry) => entry.id))).catch(() => {});
    },
    // A queued scan reached the server: its answer, or why it was refused.
    settle(clientId, { answer, refusal }) {
      const item = items.find((entry) => entry.answer.client_id === clientId);
      if (item) {
        item.server = answer || null;
        item.refusal = refusal || null;
        save(item);
        render();
      }
    },
    render,
  };
}
