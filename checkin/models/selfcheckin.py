"""Self check-in: what an organiser allows per event, and per session
(docs/selfcheckin.md).

The projector's rotating code is computed, never stored
(``checkin.selfcodes``); a self check-in is an ordinary ``CheckIn`` with
method "self", judged by the door's own service."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

ROTATION_MIN_SECONDS = 3
ROTATION_MAX_SECONDS = 120
RADIUS_MIN_METRES = 50
RADIUS_MAX_METRES = 5000


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
    location_required = models.BooleanField(
        _("phone's location must be near the venue"),
        default=False,
        help_text=_(
            "The phone sends its location with the self check-in; outside the radius, "
            "or without permission to read the location, it is refused and the "
            "participant checks in at the door or the kiosk. The location is never stored."
        ),
    )
    venue_latitude = models.DecimalField(
        _("venue latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("For example -6.175392 (copy it from a map)."),
    )
    venue_longitude = models.DecimalField(
        _("venue longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("For example 106.827153."),
    )
    venue_radius_m = models.PositiveIntegerField(
        _("radius around the venue (metres)"),
        default=300,
        validators=[MinValueValidator(RADIUS_MIN_METRES), MaxValueValidator(RADIUS_MAX_METRES)],
        help_text=_("Phones report their location roughly; indoors, allow a few hundred metres."),
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
            models.CheckConstraint(
                condition=models.Q(venue_radius_m__gte=RADIUS_MIN_METRES)
                & models.Q(venue_radius_m__lte=RADIUS_MAX_METRES),
                name="checkin_selfcheckin_radius_range",
            ),
            # Both coordinates or neither.
            models.CheckConstraint(
                condition=models.Q(venue_latitude__isnull=True, venue_longitude__isnull=True)
                | models.Q(venue_latitude__isnull=False, venue_longitude__isnull=False),
                name="checkin_selfcheckin_venue_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_id}: {'on' if self.enabled else 'off'}"

    @property
    def has_venue(self) -> bool:
        return self.venue_latitude is not None and self.venue_longitude is not None

    def clean(self):
        super().clean()
        if (self.venue_latitude is None) != (self.venue_longitude is None):
            raise ValidationError(
                _("Give both the venue's latitude and its longitude, or neither.")
            )
        if self.location_required and not self.has_venue:
            raise ValidationError(
                {"location_required": _("Give the venue's latitude and longitude first.")}
            )


class SessionSelfCheckIn(models.Model):
    """One session's exceptions to its event's self check-in settings. Each
    switch left empty follows the event (docs/selfcheckin.md)."""

    session = models.OneToOneField(
        "bimtek.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="self_checkin",
    )
    enabled = models.BooleanField(_("self check-in allowed"), null=True, blank=True)
    counts_for_certificate = models.BooleanField(
        _("self check-ins count for the certificate"), null=True, blank=True
    )
    location_required = models.BooleanField(
        _("phone's location must be near the venue"), null=True, blank=True
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
        verbose_name = _("self check-in of a session")
        verbose_name_plural = _("self check-in of sessions")

    def __str__(self) -> str:
        return f"session {self.session_id}"
