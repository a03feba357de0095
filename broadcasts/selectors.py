"""Reads: who a filter chooses among an event's registrants."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet

from certificates.models import Certificate
from checkin.models import CheckIn
from participants.models import Registration

ATTENDANCE = ("present", "absent")
CERTIFICATE_STATES = ("issued", "not_issued", "revoked")


@dataclass(frozen=True)
class RecipientFilter:
    statuses: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    institution_id: int | None = None
    category_id: int | None = None
    session_id: int | None = None
    attendance: str = ""  # "present" / "absent" in session_id
    certificate: str = ""  # one of CERTIFICATE_STATES

    def as_json(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if value not in ("", None, [])}


def recipients(*, event, chosen: RecipientFilter) -> QuerySet[Registration]:
    """The event's registrations the filter chooses, erased people left out."""
    rows = Registration.objects.filter(event=event, participant__erased_at__isnull=True)
    if chosen.statuses:
        rows = rows.filter(status__in=chosen.statuses)
    if chosen.roles:
        rows = rows.filter(role__in=chosen.roles)
    if chosen.institution_id:
        rows = rows.filter(participant__institution_id=chosen.institution_id)
    if chosen.category_id:
        rows = rows.filter(participant__institution__category_id=chosen.category_id)
    if chosen.session_id and chosen.attendance in ATTENDANCE:
        present = Exists(
            CheckIn.objects.filter(registration=OuterRef("pk"), session_id=chosen.session_id)
        )
        rows = rows.filter(present if chosen.attendance == "present" else ~present)
    if chosen.certificate in CERTIFICATE_STATES:
        valid = Exists(
            Certificate.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=True)
        )
        revoked = Exists(
            Certificate.objects.filter(registration=OuterRef("pk"), revoked_at__isnull=False)
        )
        if chosen.certificate == "issued":
            rows = rows.filter(valid)
        elif chosen.certificate == "not_issued":
            rows = rows.filter(~valid)
        else:
            rows = rows.filter(revoked & ~valid)
    return rows.select_related(
        "event", "participant", "participant__user", "participant__institution"
    ).order_by("pk")
