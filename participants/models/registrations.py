from django.conf import settings
from django.db import models
from django.urls import reverse
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
    invitation = models.ForeignKey(
        "participants.Invitation",
        verbose_name=_("invitation"),
        # An invitation with delegates cannot be deleted on its own (withdraw
        # it instead), but goes with its event.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="registrations",
        help_text=_("The institution invitation this delegate was registered through."),
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
    # Also the place in the waiting list: first come, first promoted.
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    reminder_sent_at = models.DateTimeField(
        _("reminder sent at"),
        null=True,
        blank=True,
        help_text=_("The day-before reminder goes out once; see the send_reminders command."),
    )

    # UU PDP: WhatsApp only with the person's own, separate consent (unticked
    # by default on the forms), withdrawable on the ticket page.
    whatsapp_consent = models.BooleanField(_("WhatsApp consent"), default=False)
    # When the person last chose (agreed, or withdrew their consent): kept
    # after a withdrawal, as the time of an unsubscription is (UU PDP).
    whatsapp_consent_at = models.DateTimeField(_("WhatsApp choice made at"), null=True, blank=True)
    # The person followed the unsubscribe link of an announcement about this
    # event: announcements skip them; essential notices (a change of schedule,
    # the ticket) still go (broadcasts, docs/messages.md).
    announcements_unsubscribed_at = models.DateTimeField(
        _("unsubscribed from announcements at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "participant"], name="participants_registration_once_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=RegistrationStatus.values),
                name="participants_registration_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=RegistrationRole.values),
                name="participants_registration_role_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=RegistrationSource.values),
                name="participants_registration_source_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(source=RegistrationSource.INVITATION)
                | models.Q(invitation__isnull=False),
                name="participants_registration_invitation_source",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status"], name="participants_reg_event_status"),
            models.Index(
                fields=["event", "status", "status_changed_at"], name="participants_reg_queue"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("participants:ticket_detail", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.status == RegistrationStatus.APPROVED

    @property
    def is_active(self) -> bool:
        """Pending, approved or waiting: the person still wants the seat."""
        return self.status in ACTIVE_STATUSES

    @property
    def takes_seat(self) -> bool:
        """Only approved participants (peserta) count against the capacity;
        speakers, moderators and the committee do not."""
        return self.is_approved and self.role == RegistrationRole.PARTICIPANT


ACTIVE_STATUSES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.APPROVED,
    RegistrationStatus.WAITLISTED,
)


class RevokedTokenReason(models.TextChoices):
    REISSUED = "reissued", _("Ticket reissued")


class RevokedToken(models.Model):
    """A ticket token that no longer opens the door, kept so the door can say
    "this ticket was reissued" rather than "unknown code" (docs/tokens.md)."""

    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="revoked_tokens",
    )
    reason = models.CharField(
        _("reason"), max_length=20, choices=RevokedTokenReason, default=RevokedTokenReason.REISSUED
    )
    revoked_at = models.DateTimeField(_("revoked at"), auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("revoked ticket token")
        verbose_name_plural = _("revoked ticket tokens")
        ordering = ["-revoked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.token[:6]}… ({self.get_reason_display()})"
