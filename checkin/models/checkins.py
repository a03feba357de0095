"""Attendance at the door: check-ins, the scan log and per-session window overrides.

The rules that write these live in ``checkin.services.scan`` (one
service used by the scanner page, the API and the tests); see docs/checkin.md.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CheckInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    MANUAL = "manual", _("By hand")
    SELF = "self", _("Self check-in")


class CheckIn(models.Model):
    """Kehadiran: one person admitted to one session — who, when, by whom, where.

    A row, never a boolean; the first check-in wins and a re-scan is answered,
    not stored (unique per registration and session). An undone check-in is
    deleted (the scan log and the audit trail keep the story), so a row here
    always means "was present" — which is what certificates count."""

    # No index of their own: the unique (registration, session) and the
    # (session, checked_in_at) indexes begin with them (one index less to
    # write per admission).
    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="checkins",
        db_index=False,
    )
    session = models.ForeignKey(
        "bimtek.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="checkins",
        db_index=False,
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
        db_table = "participants_checkin"  # moved from participants, table kept
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["checked_in_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="participants_checkin_once_per_session"
            ),
            models.CheckConstraint(
                condition=~models.Q(method="manual") | ~models.Q(reason=""),
                name="participants_checkin_manual_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "checked_in_at"], name="participants_ci_session")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} @ {self.session_id}"


class ScanResult(models.TextChoices):
    """The answers of the check-in API contract (design brief)."""

    OK = "ok", pgettext_lazy("scan result", "Admitted")
    ALREADY_CHECKED_IN = "already_checked_in", pgettext_lazy("scan result", "Already checked in")
    INVALID = "invalid", pgettext_lazy("scan result", "Invalid code")
    NOT_APPROVED = "not_approved", pgettext_lazy("scan result", "Registration not approved")
    WRONG_EVENT = "wrong_event", pgettext_lazy("scan result", "Other event")
    OUTSIDE_WINDOW = "outside_window", pgettext_lazy("scan result", "Outside check-in time")


class ScanAction(models.TextChoices):
    QR = "qr", pgettext_lazy("scan action", "Scan")
    MANUAL = "manual", pgettext_lazy("scan action", "Check-in by hand")
    UNDO = "undo", pgettext_lazy("scan action", "Undo")
    SELF = "self", pgettext_lazy("scan action", "Self check-in")


class ScanLog(models.Model):
    """Every attempt at the door, admitted or not, with staff, device and time.

    Also what makes the API idempotent: an attempt sent again with the same
    ``client_id`` gets the stored ``answer`` back instead of being judged twice.

    Append-only and hash-chained per session (``bimtek.chain``, registered by
    ``checkin.integrations``); the scanned code may be erased after the
    retention period, its digest then kept in ``scanned_value_digest``."""

    # No index of its own: the chain's and the listing's indexes begin with it.
    session = models.ForeignKey(
        "bimtek.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="scan_log",
        db_index=False,
    )
    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_log",
        help_text=_("Empty when the code matched no ticket."),
    )
    action = models.CharField(_("action"), max_length=10, choices=ScanAction, default=ScanAction.QR)
    result = models.CharField(_("result"), max_length=20, choices=ScanResult)
    reason = models.CharField(
        _("detail"),
        max_length=40,
        blank=True,
        help_text=_("Why, in a word: unknown, reissued, too_early, cancelled…"),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("The reason given by the staff.")
    )
    scanned_value = models.CharField(
        _("scanned code"),
        max_length=64,
        blank=True,
        help_text=_("What the scanner read, cut to 64 characters."),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    device = models.CharField(_("device"), max_length=100, blank=True)
    client_id = models.CharField(
        _("client id"),
        max_length=64,
        blank=True,
        help_text=_("The scanning device's id for this attempt; a retry sends it again."),
    )
    scanned_at = models.DateTimeField(_("scanned at"), help_text=_("As the device saw it."))
    # Set before the row is hashed (not auto_now_add, which would change it at save).
    received_at = models.DateTimeField(_("received at"), default=timezone.now, editable=False)
    offline_result = models.CharField(
        _("offline answer"),
        max_length=20,
        choices=ScanResult,
        blank=True,
        help_text=_("The device's own answer when it judged this scan without a network."),
    )
    answer = models.JSONField(_("answer"), default=dict, blank=True)
    scanned_value_digest = models.CharField(
        _("digest of the erased scanned code"), max_length=64, blank=True, editable=False
    )
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    record_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    class Meta:
        db_table = "participants_scanlog"  # moved from participants, table kept
        verbose_name = _("scan log entry")
        verbose_name_plural = _("scan log")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client_id"],
                condition=~models.Q(client_id=""),
                name="participants_scanlog_client_id_unique",
            ),
            # One chain per session: only one entry may follow any given one.
            models.UniqueConstraint(
                fields=["session", "previous_hash"], name="checkin_scanlog_chain_per_session"
            ),
        ]
        indexes = [
            models.Index(fields=["session", "-received_at"], name="participants_scanlog_session"),
            models.Index(fields=["session", "-id"], name="checkin_scanlog_chain_end"),
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} {self.action} {self.result}"


class CheckInWindowOverride(models.Model):
    """An organiser's exception to a session's check-in window (it ran late,
    people may come in early…). While it exists it replaces the window."""

    session = models.OneToOneField(
        "bimtek.Session",
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="checkin_override",
    )
    opens_at = models.DateTimeField(_("check-in opens"))
    closes_at = models.DateTimeField(_("check-in closes"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now=True)

    class Meta:
        db_table = "participants_checkinwindowoverride"  # moved from participants, table kept
        verbose_name = _("check-in window override")
        verbose_name_plural = _("check-in window overrides")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="participants_window_override_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.opens_at:%Y-%m-%d %H:%M}–{self.closes_at:%H:%M}"
