from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bimtek.models import Event, Team
from outbox.models import Message
from participants.nip import nip_check, nip_normalise
from spj.crypto import EncryptedTextField

MAX_RATE = 1_000_000_000  # rupiah per JP or per session


class Employment(models.TextChoices):
    PNS = "pns", _("Civil servant (PNS)")
    NON_PNS = "non_pns", _("Not a civil servant")


class Golongan(models.TextChoices):
    NONE = "", "—"
    I = "I", "I"  # noqa: E741 (the grade's name)
    II = "II", "II"
    III = "III", "III"
    IV = "IV", "IV"


class RateBasis(models.TextChoices):
    PER_JP = "per_jp", _("per JP")
    PER_SESSION = "per_session", _("per session")


class Person(models.Model):
    """A narasumber, moderator or committee member of one event, with what the
    SPJ needs of them. Speakers are matched to the sessions by name (the
    sessions' "speakers" lines and "moderator"). NIK, NPWP and the account
    number are encrypted at rest (spj.crypto) and shown only to the
    organisers of the event's team."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="spj_people"
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("As written in the sessions' speakers or moderator.")
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    position = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    is_committee = models.BooleanField(_("committee member"), default=False)
    committee_role = models.CharField(
        _("role in the committee"), max_length=100, blank=True, help_text=_("e.g. Ketua, Anggota.")
    )
    employment = models.CharField(
        _("status"), max_length=10, choices=Employment, default=Employment.NON_PNS
    )
    golongan = models.CharField(_("golongan"), max_length=3, choices=Golongan, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    nik = EncryptedTextField(_("NIK"), blank=True)
    npwp = EncryptedTextField(_("NPWP"), blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account = EncryptedTextField(_("account number"), blank=True)
    bank_account_holder = models.CharField(_("account holder"), max_length=200, blank=True)
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("Where the form for the speaker's own data is sent."),
    )
    rate_basis = models.CharField(
        _("rate basis"), max_length=12, choices=RateBasis, default=RateBasis.PER_JP
    )
    rate = models.DecimalField(
        _("rate (Rp)"),
        max_digits=13,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RATE)],
    )
    rate_reference = models.DecimalField(
        _("regional cost standard (Rp)"),
        max_digits=13,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_RATE)],
        help_text=_("The standard rate (SSH/SBU) you are bound by, for reference."),
    )
    data_erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SPJ person")
        verbose_name_plural = _("SPJ people")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="spj_person_event_name_unique"),
            models.CheckConstraint(
                condition=models.Q(rate__isnull=True) | models.Q(rate__gte=0),
                name="spj_person_rate_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_pns(self) -> bool:
        return self.employment == Employment.PNS


DEFAULT_MINUTES_PATTERN = "{seq:03}/BA/{event_code}/{roman_month}/{year}"


class PackSettings(models.Model):
    """What the berita acara and the laporan kegiatan say that the event does
    not: background, purpose, closing, and who signs."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="spj_settings"
    )
    background = models.TextField(_("background"), blank=True, max_length=5000)
    purpose = models.TextField(_("purpose"), blank=True, max_length=5000)
    closing = models.TextField(_("closing"), blank=True, max_length=5000)
    head_name = models.CharField(_("head of office: name"), max_length=200, blank=True)
    head_position = models.CharField(_("head of office: position"), max_length=200, blank=True)
    head_nip = models.CharField(
        _("head of office: NIP"), max_length=18, blank=True, validators=[nip_check]
    )
    treasurer_name = models.CharField(_("treasurer: name"), max_length=200, blank=True)
    treasurer_nip = models.CharField(
        _("treasurer: NIP"), max_length=18, blank=True, validators=[nip_check]
    )
    chair_name = models.CharField(_("committee chair: name"), max_length=200, blank=True)
    chair_nip = models.CharField(
        _("committee chair: NIP"), max_length=18, blank=True, validators=[nip_check]
    )
    minutes_number_pattern = models.CharField(
        _("berita acara numbering pattern"),
        max_length=100,
        default=DEFAULT_MINUTES_PATTERN,
        help_text=_(
            "{seq:03} is the berita acara's sequence number in this team and year; also "
            "{roman_month}, {month}, {year} (required) and {event_code}."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SPJ settings")
        verbose_name_plural = _("SPJ settings")

    def __str__(self) -> str:
        return str(self.event)

    NIP_FIELDS = ("head_nip", "treasurer_nip", "chair_nip")

    def clean_fields(self, exclude=None) -> None:
        # A NIP typed with spaces is stored without them (participants.nip).
        for name in self.NIP_FIELDS:
            setattr(self, name, nip_normalise(getattr(self, name)) or "")
        super().clean_fields(exclude=exclude)


class DocumentKind(models.TextChoices):
    ATTENDANCE_SPEAKERS = "daftar_hadir_narasumber", _("Attendance list of speakers")
    ATTENDANCE_COMMITTEE = "daftar_hadir_panitia", _("Attendance list of the committee")
    HONORARIUM = "daftar_honorarium", _("Honorarium list")
    RECEIPTS = "tanda_terima", _("Receipts (tanda terima)")
    MINUTES = "berita_acara", _("Official record (berita acara)")
    REPORT = "laporan_kegiatan", _("Activity report (laporan kegiatan)")


class DocumentTemplate(models.Model):
    """A team's own Word template for one kind of document, replacing the
    built-in one for every event of the team."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="spj_templates"
    )
    kind = models.CharField(_("document"), max_length=40, choices=DocumentKind)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("SPJ Word template")
        verbose_name_plural = _("SPJ Word templates")
        constraints = [
            models.UniqueConstraint(fields=["team", "kind"], name="spj_template_team_kind_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.get_kind_display()}"


MAX_PHOTOS = 12


class Photo(models.Model):
    """A photo of the event (dokumentasi) for the laporan kegiatan, stored
    re-encoded as JPEG (no EXIF: no camera position, no phone model)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="spj_photos"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    content = models.BinaryField(_("image"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("documentation photo")
        verbose_name_plural = _("documentation photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


class DataRequest(models.Model):
    """The link a speaker gets to fill in their own data (NIK, NPWP, bank
    account, golongan…). Only a hash of its token is stored: the link is in
    the e-mail alone. Sending again replaces the token (the old link stops
    working); a link works once, until ``expires_at``."""

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="data_request"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    filled_at = models.DateTimeField(_("filled in at"), null=True, blank=True)
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("speaker's data request")
        verbose_name_plural = _("speakers' data requests")

    def __str__(self) -> str:
        return str(self.person)

    def is_open(self, now) -> bool:
        return (
            self.filled_at is None and self.expires_at > now and self.person.data_erased_at is None
        )


class MinutesCounter(models.Model):
    """The last berita acara number used by one team (an office) in one
    year. Numbering locks this row (SELECT … FOR UPDATE): no gaps, no
    duplicates."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    last_sequence = models.PositiveIntegerField(_("last sequence number"), default=0)

    class Meta:
        verbose_name = _("berita acara counter")
        verbose_name_plural = _("berita acara counters")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year"], name="spj_minutes_counter_team_year_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team_id}/{self.year}: {self.last_sequence}"


class MinutesNumber(models.Model):
    """An event's berita acara number: given once, never changed, never
    reused (the sequence is unique per team and year, the number per team)."""

    event = models.OneToOneField(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="spj_minutes_number"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("number"), max_length=150)
    assigned_at = models.DateTimeField(_("numbered at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("numbered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("berita acara number")
        verbose_name_plural = _("berita acara numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "year", "sequence"], name="spj_minutes_number_sequence_unique"
            ),
            models.UniqueConstraint(fields=["team", "number"], name="spj_minutes_number_unique"),
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="spj_minutes_number_sequence_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number
