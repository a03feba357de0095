"""A message an organiser sent to some of an event's registrants: the
outbox's message, with the event, the channel and the filter it was sent with."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from broadcasts.placeholders import event_values, fill


class BroadcastChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    # wa.me links the organiser opens one by one; no number: e-mail.
    WA_LINK = "wa_link", _("WhatsApp, sent by me from a list of wa.me links")
    # The WhatsApp Business Cloud API, when configured; no number: e-mail.
    WHATSAPP = "whatsapp", _("WhatsApp Business API")


class MessageKind(models.TextChoices):
    # Non-essential: carries an unsubscribe link; those who unsubscribed are skipped.
    ANNOUNCEMENT = "announcement", _("Announcement: recipients may unsubscribe")
    # Sent to everyone, without an unsubscribe link.
    ESSENTIAL = "essential", _("Essential notice (change of schedule or place, ticket)")


class Broadcast(models.Model):
    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="broadcasts",
    )
    message = models.OneToOneField(
        "outbox.Message",
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="broadcast",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=BroadcastChannel)
    kind = models.CharField(
        _("kind"), max_length=12, choices=MessageKind, default=MessageKind.ANNOUNCEMENT
    )
    filters = models.JSONField(_("recipients chosen by"), default=dict)
    recipient_count = models.PositiveIntegerField(_("recipients"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(channel__in=BroadcastChannel.values),
                name="broadcasts_broadcast_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MessageKind.values),
                name="broadcasts_broadcast_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.message)

    def get_absolute_url(self) -> str:
        return reverse("broadcasts:detail", kwargs={"code": self.event.code, "pk": self.pk})

    @property
    def display_subject(self) -> str:
        """The subject as the organiser reads it: the event's placeholders
        filled in, the per-person ones ({nama}) left as written."""
        values = event_values(self.event, language=get_language() or settings.LANGUAGE_CODE)
        return fill(self.message.subject, values)


class MessageTemplate(models.Model):
    """A message an organiser saved to send again (info teknis, change
    notice, reminder…): picked in compose, copied when the event is cloned."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="message_templates",
    )
    name = models.CharField(_("template name"), max_length=100)
    channel = models.CharField(
        _("send by"), max_length=10, choices=BroadcastChannel, default=BroadcastChannel.EMAIL
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=MessageKind, default=MessageKind.ANNOUNCEMENT
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "name"], name="broadcasts_template_name_once_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=BroadcastChannel.values),
                name="broadcasts_template_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=MessageKind.values),
                name="broadcasts_template_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name
