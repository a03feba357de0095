"""Personal data over its life: a person's own copy, their request to erase
it, and the erasure after each event's retention period (docs/security.md).

What is erased: the NIP, the mobile number and the e-mail address (replaced
by an address that cannot receive mail), and through
``participants.extensions.erasure_listeners`` the codes scanned at the door.
What is kept: the name, titles and institution on the attendance records,
the certificates' printed snapshots (so a certificate still verifies) and the
audit trail (its hash chain stays whole).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.models import Event
from bimtek.services import audit_export, audit_record, audit_value
from participants import extensions
from participants.errors import RegistrationError
from participants.models import ErasureRequest, Participant, Registration
from participants.models.privacy import ErasureStatus

ERASED_EMAIL_DOMAIN = "erased.invalid"


def participant_data(*, participant: Participant, actor) -> dict:
    """Everything kept about ``participant``, as JSON-ready data; the download
    is audited like any export of personal data."""
    fields = [
        "full_name",
        "title_front",
        "title_back",
        "employment",
        "nip",
        "pangkat_golongan",
        "jabatan",
        "email",
        "phone",
        "language",
        "consent_at",
        "created_at",
        "updated_at",
    ]
    data = {
        "profile": {name: audit_value(getattr(participant, name)) for name in fields}
        | {"institution": participant.institution.name},
        "registrations": [
            {
                "event": registration.event.title,
                "event_code": registration.event.code,
                "role": registration.role,
                "status": registration.status,
                "source": registration.source,
                "registered_at": audit_value(registration.created_at),
            }
            for registration in participant.registrations.select_related("event").order_by("id")
        ],
    }
    for section in extensions.personal_data_sections.all():
        data[section.key] = section.rows(participant)
    rows = sum(len(value) for value in data.values() if isinstance(value, list)) + 1
    audit_export(actor=actor, kind="own_data", rows=rows, target=participant, fmt="json")
    return data


def participant_erase(*, participant: Participant, now: dt.datetime | None = None) -> int:
    """Erase ``participant``'s NIP, phone and e-mail and, through the erasure
    listeners, their scanned codes. Returns the number of scanned codes erased."""
    now = now or timezone.now()
    participant.nip = None
    participant.phone = ""
    participant.language = ""
    participant.email = f"erased-{participant.pk}@{ERASED_EMAIL_DOMAIN}"
    participant.erased_at = now
    participant.save(update_fields=["nip", "phone", "language", "email", "erased_at"])
    registrations = Registration.objects.filter(participant=participant)
    return sum(
        listener.erase(registrations=registrations, events=None)
        for listener in extensions.erasure_listeners.all()
    )


@transaction.atomic
def erasure_request_create(*, participant: Participant, actor, reason: str = "") -> ErasureRequest:
    """The person asks for their data to be erased; an organiser completes it.
    Raises RegistrationError (``erasure_open``) while one is still open."""
    if ErasureRequest.objects.filter(participant=participant, status=ErasureStatus.OPEN).exists():
        raise RegistrationError(
            _("You have already asked for erasure; the organiser will complete it."),
            code="erasure_open",
        )
    request = ErasureRequest(participant=participant, reason=reason.strip()[:2000])
    request.full_clean()
    request.save()
    audit_record(
        actor=actor,
        action="privacy.erasure_request",
        target=request,
        summary=participant.display_name,
    )
    return request


@transaction.atomic
def erasure_request_complete(*, request: ErasureRequest, actor) -> ErasureRequest:
    """An organiser completes an open request: the person's data is erased as
    far as the law allows (see the module). Raises RegistrationError (``erasure_done``)."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ErasureStatus.OPEN:
        raise RegistrationError(_("This request was already completed."), code="erasure_done")
    now = timezone.now()
    scanned = participant_erase(participant=request.participant, now=now)
    request.status, request.completed_at, request.completed_by = ErasureStatus.DONE, now, actor
    request.save(update_fields=["status", "completed_at", "completed_by"])
    audit_record(
        actor=actor,
        action="privacy.erasure_complete",
        target=request,
        summary=request.participant.display_name,
        changes={"scanned_values": scanned},
    )
    return request


@dataclass(frozen=True)
class RetentionReport:
    events: int
    participants: int
    scanned_values: int


def events_past_retention(*, today: dt.date):
    """Events whose retention period is over: their last day plus the event's
    own ``retention_days`` or the site's DATA_RETENTION_DAYS."""
    default = settings.DATA_RETENTION_DAYS
    ids = [
        pk
        for pk, end, days in Event.objects.values_list("pk", "end_date", "retention_days")
        if end + dt.timedelta(days=default if days is None else days) < today
    ]
    return Event.objects.filter(pk__in=ids)


@transaction.atomic
def personal_data_erase_expired(*, now: dt.datetime | None = None) -> RetentionReport:
    """The daily erasure: people without an account whose every event is past
    its retention period lose their NIP, phone and e-mail; the codes scanned
    at those events' doors are erased. One audit entry with the counts."""
    now = now or timezone.now()
    expired = events_past_retention(today=timezone.localdate(now))
    still_kept = Registration.objects.filter(participant=OuterRef("pk")).exclude(event__in=expired)
    people = (
        Participant.objects.filter(user__isnull=True, erased_at__isnull=True)
        .filter(Exists(Registration.objects.filter(participant=OuterRef("pk"))))
        .exclude(Exists(still_kept))
    )
    erased = 0
    for participant in people.iterator(chunk_size=500):
        participant_erase(participant=participant, now=now)
        erased += 1
    scanned = sum(
        listener.erase(registrations=None, events=expired)
        for listener in extensions.erasure_listeners.all()
    )
    report = RetentionReport(events=expired.count(), participants=erased, scanned_values=scanned)
    if erased or scanned:
        audit_record(
            actor=None,
            action="privacy.retention_erase",
            target=Participant(),
            summary=f"{erased} / {scanned}",
            changes={"events": report.events, "participants": erased, "scanned_values": scanned},
        )
    return report


@transaction.atomic
def registration_whatsapp_withdraw(*, registration: Registration, actor) -> Registration:
    """The person withdraws their consent to WhatsApp messages about this
    event: from now on broadcasts reach them by e-mail only."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.whatsapp_consent:
        registration.whatsapp_consent = False
        registration.whatsapp_consent_at = None
        registration.save(update_fields=["whatsapp_consent", "whatsapp_consent_at"])
        audit_record(
            actor=actor,
            action="registration.whatsapp_withdraw",
            target=registration,
            event=registration.event,
            summary=registration.participant.display_name,
        )
    return registration


@transaction.atomic
def registration_whatsapp_consent(*, registration: Registration, actor) -> Registration:
    """The person agrees, on their ticket page, to receive information about
    this event by WhatsApp (UU PDP: their own act, recorded with its time)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.whatsapp_consent:
        registration.whatsapp_consent = True
        registration.whatsapp_consent_at = timezone.now()
        registration.save(update_fields=["whatsapp_consent", "whatsapp_consent_at"])
        audit_record(
            actor=actor,
            action="registration.whatsapp_consent",
            target=registration,
            event=registration.event,
            summary=registration.participant.display_name,
        )
    return registration


@transaction.atomic
def registration_announcements_unsubscribe(*, registration: Registration) -> bool:
    """The person asked (by the link in an announcement) to receive no more
    announcements about this event; essential notices still reach them.
    False when they already had."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.announcements_unsubscribed_at is not None:
        return False
    registration.announcements_unsubscribed_at = timezone.now()
    registration.save(update_fields=["announcements_unsubscribed_at"])
    audit_record(
        actor=None,
        action="registration.announcements_unsubscribe",
        target=registration,
        event=registration.event,
        summary=registration.participant.display_name,
    )
    return True


@transaction.atomic
def registration_announcements_resubscribe(*, registration: Registration, actor) -> bool:
    """The person, on their ticket page, asks for this event's announcements
    again after unsubscribing. False when they were not unsubscribed."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.announcements_unsubscribed_at is None:
        return False
    registration.announcements_unsubscribed_at = None
    registration.save(update_fields=["announcements_unsubscribed_at"])
    audit_record(
        actor=actor,
        action="registration.announcements_resubscribe",
        target=registration,
        event=registration.event,
        summary=registration.participant.display_name,
    )
    return True
