"""The outbox: a message and one delivery per recipient, on one channel each.

The outbox knows nothing of events or registrations: whoever composes a
message gives each recipient's address and the text already written for them
(``outbox.services.message_create``); the outbox sends, records what became
of each delivery and tells it back (docs/messages.md).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    # The WhatsApp Business Cloud API, sent by the worker.
    WHATSAPP = "whatsapp", _("WhatsApp (Business API)")
    # A wa.me click-to-chat link the organiser opens and marks as sent.
    WA_LINK = "wa_link", _("WhatsApp (sent by hand)")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("delivery status", "Queued")
    SENDING = "sending", pgettext_lazy("delivery status", "Sending")
    SENT = "sent", pgettext_lazy("delivery status", "Sent")
    DELIVERED = "delivered", pgettext_lazy("delivery status", "Delivered")
    READ = "read", pgettext_lazy("delivery status", "Read")
    FAILED = "failed", pgettext_lazy("delivery status", "Failed")
    BOUNCED = "bounced", pgettext_lazy("delivery status", "Bounced")
    # An automatic message whose builder said it no longer holds (the
    # registration was cancelled a second later, the certificate revoked
    # meanwhile): not sent, with the reason in ``error``.
    SKIPPED = "skipped", pgettext_lazy("delivery status", "Not sent")


# Statuses a webhook may move a delivery to, in order: it never goes back.
PROGRESS = [DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ]


class Message(models.Model):
    """What was composed once, for many recipients."""

    topic = models.CharField(
        _("topic"),
        max_length=100,
        db_index=True,
        help_text=_("Who composed it, e.g. event:42; the outbox only stores it."),
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"), max_length=5000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # An automatic message (outbox.automatic): the composer's key for the
    # group, one message per key (e.g. auto:event:42:confirmed), and which
    # kind it is (its label: ``outbox.builders.label``). Empty for a message
    # composed once.
    key = models.CharField(_("key"), max_length=100, null=True, blank=True, unique=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One recipient of a message, on one channel, with what became of it."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # The composer's key for the person (e.g. registration:17): one delivery
    # per person and message, whatever happens.
    recipient_key = models.CharField(_("recipient"), max_length=64)
    name = models.CharField(_("name"), max_length=300)
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    phone = models.CharField(_("mobile number"), max_length=20, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_id = models.CharField(
        _("provider's message id"), max_length=128, blank=True, db_index=True
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    # Given by the composer for a non-essential message: the person's one-click
    # link; the e-mail carries it in its footer and List-Unsubscribe headers.
    unsubscribe_url = models.CharField(_("unsubscribe link"), max_length=500, blank=True)
    claimed_at = models.DateTimeField(_("claimed by a worker at"), null=True, blank=True)
    # Which claim (one worker's chunk, outbox.services._claim_chunk) holds it:
    # after a crash, the chunk's lowest delivery still "sending" is the one
    # that was in flight; the others were never tried.
    claim = models.CharField(_("claim"), max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    status_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    # An automatic delivery: the registered builder (outbox.builders) that
    # writes the e-mail when it is sent, and what it needs (ids, kind).
    builder = models.CharField(_("builder"), max_length=60, blank=True)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    # A failed automatic delivery is queued again by itself at this time
    # (a temporary failure; outbox.services.deliveries_retry_due).
    retry_at = models.DateTimeField(_("retry at"), null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked as sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The recipient's data was erased (their request, or the event's retention;
    # outbox.erasure): name, address, text and links blanked, status kept.
    erased_at = models.DateTimeField(_("recipient's data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["message", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient_key"], name="outbox_delivery_once_per_message"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=DeliveryStatus.values),
                name="outbox_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values),
                name="outbox_delivery_channel_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["message", "status"], name="outbox_delivery_progress"),
            models.Index(
                fields=["retry_at"],
                condition=models.Q(retry_at__isnull=False),
                name="outbox_delivery_retry",
            ),
            # A person's deliveries (outbox.selectors.deliveries_addressed_to):
            # the key, equal or by prefix (the pattern operator class lets
            # PostgreSQL's LIKE 'key:…' use it; SQLite ignores it), and the address in any case.
            models.Index(
                fields=["recipient_key"],
                opclasses=["varchar_pattern_ops"],
                name="outbox_delivery_key_prefix",
            ),
            models.Index(Upper("email"), name="outbox_delivery_email_upper"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_channel_display()}, {self.get_status_display()})"

    @property
    def error_reason(self) -> str:
        """Why it failed, in the reader's language (outbox.reasons)."""
        from outbox.reasons import describe

        return describe(self.error)[0]

    @property
    def error_detail(self) -> str:
        """The technical detail of the failure (the exception's text), untranslated."""
        from outbox.reasons import describe

        return describe(self.error)[1]

    @property
    def may_have_arrived(self) -> bool:
        """Failed while a worker was sending it: sending again may send it twice."""
        from outbox.reasons import INTERRUPTED

        return self.status == DeliveryStatus.FAILED and self.error == INTERRUPTED


class SuppressionReason(models.TextChoices):
    BOUNCED = "bounced", _("Hard bounce")
    OPTED_OUT = "opted_out", _("Unsubscribed")


class Suppression(models.Model):
    """An address nothing non-essential is sent to any more."""

    address = models.CharField(_("address"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=10, choices=SuppressionReason)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["address"]

    def __str__(self) -> str:
        return f"{self.address} ({self.get_reason_display()})"
