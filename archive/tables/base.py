"""What every table of an archive shares: the context (event, sessions,
labels), the table's description and the helpers that format cells."""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from bimtek.models import Event, Session
from bimtek.models.events import (
    ApprovalMode,
    EventStatus,
    EventTimezone,
    RegistrationMode,
    StaffRole,
)
from certificates.models import ExceptionDecision
from checkin.models.checkins import CheckInMethod, ScanAction, ScanResult
from participants.models import Registration
from participants.models.people import Employment, PangkatGolongan
from participants.models.registrations import (
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)

CHUNK = 2000


@dataclass
class Context:
    """What every table of one archive shares: the event, its sessions and
    the labels of coded values (looked up once, in Bahasa Indonesia)."""

    event: Event
    sessions: list[Session] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def for_event(cls, event: Event) -> "Context":
        sessions = list(
            event.sessions.select_related("checkin_override").order_by(
                "starts_at", "position", "id"
            )
        )
        for session in sessions:
            session.event = event
        labels = {
            name: {value: str(label) for value, label in choices.choices}
            for name, choices in {
                "role": RegistrationRole,
                "status": RegistrationStatus,
                "source": RegistrationSource,
                "employment": Employment,
                "pangkat": PangkatGolongan,
                "method": CheckInMethod,
                "action": ScanAction,
                "result": ScanResult,
                "decision": ExceptionDecision,
                "staff_role": StaffRole,
                "event_status": EventStatus,
                "registration_mode": RegistrationMode,
                "approval_mode": ApprovalMode,
                "timezone": EventTimezone,
            }.items()
        }
        return cls(event=event, sessions=sessions, labels=labels)

    def when(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return timezone.localtime(value, self.event.tzinfo).isoformat(timespec="seconds")

    def label(self, kind: str, value: str) -> str:
        return self.labels[kind].get(value, value) if value else ""


def yes_no(value: bool) -> str:
    return "ya" if value else "tidak"


def user_label(user) -> str:
    if user is None:
        return ""
    name = getattr(user, "display_name", "") or ""
    return f"{name} <{user.email}>" if name else user.email


def masked(scanned: str) -> str:
    """A scanned code is a ticket's secret while the ticket is valid: the
    archive keeps enough to tell codes apart, not enough to reuse one."""
    return f"{scanned[:6]}…" if len(scanned) > 6 else scanned


@dataclass(frozen=True)
class Table:
    name: str  # the file name without extension, e.g. "03_peserta"
    sheet: str  # the XLSX sheet (at most 31 characters)
    description: str  # for the README
    columns: Callable[[Context], list[str]]
    rows: Callable[[Context], Iterator[list]]


def fixed(*columns: str) -> Callable[[Context], list[str]]:
    return lambda ctx: list(columns)


def event_registrations(ctx: Context):
    """Every registration of the event, with what its rows print, by name."""
    return (
        Registration.objects.filter(event=ctx.event)
        .select_related(
            "participant",
            "participant__institution",
            "participant__institution__category",
            "invitation__institution",
        )
        .order_by("participant__full_name", "id")
    )
