// A scan judged on the device, without a network: the server's rules
// (checkin.services.scan, in the same order) and result codes, and
// its words for the answer (checkin.api.messages, given by the page), so
// the door cannot tell the difference. The server judges again when the scan
// is sent; see docs/offline.md.

const TOKEN_RE = /^[A-Z2-7]{32}$/;

// participants.tokens.normalise_token
export function normalise(raw) {
  if (typeof raw !== "string" || raw.length > 256) {
    return null;
  }
  const candidate = raw.trim().toUpperCase();
  return TOKEN_RE.test(candidate) ? candidate : null;
}

function blankAnswer(session, now) {
  return {
    result: "invalid",
    reason: "",
    session,
    scanned_at: new Date(now).toISOString(),
    registration: null,
    display_name: "",
    institution: "",
    jabatan: "",
    role: "",
    event_title: "",
    checked_in_at: null,
    checked_in_by: "",
    window_opens_at: null,
    window_closes_at: null,
  };
}

// Steps 3 to 6, the same for a scanned ticket and a check-in by hand.
function judgePerson(person, answer, { roster, session, now, local, staffName }) {
  Object.assign(answer, {
    registration: person.id,
    display_name: person.name,
    institution: person.institution,
    jabatan: person.jabatan,
    role: person.role,
  });
  if (person.status !== "approved") {
    return { ...answer, result: "not_approved", reason: person.status };
  }
  // Known from the server, or admitted on this device and not sent yet.
  const first = roster.checkin(session, person.id) || local(session, person.id);
  if (first) {
    return {
      ...answer,
      result: "already_checked_in",
      checked_in_at: new Date(first.at).toISOString(),
      checked_in_by: first.by || "",
    };
  }
  const window = roster.session(session);
  if (window) {
    const opens = Date.parse(window.opens_at);
    const closes = Date.parse(window.closes_at);
    if (now < opens || now > closes) {
      return {
        ...answer,
        result: "outside_window",
        reason: now < opens ? "too_early" : "closed",
        window_opens_at: window.opens_at,
        window_closes_at: window.closes_at,
      };
    }
  }
  return { ...answer, result: "ok", checked_in_at: answer.scanned_at, checked_in_by: staffName };
}

export async function judge({ roster, raw, session, now, local, staffName }) {
  const answer = blankAnswer(session, now);
  const token = normalise(raw);
  if (!token) {
    return { ...answer, reason: "malformed" };
  }
  const hash = await roster.hash(token);
  const person = roster.person(hash);
  if (!person) {
    // A ticket of another event is not on this list either: "unknown" here,
    // the server logs it as wrong_event once the scan is sent.
    const reissued = roster.revokedRegistration(hash);
    return reissued === null
      ? { ...answer, reason: "unknown" }
      : { ...answer, reason: "reissued", registration: reissued };
  }
  return judgePerson(person, answer, { roster, session, now, local, staffName });
}

// A check-in by hand (door supervisors): found by name, so no ticket to read.
export function judgeRegistration({ roster, registration, session, now, local, staffName }) {
  const answer = blankAnswer(session, now);
  const person = roster.personById(registration);
  if (!person) {
    return { ...answer, reason: "unknown" };
  }
  return judgePerson(person, answer, { roster, session, now, local, staffName });
}

function fill(text, values) {
  return text.replace(/%\((\w+)\)s/g, (_match, name) => values[name] ?? "");
}

// "08.03 WIB": the time in the event's zone, as bimtek.formatting writes it
// ("08.03.27 WIB" with seconds).
export function clock(iso, { timezone, zone, separator, seconds = false }) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const part = (type) => parts.find((item) => item.type === type)?.value ?? "";
  let text = `${part("hour")}${separator}${part("minute")}`;
  if (seconds) text += `${separator}${part("second")}`;
  return zone ? `${text} ${zone}` : text;
}

const WEEKDAY_INDEX = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

// The calendar day in the event's zone: [year, month, day, weekday (Monday 0)].
function dayOf(iso, timezone) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    weekday: "short",
  }).formatToParts(new Date(iso));
  const part = (type) => parts.find((item) => item.type === type)?.value ?? "";
  return [Number(part("year")), Number(part("month")), Number(part("day")), WEEKDAY_INDEX[part("weekday")]];
}

// "Senin, 8 Juli 2019": bimtek.formatting.format_date, with its words.
export function dateText(iso, { timezone, words }) {
  const [year, month, day, weekday] = dayOf(iso, timezone);
  return `${words.weekdays[weekday]}, ${day} ${words.months[month - 1]} ${year}`;
}

function sameDay(iso, other, timezone) {
  return dayOf(iso, timezone).join("-") === dayOf(other, timezone).join("-");
}

// checkin.api.messages.answer_texts
export function describe(answer, { words, ...time }) {
  const { result, reason } = answer;
  if (result === "ok") {
    if (reason === "double_admission") {
      return { message: words.welcome, detail: words.doubleAdmission };
    }
    return { message: words.welcome, detail: words.roles[answer.role] || "" };
  }
  if (result === "already_checked_in") {
    const at = answer.checked_in_at ? clock(answer.checked_in_at, time) : "";
    const detail = answer.checked_in_by
      ? fill(words.firstAtBy, { time: at, staff: answer.checked_in_by })
      : fill(words.firstAt, { time: at });
    return { message: words.already, detail };
  }
  if (result === "invalid") {
    if (reason === "reissued") return { message: words.reissuedTitle, detail: words.reissued };
    if (reason === "malformed") return { message: words.malformedTitle, detail: words.malformed };
    return { message: words.unknownTitle, detail: words.unknown };
  }
  if (result === "not_approved") {
    return { message: words.notAdmitted, detail: words.statuses[reason] || words.notApproved };
  }
  if (result === "wrong_event") {
    return { message: words.otherEventTitle, detail: fill(words.otherEvent, { event: answer.event_title }) };
  }
  if (result === "outside_window") {
    if (reason === "too_early" && answer.window_opens_at) {
      const at = clock(answer.window_opens_at, time);
      const now = answer.scanned_at || new Date().toISOString();
      if (sameDay(answer.window_opens_at, now, time.timezone)) {
        return { message: words.tooEarlyTitle, detail: fill(words.tooEarly, { time: at }) };
      }
      const day = dateText(answer.window_opens_at, { timezone: time.timezone, words });
      return { message: words.tooEarlyTitle, detail: fill(words.tooEarlyDay, { day, time: at }) };
    }
    if (answer.window_closes_at) {
      return { message: words.closedTitle, detail: fill(words.closed, { time: clock(answer.window_closes_at, time) }) };
    }
    return { message: words.closedTitle, detail: "" };
  }
  return { message: result, detail: "" };
}
