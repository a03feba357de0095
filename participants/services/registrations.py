"""Writes for registrations: seats, the waiting list, approval, cancellation
and tickets.

Every change that may give or free a seat first locks the event row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already
serialises writers), so the last seat goes to exactly one person however many
ask at once, and the waiting list is promoted in order. Lock order, always:
event, then invitation, then registrations.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.models import Event
from bimtek.models.events import EventStatus, RegistrationMode
from bimtek.services import audit_record
from participants.emails import Mail
from participants.errors import RegistrationError
from participants.models import Invitation, Participant, Registration, RevokedToken
from participants.models.registrations import (
    ACTIVE_STATUSES,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from participants.notifications import notify
from participants.services.people import PersonData, participant_find_or_create
from participants.services.seats import (
    event_lock,
    initial_status,
    seats_and_place,
    seats_free,
)
from participants.tokens import new_ticket_token

MAIL_FOR_STATUS = {
    RegistrationStatus.APPROVED: Mail.CONFIRMED,
    RegistrationStatus.WAITLISTED: Mail.WAITLISTED,
    RegistrationStatus.PENDING: Mail.RECEIVED,
}


def _actor(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _check_event_accepts(event: Event, *, source: str, invitation: Invitation | None) -> None:
    now = timezone.now()
    if event.status == EventStatus.CANCELLED:
        raise RegistrationError(_("This event has been cancelled."), code="event_cancelled")
    if event.status == EventStatus.FINISHED or now >= event.ends_at:
        raise RegistrationError(_("This event is over."), code="event_over")
    if source == RegistrationSource.SELF:
        if event.status != EventStatus.PUBLISHED:
            raise RegistrationError(
                _("Registration for this event is not open yet."), code="registration_not_open"
            )
        if event.registration_mode == RegistrationMode.INVITATION:
            raise RegistrationError(
                _("This event is by invitation only: your institution registers its delegates."),
                code="invitation_only",
            )
        if event.registration_opens_at and now < event.registration_opens_at:
            raise RegistrationError(
                _("Registration for this event is not open yet."), code="registration_not_open"
            )
        if not event.registration_is_open(now):
            raise RegistrationError(
                _("Registration for this event is closed."), code="registration_closed"
            )
    elif source == RegistrationSource.INVITATION:
        if invitation is None or not invitation.is_active or invitation.event_id != event.pk:
            raise RegistrationError(
                _("This invitation link is no longer valid."), code="invitation_invalid"
            )
        if event.registration_closes_at and now >= event.registration_closes_at:
            raise RegistrationError(
                _("Registration for this event is closed."), code="registration_closed"
            )


def _promote_waitlist(event: Event, *, actor) -> list[Registration]:
    """Give free seats to the people waiting longest. The event must be locked."""
    free = seats_free(event)
    if free == 0:
        return []
    queue = (
        Registration.objects.select_for_update(of=("self",))
        .filter(event=event, status=RegistrationStatus.WAITLISTED)
        .select_related("participant")
        .order_by("status_changed_at", "id")
    )
    if free is not None:
        queue = queue[:free]
    promoted = list(queue)
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.APPROVED
        registration.status_changed_at = now
        registration.save(update_fields=["status", "status_changed_at"])
        audit_record(
            actor=actor,
            action="registration.promote",
            target=registration,
            event=event,
            summary=registration.participant.display_name,
        )
    notify(Mail.PROMOTED, [r.pk for r in promoted])
    return promoted


@transaction.atomic
def waitlist_promote(*, event: Event, actor=None) -> list[Registration]:
    """Fill free seats from the waiting list (e.g. after the capacity grew)."""
    return _promote_waitlist(event_lock(event), actor=actor)


@transaction.atomic
def registration_create(
    *,
    event: Event,
    participant: Participant,
    role: str = RegistrationRole.PARTICIPANT,
    source: str = RegistrationSource.SELF,
    actor=None,
    invitation: Invitation | None = None,
    whatsapp_consent: bool = False,
) -> Registration:
    """Give ``participant`` a place at ``event``: approved, waiting for the
    organiser, or on the waiting list, by the rules in ``initial_status``.

    A cancelled registration is reopened (at the back of the queue) rather
    than duplicated; the database allows one registration per person and
    event. Raises RegistrationError with a ``code``."""
    return registration_place(
        event=event,
        participant=participant,
        role=role,
        source=source,
        actor=actor,
        invitation=invitation,
        whatsapp_consent=whatsapp_consent,
    )


def registration_place(
    *,
    event: Event,
    participant: Participant,
    role: str = RegistrationRole.PARTICIPANT,
    source: str = RegistrationSource.SELF,
    actor=None,
    invitation: Invitation | None = None,
    whatsapp_consent: bool = False,
) -> Registration:
    """``registration_create``'s work, for a caller inside its own
    ``transaction.atomic()`` that lets every error out (no savepoint)."""
    event = event_lock(event)
    if source == RegistrationSource.INVITATION and invitation is not None:
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("institution")
            .get(pk=invitation.pk)
        )
    _check_event_accepts(event, source=source, invitation=invitation)
    if source == RegistrationSource.INVITATION:
        used = invitation.registrations.filter(status__in=ACTIVE_STATUSES).count()
        if used >= invitation.quota:
            raise RegistrationError(
                _("The quota of %(quota)s people for %(institution)s is used up.")
                % {"quota": invitation.quota, "institution": invitation.institution.name},
                code="quota_exhausted",
            )
    else:
        invitation = None

    taken, waiting, mine = seats_and_place(event, participant)
    registration = None
    if mine is not None:  # a place before: locked, as every status change locks it
        registration = Registration.objects.select_for_update().get(pk=mine)
        if registration.status in ACTIVE_STATUSES:
            raise RegistrationError(
                _("%(name)s is already registered for this event.")
                % {"name": participant.display_name},
                code="already_registered",
            )
        if registration.status == RegistrationStatus.REJECTED and source in (
            RegistrationSource.SELF,
            RegistrationSource.INVITATION,
        ):
            raise RegistrationError(
                _("The organiser has declined this registration; please contact them."),
                code="rejected",
            )

    free = None if event.capacity is None else max(event.capacity - taken, 0)
    if waiting and free != 0:
        # A seat freed without a promotion (the capacity grew) goes to the queue first.
        _promote_waitlist(event, actor=actor)
        free = seats_free(event)
    status = initial_status(event=event, role=role, source=source, free=free)
    now = timezone.now()
    if registration is None:
        registration = Registration(event=event, participant=participant)
    registration.role = role
    registration.source = source
    registration.invitation = invitation
    registration.status = status
    registration.status_changed_at = now
    registration.reminder_sent_at = None
    registration.whatsapp_consent = whatsapp_consent
    registration.whatsapp_consent_at = now if whatsapp_consent else None
    if registration.created_by_id is None:
        registration.created_by = _actor(actor)
    # The database enforces uniqueness and the check constraints; the foreign
    # keys' rows were read (locked) or written in this transaction, or act.
    registration.full_clean(
        exclude=["event", "participant", "invitation", "created_by"],
        validate_unique=False,
        validate_constraints=False,
    )
    registration.save()
    audit_record(
        actor=actor,
        action="registration.create",
        target=registration,
        event=event,
        summary=f"{participant.display_name}: {registration.get_status_display()}",
        changes={"source": source, "role": role, "status": status},
    )
    notify(MAIL_FOR_STATUS[status], [registration])  # the row at hand: no re-read
    return registration


def _change_status(
    registration: Registration, *, to: str, actor, event: Event, action: str, reason: str = ""
) -> None:
    old = registration.status
    registration.status = to
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at"])
    audit_record(
        actor=actor,
        action=action,
        target=registration,
        event=event,
        summary=registration.participant.display_name + (f" — {reason}" if reason else ""),
        changes={"status": [old, to]},
    )


def _locked(registration: Registration) -> tuple[Event, Registration]:
    event = event_lock(registration.event)
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=registration.pk)
    )
    return event, locked


def cancel_refusal(registration: Registration, event: Event) -> RegistrationError | None:
    """Why this place cannot be cancelled now, or None when it can: the one
    rule behind the service and the ticket page's "Cancel" button."""
    if registration.status not in ACTIVE_STATUSES:
        return RegistrationError(_("This registration is not active any more."), code="not_active")
    if event.is_cancelled:
        return RegistrationError(_("This event has been cancelled."), code="event_cancelled")
    if timezone.now() >= event.ends_at:
        return RegistrationError(_("This event is over."), code="event_over")
    return None


@transaction.atomic
def registration_cancel(*, registration: Registration, actor, reason: str = "") -> Registration:
    """Cancel a place (the participant themselves, their institution's contact
    or an organiser). A freed seat goes to the first person waiting."""
    event, registration = _locked(registration)
    refusal = cancel_refusal(registration, event)
    if refusal is not None:
        raise refusal
    _change_status(
        registration,
        to=RegistrationStatus.CANCELLED,
        actor=actor,
        event=event,
        action="registration.cancel",
        reason=reason,
    )
    notify(Mail.CANCELLED, [registration.pk])
    _promote_waitlist(event, actor=actor)
    return registration


@transaction.atomic
def registration_approve(*, registration: Registration, actor) -> Registration:
    """An organiser accepts a pending registration: a seat if one is free,
    else the waiting list."""
    event, registration = _locked(registration)
    if registration.status != RegistrationStatus.PENDING:
        raise RegistrationError(
            _("Only registrations awaiting approval can be approved."), code="not_pending"
        )
    _promote_waitlist(event, actor=actor)
    free = seats_free(event)
    takes_seat = registration.role == RegistrationRole.PARTICIPANT
    to = (
        RegistrationStatus.APPROVED
        if not takes_seat or free is None or free > 0
        else RegistrationStatus.WAITLISTED
    )
    _change_status(registration, to=to, actor=actor, event=event, action="registration.approve")
    notify(MAIL_FOR_STATUS[to], [registration.pk])
    return registration


@transaction.atomic
def registration_reject(*, registration: Registration, actor, reason: str = "") -> Registration:
    """An organiser declines a registration (pending, waiting or approved)."""
    event, registration = _locked(registration)
    if registration.status not in ACTIVE_STATUSES:
        raise RegistrationError(_("This registration is not active any more."), code="not_active")
    _change_status(
        registration,
        to=RegistrationStatus.REJECTED,
        actor=actor,
        event=event,
        action="registration.reject",
        reason=reason,
    )
    notify(Mail.REJECTED, [registration.pk])
    _promote_waitlist(event, actor=actor)
    return registration


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    waitlisted: list[int] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)  # registration id -> error code


BULK_ACTIONS = ("approve", "reject", "cancel")


@transaction.atomic
def registrations_bulk_change(
    *, event: Event, registration_ids: Iterable[int], action: str, actor
) -> BulkResult:
    """Approve, reject or cancel many registrations of one event at once, in
    the order people registered (the earliest get the free seats). Rows that
    cannot take the action are reported, not fatal."""
    if action not in BULK_ACTIONS:
        raise RegistrationError(_("Unknown action."), code="unknown_action")
    event_lock(event)
    result = BulkResult()
    registrations = Registration.objects.filter(
        event=event, pk__in=list(registration_ids)
    ).order_by("created_at", "id")
    change = {
        "approve": registration_approve,
        "reject": registration_reject,
        "cancel": registration_cancel,
    }[action]
    for registration in registrations:
        try:
            changed = change(registration=registration, actor=actor)
        except RegistrationError as error:
            result.refused[registration.pk] = error.code
            continue
        if changed.status == RegistrationStatus.WAITLISTED:
            result.waitlisted.append(changed.pk)
        else:
            result.done.append(changed.pk)
    return result


@transaction.atomic
def registration_reissue_ticket(*, registration: Registration, actor) -> Registration:
    """A new QR token for a ticket (lost phone, ticket shared): the old token
    is kept in RevokedToken so the door can answer "reissued", and stops
    working at once."""
    event, registration = _locked(registration)
    if not registration.is_approved:
        # Only an approved registration has a ticket to show at the door.
        raise RegistrationError(
            _("Only an approved registration has a ticket to reissue."), code="not_approved"
        )
    old = registration.token
    RevokedToken.objects.create(token=old, registration=registration, revoked_by=_actor(actor))
    registration.token = new_ticket_token()
    registration.save(update_fields=["token"])
    audit_record(
        actor=actor,
        action="registration.reissue",
        target=registration,
        event=event,
        summary=registration.participant.display_name,
    )
    notify(Mail.REISSUED, [registration.pk])
    return registration


RESEND = {
    RegistrationStatus.APPROVED: Mail.CONFIRMED,
    RegistrationStatus.WAITLISTED: Mail.WAITLISTED,
    RegistrationStatus.PENDING: Mail.RECEIVED,
    RegistrationStatus.REJECTED: Mail.REJECTED,
    RegistrationStatus.CANCELLED: Mail.CANCELLED,
}


@transaction.atomic
def registration_resend_email(*, registration: Registration, actor) -> None:
    """Send the e-mail of the registration's current state again (the person
    lost it, or fixed their address)."""
    audit_record(
        actor=actor,
        action="registration.resend",
        target=registration,
        event=registration.event,
        summary=registration.participant.display_name,
    )
    notify(RESEND[registration.status], [registration.pk])


@transaction.atomic
def registration_add_person(
    *,
    event: Event,
    data: PersonData,
    actor,
    role: str = RegistrationRole.PARTICIPANT,
    source: str = RegistrationSource.ORGANISER,
    invitation: Invitation | None = None,
    language: str = "",
    whatsapp_consent: bool = False,
) -> Registration:
    """Register a person described by an organiser's form or an institution's
    contact: their existing profile (by e-mail or NIP) or a new one. The event
    is locked first, so two submissions of the same person cannot both create
    a profile."""
    event = event_lock(event)
    participant, _created = participant_find_or_create(data=data, actor=actor, language=language)
    return registration_create(
        event=event,
        participant=participant,
        role=role,
        source=source,
        actor=actor,
        invitation=invitation,
        whatsapp_consent=whatsapp_consent,
    )
