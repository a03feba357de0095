"""E-mail: the message's text in a frame (greeting-free footer) rendered in
the recipient's language, plain text and HTML; the HTML is the escaped text,
never markup from the composer."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from outbox.channels import SendError
from outbox.models import Delivery
from outbox.verp import return_path


def headers(delivery: Delivery, *, language: str) -> dict[str, str]:
    values = {"X-Bimtek-Delivery": str(delivery.pk), "Content-Language": language}
    if delivery.unsubscribe_url:
        # RFC 2369 and RFC 8058: the mail program's own "unsubscribe" button
        # POSTs "List-Unsubscribe=One-Click" to the link.
        values["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        values["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return values


def build(delivery: Delivery, *, connection=None) -> EmailMultiAlternatives:
    language = delivery.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"delivery": delivery, "site_url": settings.SITE_URL}
        text = render_to_string("outbox/email/message.txt", context)
        html = render_to_string("outbox/email/message.html", context)
    values = headers(delivery, language=language)
    # With bounce collection on, the envelope sender is the delivery's signed
    # return address (outbox.verp, read back by outbox.bounces); the From
    # people see stays the site's.
    envelope_from = return_path(delivery.pk)
    if envelope_from:
        values["From"] = settings.DEFAULT_FROM_EMAIL
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(delivery.subject.split()),
        body=text,
        from_email=envelope_from or settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        connection=connection,
        headers=values,
    )
    message.attach_alternative(html, "text/html")
    return message


def send(delivery: Delivery, *, connection=None) -> str:
    try:
        build(delivery, connection=connection).send()
    except smtplib.SMTPRecipientsRefused as error:
        raise SendError(f"address refused: {error}"[:300], bounced=True) from error
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(f"{type(error).__name__}: {error}"[:300]) from error
    return ""
