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

// "08.03 WIB": the time in the event's zone, as bimtek.formatting writes it.
export function clock(iso, { timezone, zone, separator }) {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(iso));
  const part = (type) => parts.find((item) => item.type === type)?.value ?? "";
  const text = `${part("hour")}${separator}${part("minute")}`;
  return zone ? `${text} ${zone}` : text;
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
      return { message: words.tooEarlyTitle, detail: fill(words.tooEarly, { time: clock(answer.window_opens_at, time) }) };
    }
    if (answer.window_closes_at) {
      return { message: words.closedTitle, detail: fill(words.closed, { time: clock(answer.window_closes_at, time) }) };
    }
    return { message: words.closedTitle, detail: "" };
  }
  return { message: result, detail: "" };
}
