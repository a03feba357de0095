"""Reads for attendance: live figures, who came and who is missing, the daftar
hadir, attendance across sessions, the scan log and the devices seen.

Every list here costs a fixed number of queries whatever the number of rows.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    Count,
    Exists,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncMinute
from django.utils import translation

from bimtek.models import Event, Session
from checkin.models import CheckIn, ScanLog
from participants.models import Registration
from participants.models.registrations import RegistrationStatus


@dataclass
class CategoryFigures:
    name: str
    expected: int
    present: int

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0


@dataclass
class SessionFigures:
    session: Session
    expected: int
    present: int
    present_unexpected: int  # checked in, but no longer approved (e.g. cancelled later)
    categories: list[CategoryFigures]

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0

    @property
    def missing(self) -> int:
        return max(self.expected - (self.present - self.present_unexpected), 0)


def session_figures(*, session: Session) -> SessionFigures:
    """Present against expected for one session, by institution category (two
    queries). Expected: the event's approved registrations."""
    rows = (
        Registration.objects.filter(event_id=session.event_id, status=RegistrationStatus.APPROVED)
        .annotate(here=FilteredRelation("checkins", condition=Q(checkins__session_id=session.pk)))
        .values(
            "participant__institution__category__name",
            "participant__institution__category__name_en",
            "participant__institution__category__sort_order",
        )
        .annotate(expected=Count("id"), present=Count("here__id"))
        .order_by("participant__institution__category__sort_order")
    )
    english = translation.get_language() == "en"
    categories = [
        CategoryFigures(
            name=(
                row["participant__institution__category__name_en"]
                if english and row["participant__institution__category__name_en"]
                else row["participant__institution__category__name"]
            ),
            expected=row["expected"],
            present=row["present"],
        )
        for row in rows
    ]
    present_total = CheckIn.objects.filter(session=session).count()
    present_approved = sum(c.present for c in categories)
    return SessionFigures(
        session=session,
        expected=sum(c.expected for c in categories),
        present=present_total,
        present_unexpected=present_total - present_approved,
        categories=categories,
    )


ARRIVAL_BIN = dt.timedelta(minutes=5)
MAX_ARRIVAL_BINS = 12 * 12  # twelve hours; a longer span shows its last twelve


@dataclass
class ArrivalBin:
    starts_at: dt.datetime
    count: int

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + ARRIVAL_BIN


def _bin_start(value: dt.datetime) -> dt.datetime:
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return epoch + ((value - epoch) // ARRIVAL_BIN) * ARRIVAL_BIN


def session_arrivals(
    *, session: Session, opens_at: dt.datetime, closes_at: dt.datetime
) -> list[ArrivalBin]:
    """Check-ins per five minutes (the arrival curve), from the check-in
    window's opening to its closing, widened to any check-in outside it; one
    query, which returns a row per minute with check-ins, never per person."""
    per_minute = (
        CheckIn.objects.filter(session=session)
        .annotate(minute=TruncMinute("checked_in_at", tzinfo=dt.UTC))
        .values("minute")
        .annotate(n=Count("id"))
        .order_by("minute")
    )
    counts: dict[dt.datetime, int] = {}
    for row in per_minute:
        start = _bin_start(row["minute"])
        counts[start] = counts.get(start, 0) + row["n"]
    first = _bin_start(min([opens_at, *counts]))
    last = _bin_start(max([closes_at - dt.timedelta(microseconds=1), *counts]))
    n_bins = min((last - first) // ARRIVAL_BIN + 1, MAX_ARRIVAL_BINS)
    first = last - (n_bins - 1) * ARRIVAL_BIN
    return [
        ArrivalBin(starts_at=first + i * ARRIVAL_BIN, count=counts.get(first + i * ARRIVAL_BIN, 0))
        for i in range(n_bins)
    ]


def event_session_figures(*, event: Event) -> list[tuple[Session, int]]:
    """Each session of the event with its number of check-ins (one query)."""
    sessions = (
        Session.objects.filter(event=event)
        .select_related("checkin_override")
        .annotate(present=Count("checkins"))
        .order_by("starts_at", "position", "id")
    )
    result = []
    for session in sessions:
        session.event = event
        result.append((session, session.present))
    return result


def event_expected(*, event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED).count()


def session_present(*, session: Session) -> QuerySet[CheckIn]:
    """Who came to the session, in the order they came."""
    return (
        CheckIn.objects.filter(session=session)
        .select_related("registration__participant__institution__category", "checked_in_by")
        .order_by("checked_in_at", "id")
    )


def session_missing(*, session: Session, query: str = "") -> QuerySet[Registration]:
    """Approved registrations of the event not checked in to the session."""
    registrations = Registration.objects.filter(
        event_id=session.event_id, status=RegistrationStatus.APPROVED
    ).exclude(Exists(CheckIn.objects.filter(session=session, registration=OuterRef("pk"))))
    for word in query.split()[:5]:
        registrations = registrations.filter(
            Q(participant__full_name__icontains=word)
            | Q(participant__institution__name__icontains=word)
            | Q(participant__nip__startswith=word)
        )
    return registrations.select_related("participant__institution__category").order_by(
        "participant__institution__category__sort_order",
        "participant__institution__name",
        "participant__full_name",
        "id",
    )


def session_attendance_sheet(*, session: Session) -> list[tuple[Registration, CheckIn | None]]:
    """For the daftar hadir: every approved registration, and anyone else who
    was checked in, with their check-in (two queries), sorted by name."""
    checkins = {c.registration_id: c for c in CheckIn.objects.filter(session=session)}
    registrations = (
        Registration.objects.filter(event_id=session.event_id)
        .filter(
            Q(status=RegistrationStatus.APPROVED)
            | Exists(CheckIn.objects.filter(session=session, registration=OuterRef("pk")))
        )
        .select_related("participant__institution")
        .order_by("participant__full_name", "id")
    )
    return [(registration, checkins.get(registration.pk)) for registration in registrations]


@dataclass
class ParticipantAttendance:
    registration: Registration
    checkins: list[CheckIn | None]  # one per session, in session order
    attended: int
    attended_counting: int
    jp: int


def event_attendance_matrix(*, event: Event) -> tuple[list[Session], list[ParticipantAttendance]]:
    """Each approved participant (and anyone checked in) across every session
    of the event: three queries whatever the size."""
    sessions = list(Session.objects.filter(event=event).order_by("starts_at", "position", "id"))
    for session in sessions:
        session.event = event
    index = {session.pk: i for i, session in enumerate(sessions)}
    by_registration: dict[int, list[CheckIn | None]] = {}
    for checkin in CheckIn.objects.filter(session__event=event).only(
        "id", "registration_id", "session_id", "checked_in_at", "method"
    ):
        row = by_registration.setdefault(checkin.registration_id, [None] * len(sessions))
        row[index[checkin.session_id]] = checkin
    registrations = (
        Registration.objects.filter(event=event)
        .filter(
            Q(status=RegistrationStatus.APPROVED)
            | Exists(CheckIn.objects.filter(session__event=event, registration=OuterRef("pk")))
        )
        .select_related("participant__institution")
        .order_by("participant__full_name", "id")
    )
    rows = []
    for registration in registrations:
        checkins = by_registration.get(registration.pk, [None] * len(sessions))
        present = [s for s, c in zip(sessions, checkins, strict=True) if c is not None]
        counting = [s for s in present if s.counts_for_certificate]
        rows.append(
            ParticipantAttendance(
                registration=registration,
                checkins=checkins,
                attended=len(present),
                attended_counting=len(counting),
                jp=sum(s.jp for s in counting),
            )
        )
    return sessions, rows


def event_scan_log(*, event: Event, session_id: int | None = None, result: str = ""):
    """Every attempt at the event's doors, newest first."""
    entries = ScanLog.objects.filter(session__event=event)
    if session_id:
        entries = entries.filter(session_id=session_id)
    if result:
        entries = entries.filter(result=result)
    return entries.select_related("session", "staff", "registration__participant").order_by(
        "-received_at", "-id"
    )


def event_devices(*, event: Event) -> list[dict]:
    """The devices seen at the event's doors: staff, scans and last scan (one query)."""
    return list(
        ScanLog.objects.filter(session__event=event)
        .values("device", "staff__display_name", "staff__email")
        .annotate(scans=Count("id"), last_seen=Max("received_at"))
        .order_by("-last_seen")
    )
