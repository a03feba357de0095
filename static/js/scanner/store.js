// What the door keeps on the device, in IndexedDB (through idb, loaded by the
// page as window.idb): the participant list of each event it works at, and
// the queue of scans not yet sent. The queue is written with "strict"
// durability before the answer is shown, so a scan survives a closed tab, a
// sleeping phone or a flat battery. See docs/offline.md.

const DB_NAME = "bimtek-door";
const DB_VERSION = 2;
const STRICT = { durability: "strict" };

export async function openStore() {
  if (!window.indexedDB || !window.idb) {
    return null;
  }
  try {
    const db = await window.idb.openDB(DB_NAME, DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 2) {
          // The recent-scans list of this device, so it survives a reload
          // and a switch of session (its pending marks too).
          database.createObjectStore("recent", { keyPath: "id" }).createIndex("event", "event");
        }
        if (oldVersion >= 1) {
          return;
        }
        // Per event: meta (version, salt, sessions…), people, revoked tickets, check-ins.
        database.createObjectStore("meta", { keyPath: "event" });
        database.createObjectStore("people", { keyPath: ["event", "id"] }).createIndex("event", "event");
        database.createObjectStore("revoked", { keyPath: ["event", "hash"] }).createIndex("event", "event");
        database
          .createObjectStore("checkins", { keyPath: ["event", "session", "registration"] })
          .createIndex("event", "event");
        // Scans judged here, waiting to be sent (every event), oldest first.
        database.createObjectStore("queue", { keyPath: "client_id" }).createIndex("created", "created");
      },
      blocking() {
        // A newer page wants to upgrade the database: let it.
        db.close();
      },
    });
    return db;
  } catch {
    return null;
  }
}

// The device's recent answers of an event, newest first, at most ``keep``.
export function createRecent(db, event, keep) {
  return {
    async load() {
      if (!db) return [];
      const items = await db.getAllFromIndex("recent", "event", event);
      return items.sort((a, b) => b.created - a.created).slice(0, keep);
    },
    async put(item) {
      if (!db) return;
      await db.put("recent", { ...item, event });
    },
    async prune(keepIds) {
      if (!db) return;
      const tx = db.transaction("recent", "readwrite");
      for (const id of await tx.store.index("event").getAllKeys(event)) {
        if (!keepIds.has(id)) tx.store.delete(id);
      }
      await tx.done;
    },
  };
}

export function createQueue(db) {
  async function all() {
    return db.getAllFromIndex("queue", "created");
  }

  return {
    all,
    async add(item) {
      const tx = db.transaction("queue", "readwrite", STRICT);
      await tx.store.put(item);
      await tx.done;
    },
    async pending(limit) {
      return (await all()).filter((item) => item.state === "queued").slice(0, limit);
    },
    async settle({ sent, refused }) {
      const tx = db.transaction("queue", "readwrite", STRICT);
      for (const clientId of sent) {
        tx.store.delete(clientId);
      }
      for (const item of refused) {
        tx.store.put(item);
      }
      await tx.done;
    },
    // Items the server refused (not door staff any more, an unknown session…)
    // are kept; a forced sync offers them again.
    async requeueRefused() {
      const tx = db.transaction("queue", "readwrite", STRICT);
      let cursor = await tx.store.openCursor();
      while (cursor) {
        if (cursor.value.state === "refused") {
          cursor.update({ ...cursor.value, state: "queued" });
        }
        cursor = await cursor.continue();
      }
      await tx.done;
    },
  };
}
