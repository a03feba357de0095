"""Bounces the mail server reports later (RFC 3464 delivery status
notifications), matched to their delivery by a signed return address (VERP).

With ``OUTBOX_BOUNCE_ADDRESS = "bounces@dinas.go.id"`` every e-mail of the
outbox leaves with the envelope sender ``bounces+d<id>-<mac>@dinas.go.id``
(its From stays ``DEFAULT_FROM_EMAIL``). The mail server hands each message
arriving at that mailbox to ``manage.py outbox_bounce`` (a pipe alias, or
files of a Maildir). A permanent failure (``Action: failed``, ``Status: 5.x.x``)
marks the delivery bounced and the address suppressed, as a refusal at send
time does; a temporary one (``4.x.x``, ``delayed``) changes nothing. The MAC
(HMAC of the delivery id with the site's secret) keeps a forged "bounce" from
suppressing somebody else's address; auto-replies and anything without a
delivery status report are ignored (docs/messages.md)."""

import email
import email.policy
import hmac
import re
from dataclasses import dataclass
from email.message import Message as MailMessage

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox import reasons
from outbox.models import Channel, Delivery, DeliveryStatus, SuppressionReason
from outbox.services import suppression_add
from outbox.verp import MAC_LENGTH, mac

# Headers an MTA uses to say which address a message was delivered to.
RECIPIENT_HEADERS = ("X-Original-To", "Delivered-To", "Envelope-To", "X-Envelope-To", "To")


def _delivery_id(mail: MailMessage) -> int | None:
    """The delivery a bounce is for, from the signed address it came to."""
    local = re.escape(settings.OUTBOX_BOUNCE_ADDRESS.rpartition("@")[0])
    pattern = re.compile(rf"{local}\+d(\d{{1,12}})-([0-9a-f]{{{MAC_LENGTH}}})@", re.IGNORECASE)
    for header in RECIPIENT_HEADERS:
        for value in mail.get_all(header, []):
            match = pattern.search(str(value))
            if match and hmac.compare_digest(mac(int(match[1])), match[2].lower()):
                return int(match[1])
    return None


@dataclass(frozen=True)
class Verdict:
    permanent: bool
    diagnostic: str


def _status_fields(mail: MailMessage) -> list[dict[str, str]]:
    """The per-recipient blocks of a delivery status report, lower-cased keys."""
    blocks = []
    for part in mail.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        # The stdlib parses the report's blocks as sub-messages of headers.
        for block in part.get_payload() or []:
            if isinstance(block, MailMessage):
                blocks.append({key.lower(): str(value) for key, value in block.items()})
    return blocks


def verdict(mail: MailMessage) -> Verdict | None:
    """Permanent or temporary, with the server's words; None for anything
    that is not a delivery status report saying a delivery failed."""
    if mail.get_content_type() != "multipart/report":
        return None
    temporary = None
    for fields in _status_fields(mail):
        action = fields.get("action", "").strip().lower()
        status = fields.get("status", "").strip()
        diagnostic = " ".join((fields.get("diagnostic-code", "") or status).split())
        if status.startswith("5.") or (action == "failed" and not status.startswith("4.")):
            return Verdict(permanent=True, diagnostic=diagnostic)
        if action in {"failed", "delayed"}:
            temporary = Verdict(permanent=False, diagnostic=diagnostic)
    return temporary


@transaction.atomic
def bounce_record(raw: bytes) -> str:
    """Read one message that arrived at the bounce address and act on it.
    Returns what was done: "bounced", "temporary", "unknown delivery" or
    "not a bounce" (the command prints it; nothing is raised on bad input)."""
    if not settings.OUTBOX_BOUNCE_ADDRESS:
        return "not collecting bounces"
    mail = email.message_from_bytes(raw, policy=email.policy.compat32)
    delivery_id = _delivery_id(mail)
    if delivery_id is None:
        return "unknown delivery"
    found = verdict(mail)
    if found is None:
        return "not a bounce"
    if not found.permanent:
        return "temporary"
    delivery = (
        Delivery.objects.select_for_update().filter(pk=delivery_id, channel=Channel.EMAIL).first()
    )
    if delivery is None:
        return "unknown delivery"
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.BOUNCED,
        error=reasons.with_detail(reasons.BOUNCED_LATER, found.diagnostic),
        status_at=timezone.now(),
    )
    if delivery.email:
        suppression_add(address=delivery.email, reason=SuppressionReason.BOUNCED)
    return "bounced"
