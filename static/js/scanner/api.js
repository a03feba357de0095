// The check-in API, as the scanner uses it. Every attempt carries its own
// client_id and scanned_at, so sending it again (after a timeout, or later
// from an offline queue) returns the first answer and keeps the scan's time.

const TIMEOUT_MS = 8000;
const RETRIES = 2;

export class NetworkError extends Error {}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error || "";
  }
}

export function createApi(config) {
  async function request(url, { method = "GET", body } = {}) {
    const options = {
      method,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.headers["X-CSRFToken"] = config.csrf;
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

  async function withRetries(send) {
    let lastError;
    for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
      try {
        return await send();
      } catch (error) {
        if (!(error instanceof NetworkError)) {
          throw error;
        }
        lastError = error;
        await new Promise((resolve) => setTimeout(resolve, 300 * (attempt + 1)));
      }
    }
    throw lastError;
  }

  return {
    checkin(attempt) {
      return withRetries(() => request(config.api.checkin, { method: "POST", body: attempt }));
    },
    manual(attempt) {
      return withRetries(() => request(config.api.manual, { method: "POST", body: attempt }));
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
