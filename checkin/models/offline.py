"""Offline scanning: what the server remembers about scanners that work
without a network (docs/offline.md).

- ``CheckInConflict``: a scan judged on a device while offline that the
  server, once it arrived, could not simply record — the person had already
  been admitted at another door, or the server refuses the ticket (cancelled,
  reissued…). Shown to the organiser on the Presensi tab.
- ``DoorRosterSync``: each device's last download of an event's roster, so
  the organiser sees which scanners are out of date.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from checkin.models.checkins import CheckInMethod, ScanResult


class ConflictKind(models.TextChoices):
    DOUBLE_ADMISSION = "double_admission", _("Admitted at two doors")
    REFUSED_LATER = "refused_later", _("Admitted offline, refused by the server")


class CheckInConflict(models.Model):
    """An offline admission that met the server's judgement.

    ``double_admission``: the person was already checked in to the session
    (by another door) when this offline scan arrived. The earliest scan wins:
    when this one is earlier, the check-in takes its time, staff and door
    (``replaced``) and ``other_*`` keep what was recorded before; otherwise
    the check-in stays and ``other_*`` describe it. There is never a second
    check-in row.

    ``refused_later``: the device admitted the person offline, but the server
    refuses the ticket (``result``/``reason``: cancelled, reissued, outside the
    window…). No check-in is recorded; the organiser decides."""

    session = models.ForeignKey(
        "bimtek.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="checkin_conflicts",
    )
    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="checkin_conflicts",
        help_text=_("Empty when the server knows no ticket with the scanned code."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConflictKind)
    checkin = models.ForeignKey(
        "checkin.CheckIn",
        verbose_name=_("check-in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conflicts",
        help_text=_("The check-in that stands (empty when refused or undone since)."),
    )
    scan = models.ForeignKey(
        "checkin.ScanLog",
        verbose_name=_("scan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The offline scan that arrived late."),
    )
    scanned_at = models.DateTimeField(_("scanned at"), help_text=_("The offline scan's time."))
    device = models.CharField(_("device"), max_length=100, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    other_at = models.DateTimeField(
        _("other admission at"),
        null=True,
        blank=True,
        help_text=_("The check-in this scan met, as it was recorded before."),
    )
    other_device = models.CharField(_("other device"), max_length=100, blank=True)
    other_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("other staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    other_method = models.CharField(
        _("other method"), max_length=10, choices=CheckInMethod, blank=True
    )
    replaced = models.BooleanField(
        _("earlier scan recorded"),
        default=False,
        help_text=_("The offline scan was earlier, so the check-in now carries its time."),
    )
    result = models.CharField(_("server's answer"), max_length=20, choices=ScanResult, blank=True)
    reason = models.CharField(_("detail"), max_length=40, blank=True)
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "participants_checkinconflict"  # moved from participants, table kept
        verbose_name = _("check-in conflict")
        verbose_name_plural = _("check-in conflicts")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ConflictKind.values),
                name="participants_conflict_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="double_admission") | models.Q(other_at__isnull=False),
                name="participants_conflict_double_has_other",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="refused_later") | ~models.Q(result=""),
                name="participants_conflict_refused_has_result",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "detected_at"], name="participants_conflict_session"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.registration_id} @ {self.session_id}"


class DoorRosterSync(models.Model):
    """One device's copy of an event's roster: when it was last brought up
    to date, and what the device said about its queue then."""

    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="roster_syncs",
    )
    device_id = models.CharField(
        _("device id"),
        max_length=64,
        help_text=_("The scanner's own id, made once in its browser."),
    )
    device_name = models.CharField(_("device"), max_length=100, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    synced_at = models.DateTimeField(_("roster updated at"))
    version = models.BigIntegerField(_("roster version"), help_text=_("The change cursor sent."))
    full_synced_at = models.DateTimeField(_("last full download"), null=True, blank=True)
    queued = models.PositiveIntegerField(
        _("scans waiting"), default=0, help_text=_("Scans not yet sent, as the device reported.")
    )
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        db_table = "participants_doorrostersync"  # moved from participants, table kept
        verbose_name = _("roster download")
        verbose_name_plural = _("roster downloads")
        ordering = ["-synced_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "device_id"], name="participants_rostersync_device_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device_name or self.device_id} @ {self.event_id}"
