"""E-mails to a certificate's holder: it became available, was revoked (with
the reason), was reissued. Services call ``notify_*``; the task
``send_certificate_emails`` (queue "email", after commit) re-reads the rows,
skips what no longer holds (a revoked certificate reissued meanwhile is
told by the reissue mail, a closed download is not announced), claims a
``CertificateNotice`` row before sending — each notice goes out once however
often it is queued — and writes in the holder's language, through the same
language rule and subject prefix as every participant e-mail
(``participants.emails``).

The task lives here, not in ``certificates.tasks``: the services enqueue it,
and the tasks module imports the services.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from certificates import selectors
from certificates.models import Certificate, CertificateNotice, NoticeKind
from participants.emails import language_for
from participants.models import Registration
from participants.notifications import is_muted

logger = logging.getLogger(__name__)

CHUNK = 50  # ids per task, as participants' e-mails


def _enqueue(kind: str, ids: Iterable[int]) -> None:
    ids = sorted(set(ids))

    def send() -> None:
        for start in range(0, len(ids), CHUNK):
            send_certificate_emails.enqueue(kind=kind, ids=ids[start : start + CHUNK])

    if ids and not is_muted():
        transaction.on_commit(send)


def notify_available(registration_ids: Iterable[int]) -> None:
    """Tell these registrations their certificate can be downloaded (those
    for whom it holds when the task runs, each once)."""
    _enqueue(NoticeKind.AVAILABLE, registration_ids)


def notify_revoked(certificate: Certificate) -> None:
    _enqueue(NoticeKind.REVOKED, [certificate.pk])


def notify_reissued(replacement: Certificate) -> None:
    _enqueue(NoticeKind.REISSUED, [replacement.pk])


def _claim(*, kind: str, registration: Registration, certificate: Certificate | None):
    try:
        with transaction.atomic():
            return CertificateNotice.objects.create(
                kind=kind,
                registration=registration,
                certificate=certificate if kind != NoticeKind.AVAILABLE else None,
            )
    except IntegrityError:
        return None  # told already


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


@task(queue_name="email")
def send_certificate_emails(*, kind: str, ids: list[int]) -> int:
    """``ids``: registrations (available) or certificates (revoked: the
    revoked one; reissued: the replacement). Returns how many were sent."""
    kind = NoticeKind(kind)
    sent, failed = 0, []
    for registration, certificate in _targets(kind, ids):
        if not registration.participant.email:
            continue
        notice = _claim(kind=kind, registration=registration, certificate=certificate)
        if notice is None:
            continue
        try:
            with translation.override(language_for(registration)):
                certificate_message(
                    kind=kind, registration=registration, certificate=certificate
                ).send()
        except Exception:
            logger.exception(
                "certificate e-mail %s to registration %s failed", kind, registration.pk
            )
            notice.delete()  # a retry may send it
            failed.append(registration.pk)
            continue
        sent += 1
    if failed:
        raise RuntimeError(f"{len(failed)} certificate e-mail(s) failed: registrations {failed}")
    return sent
