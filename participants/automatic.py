"""Participants' automatic e-mails through the outbox: the builders the
worker calls when it sends one (registered by participants.integrations),
and what each kind is called on the event's Messages tab.

A builder re-reads the registration (or invitation) from the ids in the
delivery's payload and writes the e-mail as ``participants.emails`` always
did — the ticket PDF and QR current at sending time, also when an organiser
sends it again — or says it no longer holds (``NoLongerHolds``): a
confirmation for someone who cancelled a second later is not sent.
The reasons are stored untranslated and shown in the reader's language.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from bimtek.models.events import EventStatus
from outbox.builders import Builder, NoLongerHolds
from participants.emails import Mail, invitation_message, registration_message
from participants.models import Invitation, Registration
from participants.models.registrations import ACTIVE_STATUSES, RegistrationStatus

REGISTRATION_BUILDER = "participants.registration"
INVITATION_BUILDER = "participants.invitation"
INVITATION_KIND = "invitation"

# The registration's state each e-mail needs when it is sent.
STATUS_FOR_MAIL = {
    Mail.RECEIVED: {RegistrationStatus.PENDING},
    Mail.CONFIRMED: {RegistrationStatus.APPROVED},
    Mail.PROMOTED: {RegistrationStatus.APPROVED},
    Mail.REISSUED: {RegistrationStatus.APPROVED},
    Mail.REMINDER: {RegistrationStatus.APPROVED},
    Mail.WAITLISTED: {RegistrationStatus.WAITLISTED},
    Mail.REJECTED: {RegistrationStatus.REJECTED},
    Mail.CANCELLED: {RegistrationStatus.CANCELLED},
    Mail.EVENT_CANCELLED: set(ACTIVE_STATUSES),
}

LABELS = {
    Mail.RECEIVED: _("Registration received"),
    Mail.CONFIRMED: _("Registration confirmation"),
    Mail.WAITLISTED: _("Placed on the waiting list"),
    Mail.PROMOTED: _("Seat from the waiting list"),
    Mail.REJECTED: _("Registration declined"),
    Mail.CANCELLED: _("Registration cancelled"),
    Mail.REISSUED: _("Ticket reissued"),
    Mail.REMINDER: _("Reminder the day before"),
    Mail.EVENT_CANCELLED: _("Event cancelled"),
}

GONE = gettext_noop("The registration no longer exists.")
CHANGED = gettext_noop("The registration changed since; this e-mail no longer applies.")
NO_ADDRESS = gettext_noop("The person has no e-mail address any more.")
NOT_CANCELLED = gettext_noop("The event is no longer cancelled.")
WITHDRAWN = gettext_noop("The invitation was withdrawn.")


def build_registration(payload: dict):
    kind = Mail(payload["kind"])
    registration = (
        Registration.objects.filter(pk=payload["registration"])
        .select_related("event", "participant", "participant__institution", "participant__user")
        .first()
    )
    if registration is None:
        raise NoLongerHolds(GONE)
    if registration.status not in STATUS_FOR_MAIL[kind]:
        raise NoLongerHolds(CHANGED)
    if kind == Mail.EVENT_CANCELLED and registration.event.status != EventStatus.CANCELLED:
        raise NoLongerHolds(NOT_CANCELLED)
    if not registration.participant.email:
        raise NoLongerHolds(NO_ADDRESS)
    return registration_message(registration, kind)


def build_invitation(payload: dict):
    invitation = (
        Invitation.objects.filter(pk=payload["invitation"], revoked_at__isnull=True)
        .select_related("event", "institution")
        .first()
    )
    if invitation is None:
        raise NoLongerHolds(WITHDRAWN)
    return invitation_message(invitation)


BUILDERS = [
    Builder(name=REGISTRATION_BUILDER, build=build_registration, labels=LABELS),
    Builder(
        name=INVITATION_BUILDER,
        build=build_invitation,
        labels={INVITATION_KIND: _("Invitation to an institution")},
    ),
]
