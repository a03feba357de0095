"""The offline judge (static/js/scanner/judge.js, run with node) and the
server's (checkin.services.scan.checkin_record) give the same verdict.

Each case builds real rows, then the device's side gets the roster exactly as
the server sends it (checkin.selectors.roster.event_roster), read by the
device's own code (roster.js), and judges the scan with judge.js; the server
judges the same scan at the same moment. Where the device cannot know better
(another event's ticket is not on this event's list, docs/offline.md) the case
says what it answers instead, as ``offline=``. Without node this test fails:
it is the only guard of the offline judge.
"""

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from bimtek.models import Event, Session
from checkin.models.checkins import CheckInMethod, ScanResult
from checkin.selectors.roster import event_roster
from checkin.services.attempts import ScanAttempt
from checkin.services.corrections import checkin_window_override_set
from checkin.services.scan import checkin_record
from participants.models.registrations import RegistrationRole, RegistrationStatus
from participants.tokens import new_ticket_token
from tests import factories

pytestmark = pytest.mark.django_db

SCANNER_JS = Path(settings.BASE_DIR) / "static" / "js" / "scanner"

# Reads the roster through roster.js (with a stand-in for IndexedDB) and
# judges every scan with judge.js; prints the answers as JSON.
NODE_SCRIPT = """
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [input, scannerDir] = process.argv.slice(1);
globalThis.window = { isSecureContext: true, crypto: globalThis.crypto };
const { createRoster } = await import(pathToFileURL(`${scannerDir}/roster.js`));
const { judge, judgeRegistration } = await import(pathToFileURL(`${scannerDir}/judge.js`));

const { roster: data, scans } = JSON.parse(readFileSync(input, "utf8"));
const store = { put() {}, delete() {}, index: () => ({ getAllKeys: async () => [] }) };
const db = {
  get: async () => undefined,
  put: async () => {},
  getAllFromIndex: async () => [],
  transaction: () => ({ objectStore: () => store, done: Promise.resolve() }),
};
const roster = createRoster({
  db,
  event: data.event.code,
  api: { roster: async () => data },
  device: { id: "parity", name: () => "Parity" },
});
await roster.refresh();
if (!roster.ready) throw new Error("roster not ready");

const answers = [];
for (const scan of scans) {
  const { session, now } = scan;
  const common = { roster, session, now, local: () => null, staffName: "Petugas" };
  answers.push(
    scan.registration === undefined
      ? await judge({ ...common, raw: scan.raw })
      : judgeRegistration({ ...common, registration: scan.registration }),
  );
}
process.stdout.write(JSON.stringify(answers));
"""


@dataclass
class World:
    event: Event
    now: dt.datetime  # the moment of the scans (in the past, so the server keeps it)
    session: Session  # running: its window is open at ``now``


@dataclass
class Scan:
    session: Session
    at: dt.datetime
    raw: object = None  # what the scanner read
    registration_id: int | None = None  # a check-in by hand instead


@dataclass(frozen=True)
class Case:
    arrange: Callable[[World], Scan]
    result: str
    reason: str = ""
    # What the offline judge says instead: it holds this event's list only, so
    # another event's ticket, current or revoked, is unknown to it
    # (docs/offline.md, "wrong_event cannot be told offline").
    offline: tuple[str, str] | None = None


def ticket(world: World, *, session=None, at=None, raw=None, **fields) -> Scan:
    registration = factories.RegistrationFactory(event=world.event, **fields)
    return Scan(
        session=session or world.session,
        at=at or world.now,
        raw=registration.token if raw is None else raw(registration.token),
    )


def by_hand(world: World, **fields) -> Scan:
    registration = factories.RegistrationFactory(event=world.event, **fields)
    return Scan(session=world.session, at=world.now, registration_id=registration.pk)


def checked_in(world: World, *, hand=False, session=None, **fields) -> Scan:
    registration = factories.RegistrationFactory(event=world.event, **fields)
    factories.CheckInFactory(
        registration=registration,
        session=session or world.session,
        checked_in_at=world.now - dt.timedelta(minutes=3),
        checked_in_by=factories.EventStaffFactory(event=world.event).user,
    )
    if hand:
        return Scan(session=world.session, at=world.now, registration_id=registration.pk)
    return Scan(session=world.session, at=world.now, raw=registration.token)


def reissued(world: World, *, event=None, **fields) -> Scan:
    registration = factories.RegistrationFactory(event=event or world.event, **fields)
    old = factories.RevokedTokenFactory(registration=registration)
    return Scan(session=world.session, at=world.now, raw=old.token)


def in_session(world: World, *, at: Callable[[Session], dt.datetime] | None, **times) -> Scan:
    session = factories.SessionFactory(event=world.event, **times)
    return ticket(world, session=session, at=at(session) if at else None)


def overridden(world: World, *, opens: dt.timedelta, closes: dt.timedelta, **times) -> Scan:
    session = factories.SessionFactory(event=world.event, **times)
    checkin_window_override_set(
        actor=factories.organiser_user(),
        session=session,
        opens_at=world.now + opens,
        closes_at=world.now + closes,
        reason="Acara mundur",
    )
    return ticket(world, session=session)


def other_event(world: World, *, hand=False) -> Scan:
    registration = factories.RegistrationFactory()
    if hand:
        return Scan(session=world.session, at=world.now, registration_id=registration.pk)
    return Scan(session=world.session, at=world.now, raw=registration.token)


MS = dt.timedelta(milliseconds=1)
HOUR = dt.timedelta(hours=1)
OK, INVALID, NOT_APPROVED = ScanResult.OK, ScanResult.INVALID, ScanResult.NOT_APPROVED
ALREADY, OUTSIDE = ScanResult.ALREADY_CHECKED_IN, ScanResult.OUTSIDE_WINDOW
Status, Role = RegistrationStatus, RegistrationRole


def _ago(hours: float, *, lasting: float = 1.5):
    """Session times ``hours`` before the world's moment (negative: later)."""
    return lambda world: {
        "starts_at": world.now - dt.timedelta(hours=hours),
        "ends_at": world.now - dt.timedelta(hours=hours - lasting),
    }


def _session(times, at=None):
    return lambda world: in_session(world, at=at, **times(world))


def _override(times, *, opens, closes):
    return lambda world: overridden(world, opens=opens, closes=closes, **times(world))


def _checked_in_then_closed(world: World) -> Scan:
    session = factories.SessionFactory(event=world.event, **_ago(3)(world))
    scan = checked_in(world, session=session)
    scan.session, scan.at = session, session.ends_at + HOUR
    return scan


CASES = {
    # Valid tickets
    "approved_in_window": Case(ticket, OK),
    "scanner_case_and_spaces": Case(
        lambda w: ticket(w, raw=lambda token: f"  {token.lower()}\r\n"), OK
    ),
    "role_narasumber": Case(lambda w: ticket(w, role=Role.SPEAKER), OK),
    "role_moderator": Case(lambda w: ticket(w, role=Role.MODERATOR), OK),
    "role_panitia": Case(lambda w: ticket(w, role=Role.ORGANISER), OK),
    "checked_in_elsewhere_only": Case(
        lambda w: checked_in(w, session=factories.SessionFactory(event=w.event)), OK
    ),
    # Already in
    "already_checked_in": Case(checked_in, ALREADY),
    "already_checked_in_window_closed_since": Case(_checked_in_then_closed, ALREADY),
    # Not a ticket of this list
    "unknown_token": Case(
        lambda w: ticket(w, raw=lambda _token: new_ticket_token()), INVALID, "unknown"
    ),
    "malformed_short": Case(lambda w: ticket(w, raw=lambda _token: "ABC123"), INVALID, "malformed"),
    "malformed_alphabet": Case(
        lambda w: ticket(w, raw=lambda token: token[:31] + "1"), INVALID, "malformed"
    ),
    "malformed_too_long": Case(
        lambda w: ticket(w, raw=lambda token: token + " " * 300), INVALID, "malformed"
    ),
    "malformed_empty": Case(lambda w: ticket(w, raw=lambda _token: ""), INVALID, "malformed"),
    "malformed_not_text": Case(lambda w: ticket(w, raw=lambda _token: 12345), INVALID, "malformed"),
    "reissued": Case(reissued, INVALID, "reissued"),
    "reissued_of_cancelled": Case(
        lambda w: reissued(w, status=Status.CANCELLED), INVALID, "reissued"
    ),
    "other_event": Case(
        other_event, ScanResult.WRONG_EVENT, "other_event", offline=(INVALID, "unknown")
    ),
    # The server looks revoked tokens up across events; the device cannot.
    "reissued_of_other_event": Case(
        lambda w: reissued(w, event=factories.EventFactory()),
        INVALID,
        "reissued",
        offline=(INVALID, "unknown"),
    ),
    # Not admitted
    "cancelled": Case(lambda w: ticket(w, status=Status.CANCELLED), NOT_APPROVED, "cancelled"),
    "pending": Case(lambda w: ticket(w, status=Status.PENDING), NOT_APPROVED, "pending"),
    "waitlisted": Case(lambda w: ticket(w, status=Status.WAITLISTED), NOT_APPROVED, "waitlisted"),
    "rejected": Case(lambda w: ticket(w, status=Status.REJECTED), NOT_APPROVED, "rejected"),
    "cancelled_after_checkin": Case(
        lambda w: checked_in(w, status=Status.CANCELLED), NOT_APPROVED, "cancelled"
    ),
    # The window
    "too_early": Case(_session(_ago(-3)), OUTSIDE, "too_early"),
    "closed": Case(_session(_ago(3), at=lambda s: s.ends_at + HOUR), OUTSIDE, "closed"),
    "window_opens_exactly": Case(_session(_ago(2), at=lambda s: s.checkin_opens_at), OK),
    "window_opens_1ms_later": Case(
        _session(_ago(2), at=lambda s: s.checkin_opens_at - MS), OUTSIDE, "too_early"
    ),
    "window_closes_exactly": Case(_session(_ago(3), at=lambda s: s.checkin_closes_at), OK),
    "window_closed_1ms_ago": Case(
        _session(_ago(3), at=lambda s: s.checkin_closes_at + MS), OUTSIDE, "closed"
    ),
    "override_opens_future_session": Case(_override(_ago(-5), opens=-HOUR, closes=HOUR), OK),
    "override_reopens_ended_session": Case(_override(_ago(5), opens=-HOUR, closes=HOUR), OK),
    "override_closes_running_session": Case(
        _override(_ago(0.5), opens=-3 * HOUR, closes=-2 * HOUR), OUTSIDE, "closed"
    ),
    "override_opens_later": Case(
        _override(_ago(0.5), opens=HOUR, closes=2 * HOUR), OUTSIDE, "too_early"
    ),
    # Check-in by hand (a supervisor found the person by name)
    "hand_approved": Case(by_hand, OK),
    "hand_narasumber": Case(lambda w: by_hand(w, role=Role.SPEAKER), OK),
    "hand_already_checked_in": Case(lambda w: checked_in(w, hand=True), ALREADY),
    "hand_cancelled": Case(
        lambda w: by_hand(w, status=Status.CANCELLED), NOT_APPROVED, "cancelled"
    ),
    "hand_pending": Case(lambda w: by_hand(w, status=Status.PENDING), NOT_APPROVED, "pending"),
    "hand_unknown_registration": Case(
        lambda w: Scan(session=w.session, at=w.now, registration_id=2_000_000_000),
        INVALID,
        "unknown",
    ),
    "hand_other_event": Case(
        lambda w: other_event(w, hand=True),
        ScanResult.WRONG_EVENT,
        "other_event",
        offline=(INVALID, "unknown"),
    ),
}


@pytest.fixture
def world(event):
    # Whole seconds, a minute ago: the server keeps a scan's own time when it
    # is in the past, so both judges see the same moment.
    now = timezone.now().replace(microsecond=0) - dt.timedelta(minutes=1)
    session = factories.SessionFactory(
        event=event, starts_at=now - dt.timedelta(minutes=10), ends_at=now + HOUR
    )
    return World(event=event, now=now, session=session)


def offline_answers(*, event: Event, scans: list[Scan], tmp_path: Path) -> list[dict]:
    node = shutil.which("node")
    assert node is not None, "node is needed to run the offline judge (static/js/scanner)"
    roster = event_roster(event=event).data
    payload = {
        "roster": json.loads(json.dumps(roster)),  # as the API sends it
        "scans": [
            {"session": scan.session.pk, "now": int(scan.at.timestamp() * 1000)}
            | (
                {"raw": scan.raw}
                if scan.registration_id is None
                else {"registration": scan.registration_id}
            )
            for scan in scans
        ],
    }
    path = tmp_path / "parity.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    completed = subprocess.run(
        [node, "--input-type=module", "-e", NODE_SCRIPT, str(path), str(SCANNER_JS)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


def server_answer(scan: Scan):
    staff = factories.EventStaffFactory(event=scan.session.event).user
    if scan.registration_id is None:
        attempt = ScanAttempt(token=scan.raw, scanned_at=scan.at)
    else:
        attempt = ScanAttempt(
            registration_id=scan.registration_id,
            method=CheckInMethod.MANUAL,
            reason="Tiket tertinggal",
            scanned_at=scan.at,
        )
    return checkin_record(session=scan.session, staff=staff, attempt=attempt)


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_offline_judge_agrees_with_server(case, world, tmp_path):
    scan = case.arrange(world)

    # The device judges with the roster it had before the scan.
    (offline,) = offline_answers(event=world.event, scans=[scan], tmp_path=tmp_path)
    server = server_answer(scan)

    assert (server.result, server.reason) == (case.result, case.reason)
    expected_offline = case.offline or (case.result, case.reason)
    assert (offline["result"], offline["reason"]) == expected_offline
    if case.offline is None:
        assert offline["registration"] == server.registration_id
        assert offline["role"] == server.role
        assert offline["display_name"] == server.display_name
        assert offline["institution"] == server.institution
    if server.result == ALREADY:
        assert dt.datetime.fromisoformat(offline["checked_in_at"]) == server.checked_in_at
        assert offline["checked_in_by"] == server.checked_in_by
    if server.result == OUTSIDE:
        assert dt.datetime.fromisoformat(offline["window_opens_at"]) == server.window_opens_at
        assert dt.datetime.fromisoformat(offline["window_closes_at"]) == server.window_closes_at


def test_parity_table_covers_every_offline_verdict():
    """A verdict or reason judge.js can give is in the table above."""
    source = (SCANNER_JS / "judge.js").read_text(encoding="utf-8")
    judge_source = source.split("function fill(")[0]
    offline = {case.offline or (case.result, case.reason) for case in CASES.values()}
    for reason in ("malformed", "unknown", "reissued", "too_early", "closed"):
        assert f'"{reason}"' in judge_source
        assert any(found == reason for _result, found in offline), reason
    for status in Status.values:
        if status != Status.APPROVED:
            assert (NOT_APPROVED, status) in offline
    for result in (OK, ALREADY, OUTSIDE, INVALID, NOT_APPROVED):
        assert f'"{result}"' in judge_source
        assert any(found == result for found, _reason in offline), result
