"""Reads for offline scanning: the roster a door device keeps (full, or the
changes since a version), the devices' roster state for the organiser, and
the conflicts between offline scans. See docs/offline.md.

The roster holds, per registration of the event (every status, so a
cancelled ticket is refused offline like online): a one-way hash of its
token, status, role, name with titles and institution — what the offline
judge needs for its answer, nothing more (no position, e-mail, NIP or phone:
every door device holds it, a steward's too; UU PDP 27/2022); hashes of
revoked (reissued) tokens; every session with its check-in window; and the
check-ins known so far. Compact rows (lists, not objects) and an institution
table keep a 5,000-person roster small (docs/benchmarks.md).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bimtek.models import Event, Session
from checkin.models import CheckIn, CheckInConflict, DoorRosterSync, ScanLog
from checkin.models.checkins import ScanAction
from checkin.selectors.window import checkin_window
from participants.models import Registration, RevokedToken
from participants.models.people import format_display_name
from participants.tokens import ROSTER_HASH_LENGTH, roster_salt, roster_token_hash

ROSTER_FORMAT = 1
# Changes are found by their timestamps. A change is stamped inside its
# transaction and becomes visible at commit, a moment later: a roster read in
# between would miss it. So each incremental roster repeats the changes of
# this long before the version asked for (repeats are harmless: the device
# replaces rows by id). Longer than any transaction that changes a roster
# (a 5,000-row import commits in ~5 s) and than app servers' clock skew.
ROSTER_OVERLAP = dt.timedelta(seconds=90)
# An older version gets the whole roster again instead of the changes.
ROSTER_DELTA_MAX_AGE = dt.timedelta(hours=12)
# A device whose roster is older than this is shown as out of touch.
ROSTER_STALE_AFTER = dt.timedelta(minutes=10)


def roster_version(at: dt.datetime) -> int:
    """The change cursor: the server's clock in microseconds, so it only grows."""
    return int(at.timestamp() * 1_000_000)


def version_time(version: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(version / 1_000_000, tz=dt.UTC)


def _epoch_ms(value: dt.datetime) -> int:
    return int(value.timestamp() * 1000)


@dataclass
class Roster:
    data: dict
    version: int
    full: bool


def _sessions(event: Event) -> list[dict]:
    sessions = (
        Session.objects.filter(event=event)
        .select_related("checkin_override")
        .order_by("starts_at", "position", "id")
    )
    rows = []
    for session in sessions:
        session.event = event
        window = checkin_window(session)
        rows.append(
            {
                "id": session.pk,
                "title": session.title,
                "starts_at": session.starts_at.isoformat(),
                "ends_at": session.ends_at.isoformat(),
                "opens_at": window.opens_at.isoformat(),
                "closes_at": window.closes_at.isoformat(),
                "overridden": window.overridden,
            }
        )
    return rows


def event_roster(*, event: Event, since: int | None = None, now: dt.datetime | None = None):
    """The roster of ``event`` for a door device: everything, or (``since``:
    a version this function returned before) what changed since then.

    Four queries for the whole roster, seven for the changes, whatever the
    number of people. Tokens never leave: only ``roster_token_hash``."""
    now = now or timezone.now()
    version = roster_version(now)
    full = (
        since is None
        or since > version  # a version from the future: not ours
        or version_time(since) < now - ROSTER_DELTA_MAX_AGE
    )
    changed_since = None if full else version_time(since) - ROSTER_OVERLAP
    salt = roster_salt(event.pk)

    registrations = Registration.objects.filter(event=event)
    revoked = RevokedToken.objects.filter(registration__event=event)
    checkins = CheckIn.objects.filter(session__event=event)
    if changed_since is not None:
        registrations = registrations.filter(
            Q(created_at__gte=changed_since)
            | Q(status_changed_at__gte=changed_since)
            | Q(participant__updated_at__gte=changed_since)
            | Exists(
                RevokedToken.objects.filter(
                    registration=OuterRef("pk"), revoked_at__gte=changed_since
                )
            )
        )
        revoked = revoked.filter(revoked_at__gte=changed_since)
        # New check-ins, and those an earlier offline scan has moved back in time.
        checkins = checkins.filter(
            Q(recorded_at__gte=changed_since)
            | Q(
                pk__in=CheckInConflict.objects.filter(
                    session__event=event, detected_at__gte=changed_since, replaced=True
                ).values("checkin_id")
            )
        )

    institutions: dict[int, str] = {}
    rows = []
    for (
        pk,
        token,
        status,
        role,
        full_name,
        title_front,
        title_back,
        institution_id,
        institution_name,
    ) in registrations.order_by("id").values_list(
        "id",
        "token",
        "status",
        "role",
        "participant__full_name",
        "participant__title_front",
        "participant__title_back",
        "participant__institution_id",
        "participant__institution__name",
    ):
        institutions[institution_id] = institution_name
        rows.append(
            [
                pk,
                roster_token_hash(salt, token),
                status,
                role,
                format_display_name(full_name, title_front, title_back),
                institution_id,
            ]
        )

    staff: dict[int, str] = {}
    checkin_rows = []
    for registration_id, session_id, at, by_id, by_name, by_email in checkins.order_by(
        "id"
    ).values_list(
        "registration_id",
        "session_id",
        "checked_in_at",
        "checked_in_by_id",
        "checked_in_by__display_name",
        "checked_in_by__email",
    ):
        if by_id is not None:
            staff[by_id] = by_name or by_email
        checkin_rows.append([registration_id, session_id, _epoch_ms(at), by_id])

    data = {
        "format": ROSTER_FORMAT,
        "version": version,
        "full": full,
        "server_time": now.isoformat(),
        "event": {
            "code": event.code,
            "title": event.title,
            "timezone": event.timezone,
            "zone": event.zone_abbreviation,
        },
        "salt": salt,
        "hash_length": ROSTER_HASH_LENGTH,
        "sessions": _sessions(event),
        "institutions": {str(key): name for key, name in institutions.items()},
        "registrations": rows,
        "revoked": [
            [roster_token_hash(salt, token), registration_id]
            for token, registration_id in revoked.order_by("id").values_list(
                "token", "registration_id"
            )
        ],
        "staff": {str(key): name for key, name in staff.items()},
        "checkins": checkin_rows,
    }
    if full:
        data["removed_checkins"] = []
        per_session: dict[int, int] = {}
        for row in checkin_rows:
            per_session[row[1]] = per_session.get(row[1], 0) + 1
        data["totals"] = {"registrations": len(rows), "checkins": per_session}
    else:
        # Undone check-ins (the row is gone; the scan log keeps the undo).
        data["removed_checkins"] = [
            list(pair)
            for pair in ScanLog.objects.filter(
                session__event=event, action=ScanAction.UNDO, received_at__gte=changed_since
            ).values_list("registration_id", "session_id")
            if pair[0] is not None
        ]
        # So the device can tell it missed something and fetch it all.
        data["totals"] = {
            "registrations": Registration.objects.filter(event=event).count(),
            "checkins": dict(
                CheckIn.objects.filter(session__event=event)
                .order_by()
                .values("session_id")
                .annotate(n=Count("id"))
                .values_list("session_id", "n")
            ),
        }
    data["totals"]["checkins"] = {str(k): v for k, v in data["totals"]["checkins"].items()}
    return Roster(data=data, version=version, full=full)


def event_roster_syncs(*, event: Event) -> QuerySet[DoorRosterSync]:
    """The devices holding the event's roster, newest first, each with
    ``changes_behind``: registrations changed (approved, cancelled, new) or
    tickets reissued since its last download — what it would still judge
    the old way. One query."""
    status_changes = (
        Registration.objects.filter(
            event_id=OuterRef("event_id"), status_changed_at__gt=OuterRef("synced_at")
        )
        .order_by()
        .values("event_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    reissues = (
        RevokedToken.objects.filter(
            registration__event_id=OuterRef("event_id"), revoked_at__gt=OuterRef("synced_at")
        )
        .order_by()
        .values("registration__event_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return (
        DoorRosterSync.objects.filter(event=event)
        .select_related("staff")
        .annotate(
            changes_behind=Coalesce(Subquery(status_changes, output_field=IntegerField()), zero)
            + Coalesce(Subquery(reissues, output_field=IntegerField()), zero)
        )
        .order_by("-synced_at", "-id")
    )


def event_conflicts(*, event: Event) -> QuerySet[CheckInConflict]:
    """Clashes between offline scans and the server, unreviewed first."""
    return (
        CheckInConflict.objects.filter(session__event=event)
        .select_related(
            "session",
            "registration__participant__institution",
            "staff",
            "other_staff",
            "reviewed_by",
            "checkin",
        )
        .order_by(F("reviewed_at").asc(nulls_first=True), "-detected_at", "-id")
    )


def event_open_conflicts(*, event: Event) -> int:
    return CheckInConflict.objects.filter(session__event=event, reviewed_at__isnull=True).count()
