// Saves each answer as it is given (evaluations.views.participant.AnswerSaveView).
// Answers not yet saved wait in localStorage and go when the connection is
// back, so a dropped connection loses nothing; the form also posts whole.
(function () {
  "use strict";
  const form = document.querySelector("form[data-autosave]");
  if (!form) return;
  const url = form.dataset.autosave;
  const status = form.querySelector("[data-autosave-status]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const storeKey = "evaluation-pending:" + url;
  let pending = {};
  try { pending = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { pending = {}; }
  let sending = false;
  let submitting = false; // the whole form is on its way: no more autosaves
  let waitingSubmitter = null; // a send pressed while an autosave was in flight

  function valueOf(card) {
    const kind = card.dataset.kind;
    const name = "q" + card.dataset.question;
    if (kind === "multiple") {
      return Array.from(card.querySelectorAll("input[name='" + name + "']:checked")).map((i) => i.value);
    }
    if (kind === "single" || kind === "likert") {
      const checked = card.querySelector("input[name='" + name + "']:checked");
      return checked ? checked.value : "";
    }
    const field = card.querySelector("[name='" + name + "']");
    return field ? field.value : "";
  }

  function show(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.dataset.state = kind;
  }

  function resumeSubmit() {
    if (!waitingSubmitter) return false;
    const submitter = waitingSubmitter;
    waitingSubmitter = null;
    form.requestSubmit(submitter);
    return true;
  }

  function flush() {
    if (submitting || sending || Object.keys(pending).length === 0) return;
    sending = true;
    const batch = pending;
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ answers: batch }),
      credentials: "same-origin",
    })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body: body })))
      .then((result) => {
        sending = false;
        if (resumeSubmit()) return; // the form carries every answer anyway
        if (result.ok) {
          for (const key of Object.keys(batch)) {
            if (JSON.stringify(pending[key]) === JSON.stringify(batch[key])) delete pending[key];
          }
          localStorage.setItem(storeKey, JSON.stringify(pending));
          show(status.dataset.saved, "saved");
          flush();
        } else {
          // refused (outside the options, closed): the page says why; not retried
          for (const key of Object.keys(batch)) delete pending[key];
          localStorage.setItem(storeKey, JSON.stringify(pending));
          show(status.dataset.error + " " + (result.body.message || ""), "error");
        }
      })
      .catch(() => {
        sending = false;
        if (resumeSubmit()) return;
        show(status.dataset.offline, "offline");
      });
  }

  function changed(event) {
    const card = event.target.closest("[data-question]");
    if (!card) return;
    pending[card.dataset.question] = valueOf(card);
    localStorage.setItem(storeKey, JSON.stringify(pending));
    flush();
  }

  form.addEventListener("change", changed);
  let typing = null;
  form.addEventListener("input", (event) => {
    if (event.target.type !== "text" && event.target.tagName !== "TEXTAREA") return;
    clearTimeout(typing);
    typing = setTimeout(() => changed(event), 800);
  });
  form.addEventListener("submit", (event) => {
    clearTimeout(typing);
    if (sending) {
      // let the autosave land first: sent after it, it would find the answers closed
      event.preventDefault();
      waitingSubmitter = event.submitter;
      return;
    }
    submitting = true;
    localStorage.removeItem(storeKey);
  });
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  flush();
})();
