from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    MANUAL = "manual", _("By hand")


class CheckIn(models.Model):
    """Kehadiran: one person admitted to one session — who, when, by whom, where.

    A row, never a boolean; the first check-in wins and a re-scan is answered,
    not stored (unique per registration and session)."""

    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    session = models.ForeignKey(
        "bimtek.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    checked_in_at = models.DateTimeField(
        _("checked in at"), help_text=_("When the person was admitted (the scan time).")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    device = models.CharField(_("device"), max_length=100, blank=True)
    method = models.CharField(
        _("method"), max_length=10, choices=CheckInMethod, default=CheckInMethod.QR
    )
    reason = models.CharField(
        _("reason"), max_length=200, blank=True, help_text=_("Why a check-in was made by hand.")
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="participants_checkin_once_per_session"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "checked_in_at"], name="participants_ci_session")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id}"
