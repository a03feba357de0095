import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_invitation_token() -> str:
    """192 random bits, URL-safe: the invitation link is the contact's only key."""
    return secrets.token_urlsafe(24)


class Invitation(models.Model):
    """An institution invited to send up to ``quota`` delegates to an event.

    Its contact person gets a link (the token) and registers the delegates
    there, without an account; the organiser sees who was sent."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    institution = models.ForeignKey(
        "bimtek.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    quota = models.PositiveSmallIntegerField(
        _("quota"),
        validators=[MinValueValidator(1)],
        help_text=_("How many people the institution may send."),
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail address"), max_length=254)
    message = models.TextField(
        _("message to the institution"),
        blank=True,
        help_text=_("Printed in the invitation e-mail, e.g. the number of the official letter."),
    )
    token = models.CharField(
        _("link token"),
        max_length=64,
        unique=True,
        default=new_invitation_token,
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    revoked_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("A withdrawn invitation's link no longer works."),
    )

    class Meta:
        verbose_name = _("institution invitation")
        verbose_name_plural = _("institution invitations")
        ordering = ["institution__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "institution"], name="participants_invitation_once_per_event"
            ),
            models.CheckConstraint(
                condition=models.Q(quota__gte=1), name="participants_invitation_quota_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("participants:invitation_detail", kwargs={"token": self.token})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
