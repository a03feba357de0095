"""Reads for participants, registrations, invitations and imports."""

import functools
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation

from bimtek import raw_rows
from bimtek.models import AuditEntry, Event, Institution
from bimtek.models.events import ApprovalMode, EventStatus, RegistrationMode
from participants.models import Invitation, Participant, ParticipantImport, Registration
from participants.models.registrations import (
    ACTIVE_STATUSES,
    RegistrationRole,
    RegistrationStatus,
)
from participants.nip import nip_normalise


def registrations_of_user(user) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(participant__user=user)
        .select_related("event", "participant", "participant__institution")
        .order_by("-event__start_date", "-created_at")
    )


def ticket_for_user(*, user, pk: int) -> Registration | None:
    """The user's own registration, or None (someone else's answers 404)."""
    # One row by its key: no ordering to compile (``first()`` would add one).
    return next(iter(registrations_of_user(user).filter(pk=pk).order_by()[:1]), None)


def participant_of_user(user) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user).select_related("institution").first()


def participant_for_form(user) -> Participant | None:
    """The profile to fill a registration form with: the user's own, else an
    unclaimed one under an address the user has verified (claimed when the
    form is sent, not when it is shown). One query: the own profile sorts
    first (its ``user_id`` is set, the unclaimed ones' is NULL). Written by
    hand (bimtek.raw_rows): read on the form page and on every submit, and
    the ORM spent more CPU compiling it than PostgreSQL running it; the ORM
    version is the reference in tests/participants/test_participant_for_form.py."""
    if not user.is_authenticated:
        return None
    with connections["default"].cursor() as cursor:
        sql, addresses = _participant_for_form_sql()
        cursor.execute(sql, [user.pk, *[user.pk, True] * addresses])
        row = cursor.fetchone()
    if row is None:
        return None
    person_columns, institution_columns = _participant_columns()
    participant = person_columns.build(row[: len(person_columns)])
    institution = institution_columns.build(row[len(person_columns) :])
    Participant._meta.get_field("institution").set_cached_value(participant, institution)
    return participant


@functools.cache
def _participant_columns() -> tuple[raw_rows.Columns, raw_rows.Columns]:
    return raw_rows.Columns(Participant, "p"), raw_rows.Columns(Institution, "i")


@functools.cache
def _participant_for_form_sql() -> tuple[str, int]:
    """The statement, and how many times it reads the account's verified
    addresses (each time with the parameters user id, True)."""
    from allauth.account.models import EmailAddress

    t, c = raw_rows.table, raw_rows.column
    person, institution = _participant_columns()
    email = c(Participant, "email")
    verified = (
        f"FROM {t(EmailAddress)} a WHERE a.{c(EmailAddress, 'user')} = %s"
        f" AND a.{c(EmailAddress, 'verified')} = %s"
    )
    claimable = f"p.{email} IN (SELECT a.{c(EmailAddress, 'email')} {verified})"
    addresses = 1
    if connections["default"].vendor == "postgresql":
        # The same rows, found through the unique index on LOWER(email): with
        # IN (…) alone PostgreSQL filtered every unclaimed profile (an
        # organiser's import leaves thousands) on every form page and submit;
        # = ANY(ARRAY(…)) is read once, so each side of the OR is an index scan.
        claimable = (
            f"LOWER(p.{email}) = ANY(ARRAY(SELECT LOWER(a.{c(EmailAddress, 'email')})"
            f" {verified})) AND {claimable}"
        )
        addresses = 2
    sql = (
        f"SELECT {person.sql}, {institution.sql} FROM {t(Participant)} p"
        f" INNER JOIN {t(Institution)} i"
        f" ON i.{c(Institution, 'id')} = p.{c(Participant, 'institution')}"
        f" WHERE p.{c(Participant, 'user')} = %s OR (p.{c(Participant, 'user')} IS NULL"
        f" AND {claimable})"
        f" ORDER BY p.{c(Participant, 'user')} DESC NULLS LAST, p.{c(Participant, 'id')} ASC"
        " LIMIT 1"
    )
    return sql, addresses


# --- The public call to action ---------------------------------------------


@dataclass
class RegistrationState:
    """What the public event page says about registering, in its true state."""

    # draft, closed, cancelled, not_open, open, waitlist, invitation_only, registered
    state: str
    seats_left: int | None = None
    opens_at: object = None
    closes_at: object = None
    registration: Registration | None = None
    moderated: bool = False

    @property
    def outcome(self) -> str:
        """What registering now leads to, so the button can say it: "pending"
        (a moderated event: the organiser decides, full or not), "waitlisted"
        (full) or "approved" — as ``services.registrations.initial_status``
        decides for a self-registration."""
        if self.moderated:
            return "pending"
        return "waitlisted" if self.state == "waitlist" else "approved"


def waitlist_position(registration: Registration) -> int:
    """The place in line of a waitlisted registration (1 = next to get a seat),
    in the order the waiting list is served (``_promote_waitlist``)."""
    earlier = Q(status_changed_at__lt=registration.status_changed_at) | Q(
        status_changed_at=registration.status_changed_at, id__lt=registration.pk
    )
    return (
        Registration.objects.filter(
            event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
        )
        .filter(earlier)
        .count()
        + 1
    )


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    with connections["default"].cursor() as cursor:
        cursor.execute(
            _seats_taken_sql(),
            [event.pk, RegistrationStatus.APPROVED.value, RegistrationRole.PARTICIPANT.value],
        )
        taken = cursor.fetchone()[0]
    return max(event.capacity - taken, 0)


def own_registration(*, event: Event, user) -> Registration | None:
    """The user's registration for the event that is not cancelled (one per
    person and event), or None."""
    with connections["default"].cursor() as cursor:
        cursor.execute(
            _own_registration_sql(), [event.pk, user.pk, RegistrationStatus.CANCELLED.value]
        )
        row = cursor.fetchone()
    return _registration_columns().build(row) if row is not None else None


# The sign-up form reads these two on every page and every submit; written by
# hand (bimtek.raw_rows) because the ORM spent more CPU compiling them than
# PostgreSQL running them. The ORM versions are the reference in
# tests/participants/test_registration_state_reads.py.


@functools.cache
def _registration_columns() -> raw_rows.Columns:
    return raw_rows.Columns(Registration, "r")


@functools.cache
def _own_registration_sql() -> str:
    t, c = raw_rows.table, raw_rows.column
    return (
        f"SELECT {_registration_columns().sql} FROM {t(Registration)} r"
        f" INNER JOIN {t(Participant)} p"
        f" ON p.{c(Participant, 'id')} = r.{c(Registration, 'participant')}"
        f" WHERE r.{c(Registration, 'event')} = %s AND p.{c(Participant, 'user')} = %s"
        f" AND NOT (r.{c(Registration, 'status')} = %s)"
        f" ORDER BY r.{c(Registration, 'created_at')} ASC, r.{c(Registration, 'id')} ASC"
        " LIMIT 1"
    )


@functools.cache
def _seats_taken_sql() -> str:
    t, c = raw_rows.table, raw_rows.column
    return (
        f"SELECT COUNT(*) FROM {t(Registration)} WHERE {c(Registration, 'event')} = %s"
        f" AND {c(Registration, 'status')} = %s AND {c(Registration, 'role')} = %s"
    )


def registration_state(*, event: Event, user) -> RegistrationState:
    now = timezone.now()
    moderated = event.approval_mode == ApprovalMode.MODERATED
    if user.is_authenticated:
        own = own_registration(event=event, user=user)
        if own is not None:
            return RegistrationState("registered", registration=own)
    if event.status == EventStatus.CANCELLED:
        return RegistrationState("cancelled")
    if event.status == EventStatus.DRAFT:  # only organisers see a draft's page
        return RegistrationState("draft")
    if event.status != EventStatus.PUBLISHED or now >= event.ends_at:
        return RegistrationState("closed")
    if event.registration_mode == RegistrationMode.INVITATION:
        return RegistrationState("invitation_only")
    if event.registration_opens_at and now < event.registration_opens_at:
        return RegistrationState("not_open", opens_at=event.registration_opens_at)
    if not event.registration_is_open(now):
        return RegistrationState("closed")
    left = seats_left(event)
    state = "waitlist" if left == 0 else "open"
    return RegistrationState(
        state,
        seats_left=left,
        closes_at=event.registration_closes_at,
        moderated=moderated,
    )


# --- Organisers ---------------------------------------------------------------

SORTS = {
    "name": ("participant__full_name", "id"),
    "-name": ("-participant__full_name", "-id"),
    "institution": ("participant__institution__name", "participant__full_name", "id"),
    "registered": ("created_at", "id"),
    "-registered": ("-created_at", "-id"),
    "status": ("status", "status_changed_at", "id"),
}


def registrations_for_organiser(*, event: Event, filters: dict) -> QuerySet[Registration]:
    """The event's registrations, searched, filtered and sorted; one query per
    page whatever the number of rows."""
    registrations = Registration.objects.filter(event=event).select_related(
        "participant", "participant__institution", "participant__institution__category"
    )
    query = (filters.get("q") or "").strip()
    if query:
        condition = Q(participant__full_name__icontains=query) | Q(
            participant__email__icontains=query
        )
        digits = nip_normalise(query) or ""
        if digits.isdigit() and len(digits) >= 3:
            condition |= Q(participant__nip__startswith=digits)
        registrations = registrations.filter(condition)
    if filters.get("status"):
        registrations = registrations.filter(status=filters["status"])
    if filters.get("role"):
        registrations = registrations.filter(role=filters["role"])
    if filters.get("source"):
        registrations = registrations.filter(source=filters["source"])
    if filters.get("category"):
        registrations = registrations.filter(participant__institution__category=filters["category"])
    if filters.get("institution"):
        registrations = registrations.filter(participant__institution=filters["institution"])
    return registrations.order_by(*SORTS.get(filters.get("sort") or "name", SORTS["name"]))


@dataclass
class RegistrationCounts:
    by_status: dict[str, int]
    by_category: list[tuple[str, int]]  # (category name, active registrations)
    active: int
    seats_taken: int


def registration_counts(event: Event) -> RegistrationCounts:
    """The figures on top of the participant list (two queries)."""
    rows = (
        Registration.objects.filter(event=event)
        .values("status", "role")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_status = dict.fromkeys(RegistrationStatus.values, 0)
    seats = 0
    for row in rows:
        by_status[row["status"]] += row["count"]
        if (
            row["status"] == RegistrationStatus.APPROVED
            and row["role"] == RegistrationRole.PARTICIPANT
        ):
            seats += row["count"]
    categories = (
        Registration.objects.filter(event=event, status__in=ACTIVE_STATUSES)
        .values(
            "participant__institution__category__name",
            "participant__institution__category__name_en",
            "participant__institution__category__sort_order",
        )
        .annotate(count=Count("id"))
        .order_by("participant__institution__category__sort_order")
    )
    english = translation.get_language() == "en"
    by_category = [
        (
            (row["participant__institution__category__name_en"] if english else "")
            or row["participant__institution__category__name"],
            row["count"],
        )
        for row in categories
    ]
    active = sum(by_status[status] for status in ACTIVE_STATUSES)
    return RegistrationCounts(
        by_status=by_status, by_category=by_category, active=active, seats_taken=seats
    )


def registration_for_organiser(*, event: Event, pk: int) -> Registration | None:
    return (
        Registration.objects.filter(event=event, pk=pk)
        .select_related(
            "participant",
            "participant__institution",
            "participant__institution__category",
            "participant__user",
            "invitation",
            "created_by",
        )
        .first()
    )


def registration_history(registration: Registration) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=Registration._meta.label, object_id=str(registration.pk)
    ).select_related("actor")


def invitations_for_event(event: Event) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(event=event)
        .select_related("institution", "institution__category")
        .annotate(used=Count("registrations", filter=Q(registrations__status__in=ACTIVE_STATUSES)))
        .order_by("institution__name")
    )


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return (
        Invitation.objects.filter(token=token)
        .select_related("event", "institution", "institution__category")
        .first()
    )


def delegates_of(invitation: Invitation) -> QuerySet[Registration]:
    return invitation.registrations.select_related("participant").order_by("created_at", "id")


def imports_for_event(event: Event) -> QuerySet[ParticipantImport]:
    return ParticipantImport.objects.filter(event=event).select_related("uploaded_by")


def institutions_unconfirmed() -> QuerySet[Institution]:
    return (
        Institution.objects.filter(is_confirmed=False)
        .select_related("category")
        .annotate(people=Count("participants"))
        .order_by("-created_at", "name")
    )
