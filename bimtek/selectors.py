"""Reads for the events app."""

import datetime as dt
import functools
import re
from dataclasses import dataclass
from itertools import groupby

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_administrator
from bimtek import formatting, raw_rows
from bimtek.errors import EventError
from bimtek.extensions import annotate_counters, event_counters
from bimtek.models import AuditEntry, Event, EventStaff, Institution, Session, Team
from bimtek.models.events import EventStatus
from bimtek.permissions import team_ids
from bimtek.validation import normalise_room


def event_by_code(code: str) -> Event | None:
    """The event with this code, or None. Written by hand (bimtek.raw_rows):
    the sign-up form and its submit read it first, and the ORM spent more
    CPU compiling ``Event.objects.get(code=…)`` than PostgreSQL running it;
    the ORM read is the reference in tests/bimtek/test_event_by_code.py."""
    with connections["default"].cursor() as cursor:
        cursor.execute(_event_by_code_sql(), [code])
        row = cursor.fetchone()
    return _event_columns().build(row) if row is not None else None


@functools.cache
def _event_columns() -> raw_rows.Columns:
    return raw_rows.Columns(Event, "e")


@functools.cache
def _event_by_code_sql() -> str:
    return (
        f"SELECT {_event_columns().sql} FROM {raw_rows.table(Event)} e"
        f" WHERE e.{raw_rows.column(Event, 'code')} = %s"
    )


def events_upcoming_public(*, today: dt.date | None = None) -> QuerySet[Event]:
    """Published events that have not ended yet, soonest first."""
    today = today or timezone.localdate()
    return Event.objects.filter(status=EventStatus.PUBLISHED, end_date__gte=today).order_by(
        "start_date", "title"
    )


def teams_for_organiser(user) -> QuerySet[Team]:
    """The teams ``user`` may run events for: their own; every team for an
    administrator."""
    if is_administrator(user):
        return Team.objects.order_by("name")
    return Team.objects.filter(pk__in=team_ids(user)).order_by("name")


def events_for_organiser(user) -> QuerySet[Event]:
    """The events ``user`` manages: those of their teams (every event for an
    administrator; none for anyone who is not an organiser). The lists of the
    organiser's pages start here; the permission of one event is the rule
    ``is_organiser_of_event`` (bimtek.permissions), which agrees."""
    if not user.has_perm("bimtek.access_dashboard"):
        return Event.objects.none()
    if is_administrator(user):
        return Event.objects.all()
    return Event.objects.filter(team__in=team_ids(user))


def events_for_dashboard(*, user, status: str = "", search: str = "") -> QuerySet[Event]:
    """The events ``user`` manages with the figures the apps register (one
    query in all), upcoming and running events first, then the past ones,
    newest first."""
    events = events_for_organiser(user)
    if status in EventStatus.values:
        events = events.filter(status=status)
    search = " ".join(search.split())
    if search:
        events = events.filter(
            Q(title__icontains=search)
            | Q(code__icontains=search)
            | Q(venue__icontains=search)
            | Q(city__icontains=search)
        )
    return annotate_counters(events).order_by("-start_date", "title")


def event_status_counts(*, user) -> dict[str, int]:
    """How many of ``user``'s events are in each status (the filter tabs of the list)."""
    counts = dict.fromkeys(EventStatus.values, 0)
    events = events_for_organiser(user)
    for row in events.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    counts[""] = sum(counts.values())
    return counts


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: object


def event_figures(event: Event) -> list[Figure]:
    """The registered counters for one event (one query)."""
    annotated = annotate_counters(Event.objects.filter(pk=event.pk)).first()
    if annotated is None:
        return []
    return [
        Figure(counter.key, counter.label, getattr(annotated, counter.key))
        for counter in event_counters.all()
    ]


def agenda_by_day(event: Event) -> list[tuple[dt.date, list[Session]]]:
    """The event's sessions grouped by their local date at the venue."""
    sessions = list(event.sessions.all().order_by("starts_at", "position", "id"))
    for session in sessions:
        session.event = event  # avoid one query per session for event settings
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s.local_date)]


@dataclass
class AgendaDay:
    number: int  # 1 for the first day
    date: dt.date
    sessions: list[Session]

    @property
    def total_jp(self) -> int:
        return agenda_total_jp(self.sessions)

    @property
    def key(self) -> str:
        return self.date.isoformat()


def agenda_days(event: Event) -> list[AgendaDay]:
    """Every day of the event, with its sessions (empty days too), for the
    agenda builder. Sessions on no day of the event (possible only through
    the admin) come last, on their own days."""
    grouped = dict(agenda_by_day(event))
    days = [
        AgendaDay(number=index, date=day, sessions=grouped.pop(day, []))
        for index, day in enumerate(event.days, start=1)
    ]
    days += [AgendaDay(number=0, date=day, sessions=items) for day, items in grouped.items()]
    return days


def agenda_total_jp(sessions: list[Session]) -> int:
    """JP of the sessions that count for the certificate."""
    return sum(session.jp for session in sessions if session.counts_for_certificate)


def agenda_rooms(event: Event) -> list[str]:
    """The rooms already used in the event (suggestions for the session form)."""
    return sorted(
        set(event.sessions.exclude(room="").values_list("room", flat=True)), key=str.casefold
    )


def event_audit_entries(event: Event, *, kind: str = "") -> QuerySet[AuditEntry]:
    """The event's audit trail, newest first; ``kind`` keeps one kind of entry
    (the action codes' prefix: "certificate" for "certificate.issue")."""
    entries = event.audit_entries.select_related("actor")
    if kind:
        entries = entries.filter(action__startswith=f"{kind}.")
    return entries.order_by("-created_at", "-id")


def event_staff_list(event: Event) -> QuerySet[EventStaff]:
    return (
        event.staff.select_related("user")
        .order_by("role", "user__display_name", "user__email")
        .all()
    )


def institutions_for_dashboard(*, search: str = "", category: str = "") -> QuerySet[Institution]:
    institutions = Institution.objects.select_related("category")
    search = " ".join(search.split())
    if search:
        institutions = institutions.filter(
            Q(name__icontains=search) | Q(short_name__icontains=search)
        )
    if category:
        institutions = institutions.filter(category__code=category)
    return institutions.order_by("name")


@dataclass(frozen=True)
class StatusAction:
    key: str  # publish, close_registration, reopen_registration, finish, cancel
    allowed: bool
    reason: str = ""


def event_status_actions(event: Event, *, now: dt.datetime | None = None) -> list[StatusAction]:
    """The status buttons of the organiser's overview and whether each may be
    pressed now (the services decide; this only avoids offering what they
    would refuse)."""
    now = now or timezone.now()
    today = timezone.localdate(now, event.tzinfo)
    actions: list[StatusAction] = []
    if event.status == EventStatus.DRAFT:
        actions.append(StatusAction("publish", event.end_date >= today))
    if event.status == EventStatus.PUBLISHED:
        phase = event.registration_phase(now)
        if phase == "closed":
            actions.append(StatusAction("reopen_registration", now < event.starts_at))
        else:
            actions.append(StatusAction("close_registration", True))
        actions.append(StatusAction("finish", today >= event.end_date))
        actions.append(StatusAction("cancel", True))
    return actions


# --- Clone suggestions ------------------------------------------------------------

_ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_EDITION = re.compile(
    r"\b(?P<word>Tahap|Angkatan|Gelombang|Batch|Seri|Phase)\s+(?P<number>[IVX]+|\d+)\b",
    re.IGNORECASE,
)


def _roman(number: int) -> str:
    text = ""
    for value, letters in _ROMAN:
        while number >= value:
            text += letters
            number -= value
    return text


def _from_roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for index, letter in enumerate(text):
        value = values[letter]
        following = values[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total


def next_edition_title(title: str) -> str:
    """ "Bimtek Tahap I Smart City" -> "Bimtek Tahap II Smart City"; without an
    edition number, " (2)"-style numbering is left to the organiser."""
    match = _EDITION.search(title)
    if not match:
        return title
    number = match.group("number")
    if number.isdigit():
        following = str(int(number) + 1)
    else:
        upper = number.upper()
        following = _roman(_from_roman(upper) + 1) if _from_roman(upper) < 39 else upper
    start, end = match.span("number")
    return title[:start] + following + title[end:]


def next_free_code(code: str) -> str:
    """ "bimtek-sc-1" -> "bimtek-sc-2" (or the next one nobody uses)."""
    match = re.fullmatch(r"(?P<stem>.*?)-?(?P<number>\d+)", code)
    stem, number = (match.group("stem"), int(match.group("number"))) if match else (code, 1)
    taken = {
        existing.lower()
        for existing in Event.objects.filter(code__istartswith=stem).values_list("code", flat=True)
    }
    candidate = number + 1
    while f"{stem}-{candidate}"[:40].lower() in taken:
        candidate += 1
    return f"{stem}-{candidate}"[:40]


def event_clone_suggestion(source: Event) -> dict:
    """What the clone form proposes: the next edition's title and code, a week later."""
    return {
        "title": next_edition_title(source.title),
        "code": next_free_code(source.code),
        "start_date": source.start_date + dt.timedelta(days=7),
        "copy_staff": True,
    }


def session_overlap_error(session, event) -> EventError | None:
    """Another session of the event at an overlapping time in the same room.

    A session without a room may be anywhere, so it clashes with every
    session at the same time: only sessions in two named, different rooms
    may run in parallel."""
    room = normalise_room(session.room)
    others = Session.objects.filter(
        event=event, starts_at__lt=session.ends_at, ends_at__gt=session.starts_at
    ).order_by("starts_at", "id")
    if room:
        others = others.filter(Q(room__iexact=room) | Q(room=""))
    if session.pk:
        others = others.exclude(pk=session.pk)
    other = others.first()
    if other is None:
        return None
    params = {
        "title": other.title,
        "time": formatting.format_time_range(other.starts_at, other.ends_at, tz=event.tzinfo),
        "room": other.room or room,
    }
    if room and other.room:
        message = _("This overlaps “%(title)s” (%(time)s) in %(room)s.") % params
    else:
        message = (
            _(
                "This overlaps “%(title)s” (%(time)s). Sessions at the same time need "
                "their own rooms."
            )
            % params
        )
    return EventError(message, code="session_overlap", field="starts_at")
