"""Personal data over its life: a person's own copy, their request to erase
it, and the erasure after each event's retention period (docs/security.md).

What is erased: the NIP, the mobile number and the e-mail address (replaced
by an address that cannot receive mail), and through
``participants.extensions.erasure_listeners`` the codes scanned at the door
and the messages sent to them (their outbox deliveries' addresses and texts).
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
from participants.models.registrations import ACTIVE_STATUSES

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
                # The person's choices about the event's messages (UU PDP).
                "whatsapp_consent": registration.whatsapp_consent,
                # When they last chose: agreed, or withdrew (whatsapp_consent false).
                "whatsapp_choice_at": audit_value(registration.whatsapp_consent_at),
                "announcements_unsubscribed_at": audit_value(
                    registration.announcements_unsubscribed_at
                ),
            }
            for registration in participant.registrations.select_related("event").order_by("id")
        ],
    }
    for section in extensions.personal_data_sections.all():
        data[section.key] = section.rows(participant)
    rows = sum(len(value) for value in data.values() if isinstance(value, list)) + 1
    audit_export(actor=actor, kind="own_data", rows=rows, target=participant, fmt="json")
    return data


def _listeners_erase(*, registrations=None, events=None) -> dict[str, int]:
    """What each erasure listener erased, by its key (e.g. "scanned_values",
    "messages")."""
    counts: dict[str, int] = {}
    for listener in extensions.erasure_listeners.all():
        erased = listener.erase(registrations=registrations, events=events)
        counts[listener.key] = counts.get(listener.key, 0) + erased
    return counts


def participant_erase(
    *, participant: Participant, now: dt.datetime | None = None
) -> dict[str, int]:
    """Erase ``participant``'s NIP, phone and e-mail and, through the erasure
    listeners, their scanned codes and the messages sent to them. Returns
    what each listener erased, by its key."""
    now = now or timezone.now()
    participant.nip = None
    participant.phone = ""
    participant.language = ""
    participant.email = f"erased-{participant.pk}@{ERASED_EMAIL_DOMAIN}"
    participant.erased_at = now
    participant.save(update_fields=["nip", "phone", "language", "email", "erased_at"])
    registrations = Registration.objects.filter(participant=participant)
    return _listeners_erase(registrations=registrations)


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
    erased = participant_erase(participant=request.participant, now=now)
    request.status, request.completed_at, request.completed_by = ErasureStatus.DONE, now, actor
    request.save(update_fields=["status", "completed_at", "completed_by"])
    audit_record(
        actor=actor,
        action="privacy.erasure_complete",
        target=request,
        summary=request.participant.display_name,
        changes=erased,
    )
    return request


@dataclass(frozen=True)
class RetentionReport:
    events: int
    participants: int
    # What each erasure listener erased at the expired events, by its key.
    erased: dict[str, int]

    @property
    def scanned_values(self) -> int:
        return self.erased.get("scanned_values", 0)


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
    at those events' doors and the messages sent about those events (their
    deliveries' addresses and texts, everyone's) are erased. One audit entry
    with the counts."""
    now = now or timezone.now()
    expired = events_past_retention(today=timezone.localdate(now))
    still_kept = Registration.objects.filter(participant=OuterRef("pk")).exclude(event__in=expired)
    people = (
        Participant.objects.filter(user__isnull=True, erased_at__isnull=True)
        .filter(Exists(Registration.objects.filter(participant=OuterRef("pk"))))
        .exclude(Exists(still_kept))
    )
    erased = 0
    by_listener: dict[str, int] = {}
    for participant in people.iterator(chunk_size=500):
        for key, count in participant_erase(participant=participant, now=now).items():
            by_listener[key] = by_listener.get(key, 0) + count
        erased += 1
    for key, count in _listeners_erase(events=expired).items():
        by_listener[key] = by_listener.get(key, 0) + count
    report = RetentionReport(events=expired.count(), participants=erased, erased=by_listener)
    if erased or any(by_listener.values()):
        audit_record(
            actor=None,
            action="privacy.retention_erase",
            target=Participant(),
            summary=f"{erased} / {report.scanned_values}",
            changes={"events": report.events, "participants": erased} | by_listener,
        )
    return report


class MessageChoice:
    """The person's choices about an event's messages, changed on their ticket
    page and on "My data" (``message_choice_refusal`` is the rule for both)."""

    WHATSAPP_CONSENT = "whatsapp_consent"
    WHATSAPP_WITHDRAW = "whatsapp_withdraw"
    ANNOUNCEMENTS_UNSUBSCRIBE = "announcements_unsubscribe"
    ANNOUNCEMENTS_RESUBSCRIBE = "announcements_resubscribe"
    ALL = (
        WHATSAPP_CONSENT,
        WHATSAPP_WITHDRAW,
        ANNOUNCEMENTS_UNSUBSCRIBE,
        ANNOUNCEMENTS_RESUBSCRIBE,
    )
    # Saying yes: only for an active registration.
    OPT_IN = (WHATSAPP_CONSENT, ANNOUNCEMENTS_RESUBSCRIBE)


def _would_change(registration: Registration, choice: str) -> bool:
    if choice == MessageChoice.WHATSAPP_CONSENT:
        return not registration.whatsapp_consent
    if choice == MessageChoice.WHATSAPP_WITHDRAW:
        return registration.whatsapp_consent
    if choice == MessageChoice.ANNOUNCEMENTS_UNSUBSCRIBE:
        return registration.announcements_unsubscribed_at is None
    if choice == MessageChoice.ANNOUNCEMENTS_RESUBSCRIBE:
        return registration.announcements_unsubscribed_at is not None
    raise ValueError(choice)


def message_choice_refusal(registration: Registration, choice: str) -> RegistrationError | None:
    """Why the person cannot make ``choice`` about this registration, or None
    when they can: the one rule behind the services below and the buttons on
    the ticket page and on "My data". Saying no (withdrawing the WhatsApp
    consent, unsubscribing) is always possible while their contact details
    are kept; saying yes only for an active registration, and WhatsApp only
    to a mobile number. A choice already made is no refusal (nothing changes)."""
    if choice not in MessageChoice.ALL:
        raise ValueError(choice)
    participant = registration.participant
    if participant.erased_at is not None:
        return RegistrationError(
            _("Your contact details were erased: no messages reach you any more."),
            code="erased",
        )
    if choice in MessageChoice.OPT_IN and registration.status not in ACTIVE_STATUSES:
        return RegistrationError(_("This registration is not active any more."), code="not_active")
    if choice == MessageChoice.WHATSAPP_CONSENT and not participant.phone:
        return RegistrationError(
            _("Add your mobile number to your profile first."), code="no_phone"
        )
    return None


def message_choices_open(registration: Registration) -> frozenset[str]:
    """The choices that would change something and the rule allows now: the
    buttons the ticket page and "My data" show."""
    return frozenset(
        choice
        for choice in MessageChoice.ALL
        if _would_change(registration, choice)
        and message_choice_refusal(registration, choice) is None
    )


def _locked_for(registration: Registration, choice: str) -> Registration | None:
    """The registration locked for ``choice``; None when it is already made;
    the rule's refusal raised (RegistrationError)."""
    # Only the registration's row is locked, not its event's (which the
    # registration services lock first) nor the person's.
    locked = (
        Registration.objects.select_for_update(of=("self",))
        .select_related("participant", "event")
        .get(pk=registration.pk)
    )
    if not _would_change(locked, choice):
        return None
    refusal = message_choice_refusal(locked, choice)
    if refusal is not None:
        raise refusal
    return locked


def _audit_choice(registration: Registration, *, actor, action: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=registration,
        event=registration.event,
        summary=registration.participant.display_name,
    )


@transaction.atomic
def registration_whatsapp_withdraw(*, registration: Registration, actor) -> bool:
    """The person withdraws their consent to WhatsApp messages about this
    event: from now on broadcasts reach them by e-mail only. False when they
    had not agreed; RegistrationError when ``message_choice_refusal`` says no."""
    locked = _locked_for(registration, MessageChoice.WHATSAPP_WITHDRAW)
    if locked is None:
        return False
    locked.whatsapp_consent = False
    locked.whatsapp_consent_at = timezone.now()  # when it was withdrawn
    locked.save(update_fields=["whatsapp_consent", "whatsapp_consent_at"])
    _audit_choice(locked, actor=actor, action="registration.whatsapp_withdraw")
    return True


@transaction.atomic
def registration_whatsapp_consent(*, registration: Registration, actor) -> bool:
    """The person agrees, on their ticket page or "My data", to receive
    information about this event by WhatsApp (UU PDP: their own act, recorded
    with its time). False when they already had; RegistrationError when the
    rule says no."""
    locked = _locked_for(registration, MessageChoice.WHATSAPP_CONSENT)
    if locked is None:
        return False
    locked.whatsapp_consent = True
    locked.whatsapp_consent_at = timezone.now()
    locked.save(update_fields=["whatsapp_consent", "whatsapp_consent_at"])
    _audit_choice(locked, actor=actor, action="registration.whatsapp_consent")
    return True


@transaction.atomic
def registration_announcements_unsubscribe(*, registration: Registration, actor=None) -> bool:
    """The person asks to receive no more announcements about this event: by
    the link in an announcement (no ``actor``: nobody signs in for it) or on
    their ticket page or "My data". Essential notices still reach them. False
    when they already had; RegistrationError when the rule says no."""
    locked = _locked_for(registration, MessageChoice.ANNOUNCEMENTS_UNSUBSCRIBE)
    if locked is None:
        return False
    locked.announcements_unsubscribed_at = timezone.now()
    locked.save(update_fields=["announcements_unsubscribed_at"])
    _audit_choice(locked, actor=actor, action="registration.announcements_unsubscribe")
    return True


@transaction.atomic
def registration_announcements_resubscribe(*, registration: Registration, actor) -> bool:
    """The person, on their ticket page or "My data", asks for this event's
    announcements again after unsubscribing. False when they were not
    unsubscribed; RegistrationError when the rule says no."""
    locked = _locked_for(registration, MessageChoice.ANNOUNCEMENTS_RESUBSCRIBE)
    if locked is None:
        return False
    locked.announcements_unsubscribed_at = None
    locked.save(update_fields=["announcements_unsubscribed_at"])
    _audit_choice(locked, actor=actor, action="registration.announcements_resubscribe")
    return True
