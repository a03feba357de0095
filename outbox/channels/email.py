"""E-mail: the message's text in a frame (greeting-free footer) rendered in
the recipient's language, plain text and HTML; the HTML is the escaped text,
never markup from the composer.

The frame is rendered once per language (and with or without the
unsubscribe footer) for a whole batch (``Frames``), with markers where each
delivery's own subject, body and link go; each delivery then only fills
them in. The body's HTML (escaped, links made clickable, paragraphs) is
computed once per distinct body: once per message when the text has no
per-person placeholder.
"""

import logging
import re
import secrets
import smtplib
from types import SimpleNamespace

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from outbox import builders, reasons
from outbox.channels import SendError
from outbox.models import Delivery
from outbox.verp import return_path

# Letters and digits only (escaping leaves them as they are), random per
# process: a composer cannot write one into a message.
_NONCE = secrets.token_hex(12)
SUBJECT, BODY, BODY_HTML, UNSUBSCRIBE = (
    f"BIMTEK{name}{_NONCE}" for name in ("SUBJECT", "BODY", "BODYHTML", "UNSUBSCRIBE")
)
_MARKERS = re.compile("|".join((SUBJECT, BODY_HTML, BODY, UNSUBSCRIBE)))
_BODY_CACHE_SIZE = 64

logger = logging.getLogger(__name__)


def body_html(body: str) -> str:
    """What ``{{ body|urlize|linebreaks }}`` gives with autoescaping on."""
    return linebreaks_filter(urlize(body, autoescape=True), autoescape=True)


class Frames:
    """The text and HTML frames of one batch, by language; fills one delivery
    in with a single pass over each frame (what the delivery brings is never
    searched for markers)."""

    def __init__(self) -> None:
        self._frames: dict[tuple[str, bool], tuple[str, str]] = {}
        self._bodies: dict[str, str] = {}

    def _frame(self, language: str, unsubscribe: bool) -> tuple[str, str]:
        key = (language, unsubscribe)
        if key not in self._frames:
            with translation.override(language):
                context = {
                    "delivery": SimpleNamespace(
                        subject=SUBJECT,
                        body=BODY,
                        unsubscribe_url=UNSUBSCRIBE if unsubscribe else "",
                    ),
                    "body_html": mark_safe(BODY_HTML),  # a marker, filled in by render()
                    "site_url": settings.SITE_URL,
                }
                self._frames[key] = (
                    render_to_string("outbox/email/message.txt", context),
                    render_to_string("outbox/email/message.html", context),
                )
        return self._frames[key]

    def _body_html(self, body: str) -> str:
        if body not in self._bodies:
            if len(self._bodies) >= _BODY_CACHE_SIZE:
                self._bodies.clear()
            self._bodies[body] = body_html(body)
        return self._bodies[body]

    def render(self, delivery: Delivery, *, language: str) -> tuple[str, str]:
        text_frame, html_frame = self._frame(language, bool(delivery.unsubscribe_url))
        text_values = {
            SUBJECT: delivery.subject,
            BODY: delivery.body,
            UNSUBSCRIBE: delivery.unsubscribe_url,
        }
        html_values = {
            SUBJECT: escape(delivery.subject),
            BODY_HTML: self._body_html(delivery.body),
            UNSUBSCRIBE: escape(delivery.unsubscribe_url),
        }
        return (
            _MARKERS.sub(lambda m: text_values[m.group(0)], text_frame),
            _MARKERS.sub(lambda m: html_values[m.group(0)], html_frame),
        )


def headers(delivery: Delivery, *, language: str) -> dict[str, str]:
    values = {"X-Bimtek-Delivery": str(delivery.pk), "Content-Language": language}
    if delivery.unsubscribe_url:
        # RFC 2369 and RFC 8058: the mail program's own "unsubscribe" button
        # POSTs "List-Unsubscribe=One-Click" to the link.
        values["List-Unsubscribe"] = f"<{delivery.unsubscribe_url}>"
        values["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return values


def build(
    delivery: Delivery, *, connection=None, frames: Frames | None = None
) -> EmailMultiAlternatives:
    language = delivery.language or settings.LANGUAGE_CODE
    text, html = (frames or Frames()).render(delivery, language=language)
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


def _send(message: EmailMultiAlternatives) -> None:
    """Send; SendError says how it failed (refused address: a bounce; a 4xx
    answer: temporary, surely not sent)."""
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _text in error.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            raise SendError(
                reasons.with_detail(reasons.REFUSED_FOR_NOW, str(error)), temporary=True
            ) from error
        raise SendError(reasons.with_detail(reasons.REFUSED, str(error)), bounced=True) from error
    except smtplib.SMTPResponseException as error:
        temporary = 400 <= error.smtp_code < 500
        raise SendError(f"{type(error).__name__}: {error}"[:300], temporary=temporary) from error
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(f"{type(error).__name__}: {error}"[:300]) from error


def send(delivery: Delivery, *, connection=None, frames: Frames | None = None) -> str:
    _send(build(delivery, connection=connection, frames=frames))
    return ""


def send_built(delivery: Delivery, *, connection=None) -> dict[str, str]:
    """Send an automatic delivery: its builder writes the e-mail (with its
    attachments) in the delivery's language, the outbox adds its headers and
    return path. What went out (subject, text, address) is returned, to be
    stored on the delivery. ``NoLongerHolds`` from the builder goes up."""
    builder = builders.get(delivery.builder)
    if builder is None:
        raise SendError(reasons.with_detail(reasons.NO_BUILDER, delivery.builder))
    language = delivery.language or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            message = builder.build(delivery.payload)
    except builders.NoLongerHolds:
        raise
    except Exception as error:  # a bug or a vanished row: failed, resendable
        # Nothing was sent: temporary, so the bounded automatic retry
        # (outbox.services.retry_delay) tries it again, then it stays failed.
        logger.exception("automatic e-mail %s could not be written", delivery.pk)
        raise SendError(
            reasons.with_detail(reasons.NOT_WRITTEN, f"{type(error).__name__}: {error}"),
            temporary=True,
        ) from error
    message.connection = connection
    message.extra_headers.update(headers(delivery, language=language))
    envelope_from = return_path(delivery.pk)
    if envelope_from:
        message.extra_headers.setdefault("From", message.from_email)
        message.from_email = envelope_from
    _send(message)
    return {
        "subject": message.subject[:300],
        "body": message.body,
        "email": (message.to or [delivery.email])[0],
    }
