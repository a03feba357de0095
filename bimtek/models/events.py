import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bimtek import formatting
from bimtek.models.teams import Team


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    FINISHED = "finished", pgettext_lazy("event status", "Finished")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("Open registration")
    INVITATION = "invitation", _("By invitation only")
    BOTH = "both", _("Open and by invitation")


class ApprovalMode(models.TextChoices):
    AUTO = "auto", _("Automatic")
    MODERATED = "moderated", _("Approved by the organiser")


class EventTimezone(models.TextChoices):
    """Indonesia's three zones; the venue's zone is how times are printed."""

    WIB = "Asia/Jakarta", _("WIB (Western Indonesia, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Central Indonesia, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Eastern Indonesia, UTC+9)")


class Event(models.Model):
    """A Bimtek: one training event with its agenda of sessions."""

    title = models.CharField(_("title"), max_length=200)
    code = models.SlugField(
        _("short code"),
        max_length=40,
        unique=True,
        help_text=_("Letters, digits and hyphens, used in links: e.g. bimtek-sc-2026-1."),
    )
    organiser_unit = models.CharField(
        _("organiser"),
        max_length=200,
        help_text=_("The unit that runs the event, e.g. Dinas Komunikasi dan Informatika."),
    )
    description = models.TextField(_("description"), blank=True)
    venue = models.CharField(_("venue"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(
        _("city"),
        max_length=100,
        help_text=_("Printed on certificates: “Tanjungpinang, 9 Juli 2019”."),
    )
    timezone = models.CharField(
        _("time zone"), max_length=40, choices=EventTimezone, default=EventTimezone.WIB
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100_000)],
        help_text=_("Seats for participants; empty means no limit. Beyond it people wait."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus, default=EventStatus.DRAFT
    )
    registration_mode = models.CharField(
        _("registration"), max_length=20, choices=RegistrationMode, default=RegistrationMode.OPEN
    )
    approval_mode = models.CharField(
        _("approval"), max_length=20, choices=ApprovalMode, default=ApprovalMode.AUTO
    )
    minutes_per_jp = models.PositiveSmallIntegerField(
        _("minutes per JP"),
        default=45,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("One jam pelajaran (JP) lasts this many minutes."),
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before a session)"),
        default=30,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Door staff may scan from this many minutes before each session starts."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The team whose organisers manage this event and its participants' data."),
    )
    cancellation_reason = models.TextField(
        _("reason for cancellation"),
        blank=True,
        help_text=_("Shown on the event page and sent to the people who registered."),
    )
    retention_days = models.PositiveIntegerField(
        _("keep personal data for (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Days after the last day of the event before the NIP, phone and e-mail of "
            "people without an account are erased; empty: the site's default."
        ),
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="bimtek_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="bimtek_event_registration_window_order",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="bimtek_event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(minutes_per_jp__gte=1), name="bimtek_event_jp_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"code": self.code})

    def clean(self) -> None:
        from bimtek.validation import event_schedule_errors

        errors: dict[str, list[ValidationError]] = {}
        for error in event_schedule_errors(self):
            errors.setdefault(error.field or NON_FIELD_ERRORS, []).append(
                ValidationError(error.message, code=error.code)
            )
        if errors:
            raise ValidationError(errors)

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def zone_abbreviation(self) -> str:
        return formatting.zone_abbreviation(self.timezone)

    @property
    def starts_at(self) -> dt.datetime:
        """Midnight at the venue on the first day."""
        return dt.datetime.combine(self.start_date, dt.time.min, tzinfo=self.tzinfo)

    @property
    def ends_at(self) -> dt.datetime:
        """Midnight at the venue after the last day."""
        return dt.datetime.combine(
            self.end_date + dt.timedelta(days=1), dt.time.min, tzinfo=self.tzinfo
        )

    @property
    def days(self) -> list[dt.date]:
        span = (self.end_date - self.start_date).days
        return [self.start_date + dt.timedelta(days=i) for i in range(span + 1)]

    @property
    def is_draft(self) -> bool:
        return self.status == EventStatus.DRAFT

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def agenda_is_locked(self) -> bool:
        """Finished and cancelled events keep their agenda (and dates) as they
        were: attendance and certificates refer to them."""
        return self.status in (EventStatus.FINISHED, EventStatus.CANCELLED)

    def registration_phase(self, at: dt.datetime | None = None) -> str:
        """Where the registration window stands, whatever the seats:
        "unpublished", "not_yet_open", "open" or "closed"."""
        at = at or timezone.now()
        if self.status == EventStatus.DRAFT:
            return "unpublished"
        if self.registration_is_open(at):
            return "open"
        if (
            self.status == EventStatus.PUBLISHED
            and self.registration_opens_at
            and at < self.registration_opens_at
        ):
            return "not_yet_open"
        return "closed"

    def registration_is_open(self, at: dt.datetime | None = None) -> bool:
        """Published, inside the registration window and not yet started."""
        at = at or timezone.now()
        if self.status != EventStatus.PUBLISHED:
            return False
        if self.registration_opens_at and at < self.registration_opens_at:
            return False
        if self.registration_closes_at and at >= self.registration_closes_at:
            return False
        return at < self.ends_at


class Session(models.Model):
    """A sesi: one item of the agenda (a talk, a workshop, the opening…)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    speakers = models.TextField(
        _("speakers (narasumber)"), blank=True, help_text=_("One speaker per line.")
    )
    moderator = models.CharField(_("moderator"), max_length=200, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    counts_for_certificate = models.BooleanField(
        _("counts for the certificate"),
        default=True,
        help_text=_("Attendance of this session counts towards the certificate."),
    )
    checkin_opens_minutes = models.PositiveSmallIntegerField(
        _("check-in opens (minutes before start)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_("Empty: the event's default."),
    )
    jp_override = models.PositiveSmallIntegerField(
        _("JP (override)"),
        null=True,
        blank=True,
        help_text=_("Empty: computed from the duration and the event's minutes per JP."),
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="bimtek_session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["event", "starts_at"], name="bimtek_session_event_start")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from bimtek.validation import session_time_errors

        if self.event_id is None:
            return
        errors: dict[str, list[ValidationError]] = {}
        for error in session_time_errors(self, self.event):
            errors.setdefault(error.field or NON_FIELD_ERRORS, []).append(
                ValidationError(error.message, code=error.code)
            )
        if errors:
            raise ValidationError(errors)

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def jp(self) -> int:
        """Whole JP in the session: rounded down (90 minutes = 2 JP of 45), unless
        the organiser set it (see docs/scheduling.md)."""
        if self.jp_override is not None:
            return self.jp_override
        return self.duration_minutes // self.event.minutes_per_jp

    @property
    def speaker_list(self) -> list[str]:
        return [line.strip() for line in self.speakers.splitlines() if line.strip()]

    @property
    def checkin_opens_at(self) -> dt.datetime:
        minutes = self.checkin_opens_minutes
        if minutes is None:
            minutes = self.event.checkin_opens_minutes
        return self.starts_at - dt.timedelta(minutes=minutes)

    @property
    def checkin_closes_at(self) -> dt.datetime:
        return self.ends_at

    @property
    def local_date(self) -> dt.date:
        return timezone.localtime(self.starts_at, self.event.tzinfo).date()


class StaffRole(models.TextChoices):
    STEWARD = "steward", _("Door steward (scan only)")
    SUPERVISOR = "supervisor", _("Door supervisor (scan, search, manual check-in, undo)")


class EventStaff(models.Model):
    """A door-staff user assigned to one event: door rights are per event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="staff"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="event_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole, default=StaffRole.STEWARD)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("door staff assignment")
        verbose_name_plural = _("door staff assignments")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="bimtek_eventstaff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.event}"
