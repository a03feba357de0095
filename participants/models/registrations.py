from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.tokens import new_ticket_token


class RegistrationRole(models.TextChoices):
    PARTICIPANT = "peserta", pgettext_lazy("registration role", "Participant")
    SPEAKER = "narasumber", pgettext_lazy("registration role", "Speaker")
    MODERATOR = "moderator", pgettext_lazy("registration role", "Moderator")
    ORGANISER = "panitia", pgettext_lazy("registration role", "Organising committee")


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("registration status", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("registration status", "Approved")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "Waiting list")
    REJECTED = "rejected", pgettext_lazy("registration status", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class RegistrationSource(models.TextChoices):
    SELF = "self", _("Registered themselves")
    INVITATION = "invitation", _("Sent by their institution")
    IMPORT = "import", _("Imported from a list")
    ORGANISER = "organiser", _("Added by the organiser")


class Registration(models.Model):
    """A participant's place at one event, and the QR ticket that proves it."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=RegistrationRole, default=RegistrationRole.PARTICIPANT
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus,
        default=RegistrationStatus.PENDING,
    )
    source = models.CharField(
        _("source"), max_length=20, choices=RegistrationSource, default=RegistrationSource.SELF
    )
    token = models.CharField(
        _("ticket token"),
        max_length=64,
        unique=True,
        default=new_ticket_token,
        editable=False,
        help_text=_("The opaque secret in the ticket's QR code."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="participants_registration_once_per_event"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="participants_reg_event_status"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.event}"

    @property
    def is_approved(self) -> bool:
        return self.status == RegistrationStatus.APPROVED
