// The check-in API, as the scanner uses it. Every attempt carries its own
// client_id and scanned_at, so sending it again (after a timeout, or later
// from the offline queue) returns the first answer and keeps the scan's time.

const TIMEOUT_MS = 8000;
// A scan sent straight to the server: past this the door judges it itself.
const SCAN_TIMEOUT_MS = 4000;
const BATCH_TIMEOUT_MS = 20000;
const ROSTER_TIMEOUT_MS = 30000;

export class NetworkError extends Error {}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error || "";
  }
}

// No answer, or the server could not give one (it restarts, its database is
// away): try again later, the attempt keeps its client_id.
export function isTransient(error) {
  if (error instanceof NetworkError) {
    return true;
  }
  return error instanceof ApiError && (error.status >= 500 || [408, 425, 429].includes(error.status));
}

// The sign-in ran out (or its CSRF token changed): the door keeps scanning
// and queueing until staff sign in again. Our own refusals carry a code.
export function isSignedOut(error) {
  return error instanceof ApiError && (error.status === 401 || (error.status === 403 && !error.code));
}

// The cookie holds the current token even when this page is a copy kept
// offline from before the last sign-in (which changes it).
function csrfToken(fallback) {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : fallback;
}

export function createApi(config) {
  async function request(url, { method = "GET", body, timeout = TIMEOUT_MS } = {}) {
    // Known to be offline: do not even try (and leave no error in the console).
    if (navigator.onLine === false) {
      throw new NetworkError("offline");
    }
    const options = {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: AbortSignal.timeout(timeout),
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = csrfToken(config.csrf);
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (error) {
      throw new NetworkError(error.message);
    }
    if (response.status === 204) {
      return null;
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      throw new ApiError(response.status, data);
    }
    return data;
  }

  return {
    // One try, briefly: if it fails the door answers offline at once.
    checkin(attempt) {
      return request(config.api.checkin, { method: "POST", body: attempt, timeout: SCAN_TIMEOUT_MS });
    },
    manual(attempt) {
      return request(config.api.manual, { method: "POST", body: attempt, timeout: SCAN_TIMEOUT_MS });
    },
    batch(attempts) {
      return request(config.api.batch, {
        method: "POST",
        body: { attempts },
        timeout: BATCH_TIMEOUT_MS,
      });
    },
    roster(params) {
      const query = new URLSearchParams(
        Object.entries(params).filter(([, value]) => value !== undefined && value !== null),
      );
      return request(`${config.api.roster}?${query}`, { timeout: ROSTER_TIMEOUT_MS });
    },
    undo(checkinId, body) {
      const url = config.api.undo.replace("/0/", `/${encodeURIComponent(checkinId)}/`);
      return request(url, { method: "POST", body });
    },
    attendance() {
      return request(config.api.attendance);
    },
    search(query) {
      return request(`${config.api.search}?q=${encodeURIComponent(query)}`);
    },
  };
}
