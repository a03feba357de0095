// Online or offline, by itself: a scan goes straight to the server while it
// answers; when it does not (no network, a timeout, a server fault) the door
// judges the scan itself against the participant list on the device, shows
// the answer the same way and queues the attempt (IndexedDB). The queue is
// sent in batches as soon as the server answers again, with growing pauses
// while it does not; the server judges every queued scan again (the earliest
// admission wins) and its answers update the device. See docs/offline.md.
import { isSignedOut, isTransient } from "./api.js";
import { clock, describe, judge, judgeRegistration } from "./judge.js";

const POLL_MS = 30 * 1000;
const POLL_HIDDEN_MS = 2 * 60 * 1000;
const BATCH_SIZE = 50;
const BACKOFF_MIN_MS = 2 * 1000;
const BACKOFF_MAX_MS = 60 * 1000;
const LAST_SYNC_KEY = "bimtek.door.last-sync";
const SEARCH_LIMIT = 20;

function pairKey(session, registration) {
  return `${session}:${registration}`;
}

function readLastSync() {
  try {
    const value = Number(window.localStorage.getItem(LAST_SYNC_KEY));
    return value > 0 ? value : null;
  } catch {
    return null;
  }
}

export function createDoor({ config, api, roster, queue, words, onState, onSettled }) {
  const time = { timezone: config.offline.timezone, zone: config.offline.zone, separator: words.timeSeparator };
  const state = {
    mode: "starting", // online | offline | signed-out
    syncing: false,
    queued: 0,
    refused: 0,
    lastSync: readLastSync(),
    available: Boolean(queue) && roster.canHash,
  };
  let timer = null;
  let backoff = BACKOFF_MIN_MS;
  let local = new Map(); // admissions on this device not sent yet: "session:registration"
  // One scan judged at a time: two quick scans of one ticket must not both pass.
  let judging = Promise.resolve();

  function emit() {
    onState({
      ...state,
      rosterAt: roster.fetchedAt,
      rosterReady: roster.ready,
      clockOffset: roster.clockOffset,
    });
  }

  // Present / expected by the list on the device (and its own admissions).
  function localFigures(session) {
    let present = roster.presentAt(session);
    for (const [pair] of local) {
      if (pair.startsWith(`${session}:`) && !roster.checkin(session, Number(pair.split(":")[1]))) {
        present += 1;
      }
    }
    return { present, expected: roster.approved };
  }

  function setMode(mode) {
    if (state.mode !== mode) {
      state.mode = mode;
      emit();
    }
  }

  async function readQueue() {
    if (!queue) {
      return;
    }
    const items = await queue.all();
    state.queued = items.filter((item) => item.state === "queued").length;
    state.refused = items.length - state.queued;
    local = new Map(
      items
        .filter((item) => item.offline_result === "ok")
        .map((item) => [pairKey(item.session, item.registration), { at: Date.parse(item.scanned_at), by: config.staffName }]),
    );
  }

  function schedule(delay) {
    clearTimeout(timer);
    let wait = delay;
    if (wait === undefined) {
      if (state.mode === "online") {
        wait = document.hidden ? POLL_HIDDEN_MS : POLL_MS;
      } else {
        wait = backoff + Math.random() * 1000;
      }
    }
    timer = setTimeout(() => sync(), wait);
  }

  function failed(error) {
    if (isSignedOut(error)) {
      setMode("signed-out");
    } else {
      setMode("offline");
    }
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
  }

  function toAttempt(item) {
    const attempt = {
      session: item.session,
      device: item.device,
      client_id: item.client_id,
      scanned_at: item.scanned_at,
      offline_result: item.offline_result,
      offline_reason: item.offline_reason,
    };
    if (item.kind === "manual") {
      return { ...attempt, registration: item.registration, reason: item.reason };
    }
    return { ...attempt, token: item.token };
  }

  async function sendQueue() {
    for (;;) {
      const items = await queue.pending(BATCH_SIZE);
      if (!items.length) {
        return;
      }
      const { results } = await api.batch(items.map(toAttempt));
      const byId = new Map(results.map((result) => [result.client_id, result]));
      const sent = [];
      const refused = [];
      for (const item of items) {
        const result = byId.get(item.client_id);
        if (!result || result.status >= 500) {
          continue;
        }
        if (result.status === 200) {
          sent.push(item.client_id);
          roster.noteAnswer(result.answer);
          onSettled(item, { answer: result.answer });
        } else {
          refused.push({ ...item, state: "refused", error: result.detail || result.error || "" });
          onSettled(item, { refusal: result });
        }
      }
      await queue.settle({ sent, refused });
      await readQueue();
      state.lastSync = Date.now();
      try {
        window.localStorage.setItem(LAST_SYNC_KEY, String(state.lastSync));
      } catch {
        // Private mode: shown for this page only.
      }
      emit();
      if (!sent.length && !refused.length) {
        return;
      }
    }
  }

  // Send the queue, then bring the participant list up to date.
  async function sync({ forced = false } = {}) {
    clearTimeout(timer);
    if (state.syncing) {
      return;
    }
    if (forced) {
      backoff = BACKOFF_MIN_MS;
      if (queue) {
        await queue.requeueRefused();
        await readQueue();
      }
    }
    if (navigator.onLine === false) {
      setMode("offline");
      schedule();
      return;
    }
    state.syncing = true;
    emit();
    try {
      if (queue) {
        await sendQueue();
        await roster.refresh({ queued: state.queued, full: forced && !roster.ready });
      }
      backoff = BACKOFF_MIN_MS;
      // The network may have gone while the last answer was on its way.
      state.mode = navigator.onLine === false ? "offline" : "online";
    } catch (error) {
      failed(error);
    } finally {
      state.syncing = false;
      emit();
      schedule();
    }
  }

  async function judgeHere(attempt) {
    const now = Date.parse(attempt.scanned_at);
    const manual = attempt.registration !== undefined;
    const rules = {
      roster,
      session: attempt.session,
      now,
      local: (session, registration) => local.get(pairKey(session, registration)) || null,
      staffName: config.staffName,
    };
    const answer = manual
      ? judgeRegistration({ ...rules, registration: attempt.registration })
      : await judge({ ...rules, raw: attempt.token });
    const item = {
      ...attempt,
      event: config.event,
      kind: manual ? "manual" : "qr",
      registration: answer.registration ?? attempt.registration ?? null,
      offline_result: answer.result,
      offline_reason: answer.reason,
      created: Date.now(),
      state: "queued",
    };
    await queue.add(item);
    if (answer.result === "ok") {
      local.set(pairKey(item.session, item.registration), { at: now, by: config.staffName });
    }
    state.queued += 1;
    emit();
    schedule(state.mode === "online" ? 500 : undefined);
    return { ...answer, ...describe(answer, { words: words.answers, ...time }), client_id: attempt.client_id, offline: true };
  }

  // The server's answer while it gives one; else the door's own (queued).
  async function attempt(send, item) {
    const direct = state.mode !== "offline" && state.mode !== "signed-out" && state.queued === 0;
    if (direct || !state.available) {
      try {
        const answer = await send(item);
        roster.noteAnswer(answer);
        setMode("online");
        return answer;
      } catch (error) {
        if (!(isTransient(error) || isSignedOut(error))) {
          throw error;
        }
        failed(error);
        schedule();
      }
    }
    if (!state.available || !roster.ready) {
      return null;
    }
    const run = judging.then(() => judgeHere(item));
    judging = run.catch(() => {});
    return run;
  }

  // Search results shaped like the server's (GET .../registrations/?q=).
  function searchHere(query, session) {
    return roster.search(query, SEARCH_LIMIT).map((person) => {
      const first = roster.checkin(session, person.id) || local.get(pairKey(session, person.id));
      return {
        registration: person.id,
        display_name: person.name,
        institution: person.institution,
        nip: "",
        status: person.status,
        status_display: words.statusLabels[person.status] || person.status,
        role_display: words.roleLabels[person.role] || "",
        approved: person.status === "approved",
        checkin_id: first ? `offline-${person.id}` : null,
        checked_in_at: first ? new Date(first.at).toISOString() : null,
        checked_in_at_display: first ? clock(new Date(first.at).toISOString(), { ...time, zone: "" }) : "",
        undo_until: null,
        offline: true,
      };
    });
  }

  return {
    state,
    // The server's time as well as the device knows it: scans carry it.
    now() {
      return roster.now();
    },
    // One scan: the server's answer, or the door's own (``offline: true``), or
    // null when there is neither a network nor a list to judge by. Requests
    // the server refuses outright (400, 403, 404, 409) throw as before.
    scan(item) {
      return attempt((body) => api.checkin(body), item);
    },
    // A check-in by hand (door supervisors): the same, by registration.
    manual(item) {
      return attempt((body) => api.manual(body), item);
    },
    // Supervisors' search: the server's, else the list on the device.
    async find(query, session) {
      if (state.mode === "online" || !roster.ready) {
        try {
          return await api.search(query);
        } catch (error) {
          if (!(isTransient(error) || isSignedOut(error)) || !roster.ready) {
            throw error;
          }
          failed(error);
          schedule();
        }
      }
      return searchHere(query, session);
    },
    sync,
    localFigures,
    async start() {
      await readQueue();
      emit();
      window.addEventListener("online", () => sync());
      window.addEventListener("offline", () => {
        setMode("offline");
        schedule();
      });
      document.addEventListener("visibilitychange", () => {
        if (!document.hidden && !state.syncing) {
          sync();
        }
      });
      await sync();
    },
  };
}
