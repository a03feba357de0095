"""Participants' e-mails: text and HTML, in the person's language, with the QR
code shown inline and the PDF ticket attached when the e-mail carries a ticket.

Built by the outbox's worker when it sends the delivery (the builders in
participants.automatic; queued by participants.notifications), never in a
request.
"""

from email.mime.image import MIMEImage
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from participants import selectors
from participants.models import Invitation, Registration
from participants.tickets import qr_png, ticket_pdf


class Mail(StrEnum):
    """The e-mails a registrant gets, one template pair each."""

    RECEIVED = "received"  # awaiting the organiser's approval
    CONFIRMED = "confirmed"  # approved: the ticket, with QR and PDF
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"  # from the waiting list to a seat: the ticket
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    REISSUED = "reissued"  # a new ticket; the old QR no longer works
    REMINDER = "reminder"  # the day before
    EVENT_CANCELLED = "event_cancelled"


WITH_TICKET = {Mail.CONFIRMED, Mail.PROMOTED, Mail.REISSUED, Mail.REMINDER}
QR_CID = "ticket-qr"


def language_for(registration: Registration) -> str:
    """The account's language, else the one used when registering, else the default."""
    supported = {code for code, _name in settings.LANGUAGES}
    user = registration.participant.user
    for language in (getattr(user, "language", ""), registration.participant.language):
        if language in supported:
            return language
    return settings.LANGUAGE_CODE


def _subject(template: str, context: dict) -> str:
    subject = " ".join(render_to_string(template, context).split())
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject


def registration_message(registration: Registration, kind: str) -> EmailMultiAlternatives:
    """Build (not send) one e-mail; call inside translation.override(language)."""
    event = registration.event
    participant = registration.participant
    with_ticket = kind in WITH_TICKET
    context = {
        "kind": kind,
        "registration": registration,
        "participant": participant,
        "event": event,
        "site_url": settings.SITE_URL,
        "event_url": settings.SITE_URL + event.get_absolute_url(),
        "ticket_url": settings.SITE_URL + reverse("participants:ticket_list"),
        "ics_url": settings.SITE_URL + reverse("events:event_ics", kwargs={"code": event.code}),
        "signup_url": settings.SITE_URL + reverse("account_signup"),
        "has_account": participant.user_id is not None,
        "with_ticket": with_ticket,
        "qr_cid": QR_CID,
        "position": (
            selectors.waitlist_position(registration) if kind == Mail.WAITLISTED else None
        ),
    }
    base = "participants/email/registration"
    message = EmailMultiAlternatives(
        subject=_subject(f"{base}_subject.txt", context),
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[participant.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    if with_ticket:
        image = MIMEImage(qr_png(registration.token, box_size=8), "png")
        image.add_header("Content-ID", f"<{QR_CID}>")
        image.add_header("Content-Disposition", "inline", filename="qr-tiket.png")
        message.attach(image)
        message.attach(f"tiket-{event.code}.pdf", ticket_pdf(registration), "application/pdf")
    return message


def invitation_message(invitation: Invitation) -> EmailMultiAlternatives:
    event = invitation.event
    context = {
        "invitation": invitation,
        "event": event,
        "invitation_url": settings.SITE_URL + invitation.get_absolute_url(),
        "event_url": settings.SITE_URL + event.get_absolute_url(),
    }
    with translation.override(settings.LANGUAGE_CODE):
        message = EmailMultiAlternatives(
            subject=_subject("participants/email/invitation_subject.txt", context),
            body=render_to_string("participants/email/invitation.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.contact_email],
        )
        message.attach_alternative(
            render_to_string("participants/email/invitation.html", context), "text/html"
        )
    return message
