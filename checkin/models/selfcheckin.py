"""Self check-in: what an organiser allows per event (docs/selfcheckin.md).

The projector's rotating code is computed, never stored
(``checkin.selfcodes``); a self check-in is an ordinary ``CheckIn`` with
method "self", judged by the door's own service."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ROTATION_MIN_SECONDS = 3
ROTATION_MAX_SECONDS = 120


class SelfCheckInSettings(models.Model):
    """Whether participants of one event may check themselves in (the
    projector code, the kiosk), and how often the projector's code changes."""

    event = models.OneToOneField(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="self_checkin",
    )
    enabled = models.BooleanField(
        _("self check-in allowed"),
        default=False,
        help_text=_(
            "Participants check themselves in by scanning the code on the projector, "
            "or at a kiosk at the entrance. The session's check-in window applies."
        ),
    )
    rotation_seconds = models.PositiveSmallIntegerField(
        _("code changes every (seconds)"),
        default=10,
        validators=[
            MinValueValidator(ROTATION_MIN_SECONDS),
            MaxValueValidator(ROTATION_MAX_SECONDS),
        ],
        help_text=_("A photo of the code is useless once it has changed twice."),
    )
    counts_for_certificate = models.BooleanField(
        _("self check-ins count for the certificate"),
        default=True,
        help_text=_("Untick when the event requires check-in by door staff for the certificate."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("self check-in settings")
        verbose_name_plural = _("self check-in settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rotation_seconds__gte=ROTATION_MIN_SECONDS)
                & models.Q(rotation_seconds__lte=ROTATION_MAX_SECONDS),
                name="checkin_selfcheckin_rotation_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {'on' if self.enabled else 'off'}"
