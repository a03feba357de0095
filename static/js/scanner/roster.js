// The event's participant list on this device, for judging scans without a
// network: downloaded whole, then only the changes since its version; kept in
// IndexedDB and in memory (a scan is answered at once). It holds hashes of
// the tickets, never the tokens: a scanned code is hashed the same way and
// looked up. See docs/offline.md.

const FORMAT = 1;
// The whole list again now and then, besides the changes: anything a change
// could not say (a registration deleted, an institution renamed) is mended.
const FULL_EVERY_MS = 60 * 60 * 1000;
// Past this the device's clock is corrected by the server's (scan times too).
const CLOCK_TOLERANCE_MS = 30 * 1000;

function key(session, registration) {
  return `${session}:${registration}`;
}

export function createRoster({ db, event, api, device }) {
  let meta = null;
  const people = new Map();
  const byHash = new Map();
  const revoked = new Map();
  const checkins = new Map();
  const sessionsById = new Map();
  const canHash = Boolean(window.isSecureContext && window.crypto?.subtle);

  function remember(newMeta) {
    meta = newMeta;
    sessionsById.clear();
    for (const session of meta.sessions) {
      sessionsById.set(session.id, session);
    }
  }

  function putPerson(person) {
    const previous = people.get(person.id);
    if (previous && previous.hash !== person.hash) {
      byHash.delete(previous.hash); // a reissued ticket: the old hash is gone
    }
    people.set(person.id, person);
    byHash.set(person.hash, person);
  }

  async function load() {
    if (!db) {
      return;
    }
    const stored = await db.get("meta", event);
    if (!stored) {
      return;
    }
    const [storedPeople, storedRevoked, storedCheckins] = await Promise.all([
      db.getAllFromIndex("people", "event", event),
      db.getAllFromIndex("revoked", "event", event),
      db.getAllFromIndex("checkins", "event", event),
    ]);
    storedPeople.forEach(putPerson);
    for (const item of storedRevoked) {
      revoked.set(item.hash, item.registration);
    }
    for (const item of storedCheckins) {
      checkins.set(key(item.session, item.registration), item);
    }
    remember(stored);
  }

  async function clearEvent(tx) {
    for (const name of ["people", "revoked", "checkins"]) {
      const store = tx.objectStore(name);
      for (const primaryKey of await store.index("event").getAllKeys(event)) {
        store.delete(primaryKey);
      }
    }
  }

  async function apply(data, { sentAt, receivedAt }) {
    if (data.format !== FORMAT) {
      throw new Error(`roster format ${data.format}`);
    }
    if (!data.full && (!meta || meta.salt !== data.salt)) {
      // The server's key changed (or the list is gone): changes alone cannot help.
      await saveMeta({ ...meta, needFull: true });
      return false;
    }
    const institutions = data.institutions;
    const staff = data.staff;
    const newPeople = data.registrations.map((row) => ({
      event,
      id: row[0],
      hash: row[1],
      status: row[2],
      role: row[3],
      name: row[4],
      institution: institutions[String(row[5])] || "",
      jabatan: row[6] || "",
    }));
    const newRevoked = data.revoked.map(([hash, registration]) => ({ event, hash, registration }));
    const newCheckins = data.checkins.map((row) => ({
      event,
      registration: row[0],
      session: row[1],
      at: row[2],
      by: row[3] === null ? "" : staff[String(row[3])] || "",
    }));
    const serverTime = Date.parse(data.server_time);
    const newMeta = {
      event,
      version: data.version,
      salt: data.salt,
      hashLength: data.hash_length,
      info: data.event,
      sessions: data.sessions,
      totals: data.totals,
      fetchedAt: receivedAt,
      fullAt: data.full ? receivedAt : meta.fullAt,
      offset: Number.isNaN(serverTime) ? 0 : serverTime - (sentAt + receivedAt) / 2,
      needFull: false,
    };

    const tx = db.transaction(["meta", "people", "revoked", "checkins"], "readwrite");
    if (data.full) {
      await clearEvent(tx);
    }
    for (const [registration, session] of data.removed_checkins) {
      tx.objectStore("checkins").delete([event, session, registration]);
    }
    newPeople.forEach((item) => tx.objectStore("people").put(item));
    newRevoked.forEach((item) => tx.objectStore("revoked").put(item));
    newCheckins.forEach((item) => tx.objectStore("checkins").put(item));
    tx.objectStore("meta").put(newMeta);
    await tx.done;

    if (data.full) {
      people.clear();
      byHash.clear();
      revoked.clear();
      checkins.clear();
    }
    for (const [registration, session] of data.removed_checkins) {
      checkins.delete(key(session, registration));
    }
    newPeople.forEach(putPerson);
    for (const item of newRevoked) {
      revoked.set(item.hash, item.registration);
    }
    for (const item of newCheckins) {
      checkins.set(key(item.session, item.registration), item);
    }
    remember(newMeta);

    // Fewer than the server counts: a change went missing; fetch it all next.
    const perSession = new Map();
    for (const item of checkins.values()) {
      perSession.set(item.session, (perSession.get(item.session) || 0) + 1);
    }
    const missing =
      people.size !== data.totals.registrations ||
      Object.entries(data.totals.checkins).some(([session, n]) => (perSession.get(Number(session)) || 0) < n);
    if (missing) {
      await saveMeta({ ...meta, needFull: true });
    }
    return !missing;
  }

  async function saveMeta(newMeta) {
    if (!newMeta?.event) {
      return;
    }
    await db.put("meta", newMeta);
    remember(newMeta);
  }

  return {
    get canHash() {
      return canHash;
    },
    get ready() {
      return Boolean(meta && meta.version && canHash);
    },
    get fetchedAt() {
      return meta?.fetchedAt ?? null;
    },
    get clockOffset() {
      return meta && Math.abs(meta.offset) > CLOCK_TOLERANCE_MS ? meta.offset : 0;
    },
    get approved() {
      let count = 0;
      for (const person of people.values()) {
        if (person.status === "approved") count += 1;
      }
      return count;
    },
    load,
    // The server's time, as well as this device can tell (scan times, windows).
    now() {
      return Date.now() + this.clockOffset;
    },
    async refresh({ queued = 0, full = false } = {}) {
      if (!db) {
        return;
      }
      const wantFull = full || !meta || meta.needFull || Date.now() - (meta.fullAt || 0) > FULL_EVERY_MS;
      const params = { device_id: device.id, device: device.name(), queued };
      if (!wantFull) {
        params.since = meta.version;
      }
      const sentAt = Date.now();
      const data = await api.roster(params);
      const complete = await apply(data, { sentAt, receivedAt: Date.now() });
      if (!complete && !data.full) {
        // Straight away, once: the list must be right before the next scan.
        const again = Date.now();
        await apply(await api.roster({ ...params, since: undefined }), { sentAt: again, receivedAt: Date.now() });
      }
    },
    async hash(token) {
      const bytes = new TextEncoder().encode(meta.salt + token);
      const digest = new Uint8Array(await window.crypto.subtle.digest("SHA-256", bytes));
      const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
      return hex.slice(0, meta.hashLength);
    },
    person(hash) {
      return byHash.get(hash) || null;
    },
    personById(id) {
      return people.get(id) || null;
    },
    // People whose name or institution holds every word (a check-in by hand
    // without a network; NIP and e-mail are not on the device).
    search(query, limit) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 5);
      if (!words.length) return [];
      const found = [];
      for (const person of people.values()) {
        const text = `${person.name} ${person.institution}`.toLowerCase();
        if (words.every((word) => text.includes(word))) {
          found.push(person);
        }
      }
      found.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
      return found.slice(0, limit);
    },
    revokedRegistration(hash) {
      return revoked.get(hash) ?? null;
    },
    checkin(session, registration) {
      return checkins.get(key(session, registration)) || null;
    },
    session(id) {
      return sessionsById.get(id) || null;
    },
    presentAt(session) {
      let count = 0;
      for (const item of checkins.values()) {
        if (item.session === session) count += 1;
      }
      return count;
    },
    // An answer from the server (live, or for a queued scan) updates the list
    // at once, so the next scan offline knows it.
    noteAnswer(answer) {
      if (!meta || !db || !answer?.registration || !sessionsById.has(answer.session)) {
        return; // not this event's (a queue may hold another event's scans)
      }
      if (["ok", "already_checked_in"].includes(answer.result) && answer.checked_in_at) {
        const item = {
          event,
          registration: answer.registration,
          session: answer.session,
          at: Date.parse(answer.checked_in_at),
          by: answer.checked_in_by || "",
        };
        checkins.set(key(item.session, item.registration), item);
        db.put("checkins", item).catch(() => {});
      } else if (answer.result === "not_approved" && people.has(answer.registration)) {
        const person = { ...people.get(answer.registration), status: answer.reason };
        putPerson(person);
        db.put("people", person).catch(() => {});
      }
    },
  };
}
