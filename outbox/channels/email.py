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


def send(delivery: Delivery, *, connection=None, frames: Frames | None = None) -> str:
    try:
        build(delivery, connection=connection, frames=frames).send()
    except smtplib.SMTPRecipientsRefused as error:
        raise SendError(f"address refused: {error}"[:300], bounced=True) from error
    except (smtplib.SMTPException, OSError) as error:
        raise SendError(f"{type(error).__name__}: {error}"[:300]) from error
    return ""
