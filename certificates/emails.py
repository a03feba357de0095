"""E-mails to a certificate's holder: it became available, was revoked (with
the reason), was reissued — automatic messages of the outbox
(``outbox.automatic``), grouped per event and kind ("Sertifikat tersedia"…).

Services call ``notify_*`` inside their transaction: each chooses who it
holds for now and queues one delivery per person, keyed so that each notice
goes out once however often it is queued — "available" once per
registration, "revoked" and "reissued" once per certificate (the revoked
one, the replacement). The worker calls ``build_notice`` in the holder's
language (``participants.emails.language_for``), which checks again that it
still holds (a revoked certificate reissued meanwhile is told by the reissue
mail, a closed download is not announced) or skips it with the reason.
``participants.notifications.muted()`` silences them too.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_noop
from django_tasks import task

from certificates import selectors
from certificates.models import Certificate, NoticeKind
from outbox.automatic import AutoRecipient, automatic_queue, event_message_key, event_topic
from outbox.builders import Builder, NoLongerHolds
from participants.emails import language_for
from participants.models import Registration
from participants.notifications import is_muted

BUILDER = "certificates.notice"
# The outbox message's kind for each notice (distinct from participants' kinds).
KINDS = {kind: f"certificate_{kind}" for kind in NoticeKind.values}
NO_LONGER = gettext_noop("The certificate changed since; this e-mail no longer applies.")


def _queue(kind: str, targets: list[tuple[Registration, Certificate | None]]) -> None:
    by_event: dict[int, list[AutoRecipient]] = {}
    for registration, certificate in targets:
        participant = registration.participant
        if participant.erased_at is not None:  # no address any more
            continue
        key = (
            f"registration:{registration.pk}"
            if kind == NoticeKind.AVAILABLE
            else f"certificate:{certificate.pk}"
        )
        by_event.setdefault(registration.event_id, []).append(
            AutoRecipient(
                key=key,
                name=participant.display_name,
                email=participant.email,
                language=language_for(registration),
                payload={
                    "kind": str(kind),
                    "registration": registration.pk,
                    "certificate": certificate.pk if certificate else None,
                },
            )
        )
    for event_id, recipients in by_event.items():
        automatic_queue(
            key=event_message_key(event_id, KINDS[kind]),
            topic=event_topic(event_id),
            kind=KINDS[kind],
            builder=BUILDER,
            recipients=recipients,
            # Told once; one that did not hold when it was to be sent (the
            # downloads closed a moment later) may be told when it holds again.
            renew_skipped=True,
        )


def notify_available(registration_ids: Iterable[int]) -> None:
    """Tell these registrations their certificate can be downloaded (those
    for whom it holds now, each once)."""
    ids = sorted(set(registration_ids))
    if ids and not is_muted():
        _queue(NoticeKind.AVAILABLE, _targets(NoticeKind.AVAILABLE, ids))


def notify_issued_available(registration: Registration, certificate: Certificate) -> None:
    """Tell the holder of a certificate just issued, inside its issue's
    transaction, that it can be downloaded — the caller checked it holds
    (``selectors.availability_of``); nothing is read again (a bulk run)."""
    if not is_muted():
        _queue(NoticeKind.AVAILABLE, [(registration, certificate)])


def notify_revoked(certificate: Certificate) -> None:
    if not is_muted():
        _queue(NoticeKind.REVOKED, _targets(NoticeKind.REVOKED, [certificate.pk]))


def notify_reissued(replacement: Certificate) -> None:
    if not is_muted():
        _queue(NoticeKind.REISSUED, _targets(NoticeKind.REISSUED, [replacement.pk]))


@task(queue_name="email")
def send_certificate_emails(*, kind: str, ids: list[int]) -> int:
    """The task from before the outbox sent these e-mails, kept for one
    release: a row queued before the upgrade queues its deliveries now
    (registration ids for "available", certificate ids otherwise). Remove
    after the next release (docs/deploy.md)."""
    if is_muted():
        return 0
    with transaction.atomic():
        targets = _targets(NoticeKind(kind), sorted(set(ids)))
        _queue(NoticeKind(kind), targets)
    return len(targets)


def _targets(kind: str, ids: list[int]) -> list[tuple[Registration, Certificate | None]]:
    """(registration, certificate) pairs still worth telling."""
    related = ("event", "participant", "participant__user")
    if kind == NoticeKind.AVAILABLE:
        registrations = list(
            Registration.objects.filter(pk__in=ids).select_related(*related).order_by("pk")
        )
        availability = selectors.ticket_certificates(registrations)
        return [
            (r, availability[r.pk].certificate)
            for r in registrations
            if availability[r.pk].available
        ]
    certificates = Certificate.objects.filter(pk__in=ids).select_related(
        *(f"registration__{name}" for name in related), "replaces"
    )
    if kind == NoticeKind.REVOKED:
        # A reissue sends its own mail; revoked alone, and not replaced since.
        certificates = certificates.filter(revoked_at__isnull=False, replaced_by__isnull=True)
    else:
        certificates = certificates.filter(revoked_at__isnull=True, replaces__isnull=False)
    return [(c.registration, c) for c in certificates.order_by("pk")]


def certificate_message(
    *, kind: str, registration: Registration, certificate: Certificate | None
) -> EmailMultiAlternatives:
    """Build (not send) one e-mail; call inside translation.override(language)."""
    participant = registration.participant
    context = {
        "kind": kind,
        "registration": registration,
        "participant": participant,
        "event": registration.event,
        "certificate": certificate,
        "replaced": certificate.replaces if kind == NoticeKind.REISSUED else None,
        "ticket_url": settings.SITE_URL + reverse("participants:ticket_list"),
        "verify_url": certificate.verify_url if certificate else "",
        "has_account": participant.user_id is not None,
        "signup_url": settings.SITE_URL + reverse("account_signup"),
    }
    base = "certificates/email/notice"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[participant.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def build_notice(payload: dict) -> EmailMultiAlternatives:
    """The outbox's builder: the e-mail if it still holds."""
    kind = NoticeKind(payload["kind"])
    ids = [payload["registration"] if kind == NoticeKind.AVAILABLE else payload["certificate"]]
    targets = _targets(kind, ids)
    if not targets or not targets[0][0].participant.email:
        raise NoLongerHolds(NO_LONGER)
    registration, certificate = targets[0]
    return certificate_message(kind=kind, registration=registration, certificate=certificate)


NOTICE_BUILDER = Builder(
    name=BUILDER,
    build=build_notice,
    labels={KINDS[value]: label for value, label in NoticeKind.choices},
)
