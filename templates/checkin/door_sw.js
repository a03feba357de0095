// The door's service worker (docs/offline.md): the scanner opens and works
// without a network once it has been opened at the venue. Static files come
// from this worker's cache first (their names change with their content);
// door pages from the network first, else the copy kept at the last visit.
// Scans and the participant list are the page's business (IndexedDB).
"use strict";

const CONFIG = {{ config|safe }};
const STATIC_CACHE = `bimtek-door-static-${CONFIG.version}`;
const STATIC_CACHE_PREFIX = "bimtek-door-static-";
// Pages go with the static files they name (hashed in production): one cache
// of each per version, dropped together.
const PAGES_CACHE = `bimtek-door-pages-${CONFIG.version}`;
const PAGES_CACHE_PREFIX = "bimtek-door-pages-";
const PAGE_TIMEOUT_MS = 6000;
// A page kept this recently is not fetched again when the scanner asks.
const PAGE_FRESH_MS = 10 * 60 * 1000;
const PAGE_PATTERNS = CONFIG.pages.map((source) => new RegExp(source));

async function keep(cache, url, { required }) {
  try {
    // "reload": past the browser's HTTP cache, so a new version gets new files.
    const response = await fetch(new Request(url, { cache: "reload", credentials: "same-origin" }));
    if (!response.ok) {
      throw new Error(`${url}: HTTP ${response.status}`);
    }
    await cache.put(url, response);
  } catch (error) {
    if (required) {
      throw error;
    }
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(STATIC_CACHE);
      await Promise.all(CONFIG.precache.map((url) => keep(cache, url, { required: true })));
      await Promise.all(CONFIG.optional.map((url) => keep(cache, url, { required: false })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  // Older static caches stay until the pages are kept again with this
  // version's files (see "keep-pages"): a page kept before still needs them.
  event.waitUntil(self.clients.claim());
});

function pageKey(url) {
  const parsed = new URL(url, self.location.origin);
  return parsed.origin + parsed.pathname;
}

function isDoorPage(url) {
  return PAGE_PATTERNS.some((pattern) => pattern.test(url.pathname));
}

function isKeepable(response) {
  const type = response.headers.get("Content-Type") || "";
  return response.ok && response.type === "basic" && !response.redirected && type.startsWith("text/html");
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function staticFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: true });
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const cache = await caches.open(STATIC_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

async function pageNetworkFirst(request) {
  const key = pageKey(request.url);
  if (self.navigator.onLine !== false) {
    try {
      const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS);
      if (isKeepable(response)) {
        const cache = await caches.open(PAGES_CACHE);
        await cache.put(key, response.clone());
      }
      return response;
    } catch {
      // No network (or too slow): the copy kept at the last visit.
    }
  }
  const cache = await caches.open(PAGES_CACHE);
  // This version's copy, else one kept by the version before (with its files).
  const kept = (await cache.match(key)) || (await caches.match(key));
  if (kept) {
    return kept;
  }
  return (await caches.match(CONFIG.offlinePage)) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticPrefix)) {
    event.respondWith(staticFirst(request));
  } else if (request.mode === "navigate" && isDoorPage(url)) {
    event.respondWith(pageNetworkFirst(request));
  }
});

// The scanner page asks, while online, to keep the door pages of its event
// (every session's scanner, the door's home) for use without a network.
async function keepPages(urls) {
  const cache = await caches.open(PAGES_CACHE);
  const wanted = new Set(urls.map(pageKey));
  let kept = 0;
  for (const url of urls) {
    const copy = await cache.match(pageKey(url));
    const age = copy ? Date.now() - Date.parse(copy.headers.get("Date") || "") : Number.NaN;
    if (age < PAGE_FRESH_MS) {
      kept += 1;
      continue;
    }
    try {
      const response = await fetch(url, { credentials: "same-origin", cache: "no-store" });
      if (isKeepable(response)) {
        await cache.put(pageKey(url), response);
        kept += 1;
      }
    } catch {
      // Kept next time.
    }
  }
  if (kept === urls.length) {
    // Every page is kept with this version's files: older versions can go,
    // and so can pages of another event opened before.
    for (const request of await cache.keys()) {
      if (!wanted.has(pageKey(request.url))) {
        await cache.delete(request);
      }
    }
    for (const name of await caches.keys()) {
      const old =
        (name.startsWith(STATIC_CACHE_PREFIX) && name !== STATIC_CACHE) ||
        (name.startsWith(PAGES_CACHE_PREFIX) && name !== PAGES_CACHE);
      if (old) {
        await caches.delete(name);
      }
    }
  }
  return kept;
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "keep-pages" && Array.isArray(data.urls)) {
    event.waitUntil(
      keepPages(data.urls).then((kept) => {
        event.source?.postMessage({ type: "pages-kept", kept, total: data.urls.length, version: CONFIG.version });
      }),
    );
  }
});
