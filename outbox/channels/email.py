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
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(delivery.subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.email],
        connection=connection,
        headers=headers(delivery, language=language),
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
