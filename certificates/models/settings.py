import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from certificates import texts
from participants.nip import nip_check, nip_normalise


class EligibilityRule(models.TextChoices):
    ALL_SESSIONS = "all", _("Every session that counts for the certificate")
    SESSIONS_PERCENT = "sessions_percent", _("At least a percentage of those sessions")
    JP_PERCENT = "jp_percent", _("At least a percentage of their JP")


class RolePolicy(models.TextChoices):
    BY_ROLE = "by_role", _("Certificate by role, whatever the attendance")
    ATTENDANCE = "attendance", _("Same attendance rule as participants")
    NONE = "none", _("No certificate")


class JpBasis(models.TextChoices):
    """Which JP the certificate states ({jp}): both are in use in Indonesia."""

    EVENT_TOTAL = "event_total", _("The event's total JP")
    ATTENDED = "attended", _("The JP of the sessions the person attended")


class Orientation(models.TextChoices):
    LANDSCAPE = "landscape", _("A4 landscape")
    PORTRAIT = "portrait", _("A4 portrait")


class ActingTitle(models.TextChoices):
    """An acting official signs as Plt./Plh./Pj.: no NIP or pangkat printed."""

    NONE = "", _("Definitive official")
    PLT = "Plt.", pgettext_lazy("acting official", "Plt. (pelaksana tugas)")
    PLH = "Plh.", pgettext_lazy("acting official", "Plh. (pelaksana harian)")
    PJ = "Pj.", pgettext_lazy("acting official", "Pj. (penjabat)")


class ElectronicSignatory(models.IntegerChoices):
    """Which signatory blocks are signed electronically (docs/tte.md); with
    both, the first signs, then the second."""

    FIRST = 1, _("The first signatory")
    SECOND = 2, _("The second signatory")
    BOTH = 3, _("Both signatories (the first, then the second)")


def _upload_to(instance, filename: str) -> str:
    # A random name: stored files are served only through permission checks,
    # and their names reveal nothing.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"certificates/{instance.event_id}/design/{secrets.token_hex(8)}.{extension}"


class CertificateSettings(models.Model):
    """How an event's certificates are earned, numbered and printed.

    One row per event, created with defaults the first time an organiser
    opens the certificate pages. The eligibility rule lives here, not on
    bimtek.Event: the events app knows nothing of certificates."""

    event = models.OneToOneField(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="certificate_settings",
    )
    # Eligibility
    eligibility_rule = models.CharField(
        _("attendance rule"),
        max_length=20,
        choices=EligibilityRule,
        default=EligibilityRule.ALL_SESSIONS,
    )
    min_percent = models.PositiveSmallIntegerField(
        _("minimum percentage"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("For the percentage rules: exactly this share is enough."),
    )
    speaker_policy = models.CharField(
        pgettext_lazy("certificate policy", "speakers (narasumber)"),
        max_length=20,
        choices=RolePolicy,
        default=RolePolicy.BY_ROLE,
    )
    moderator_policy = models.CharField(
        pgettext_lazy("certificate policy", "moderators"),
        max_length=20,
        choices=RolePolicy,
        default=RolePolicy.BY_ROLE,
    )
    committee_policy = models.CharField(
        pgettext_lazy("certificate policy", "organising committee (panitia)"),
        max_length=20,
        choices=RolePolicy,
        default=RolePolicy.BY_ROLE,
    )
    downloads_open = models.BooleanField(
        _("participants may download their certificates"),
        default=False,
        help_text=_(
            "Eligible participants download theirs from “My tickets”. Open it once the "
            "template is final."
        ),
    )
    # Design
    orientation = models.CharField(
        _("page"), max_length=10, choices=Orientation, default=Orientation.LANDSCAPE
    )
    background = models.FileField(
        _("background image"),
        upload_to=_upload_to,
        blank=True,
        help_text=_("PNG or JPEG, at most 5 MB; 2480 × 1754 pixels fill A4 landscape."),
    )
    logo_left = models.FileField(_("logo, left"), upload_to=_upload_to, blank=True)
    logo_centre = models.FileField(_("logo, centre"), upload_to=_upload_to, blank=True)
    logo_right = models.FileField(_("logo, right"), upload_to=_upload_to, blank=True)
    title = models.CharField(_("title"), max_length=80, default=texts.DEFAULT_TITLE)
    intro_text = models.CharField(
        _("line above the name"), max_length=120, blank=True, default=texts.DEFAULT_INTRO
    )
    name_subline = models.CharField(
        _("line below the name"),
        max_length=200,
        blank=True,
        default=texts.DEFAULT_SUBLINE,
        validators=[texts.validate_text],
    )
    body_participant = models.TextField(
        _("text for participants (peserta)"),
        default=texts.DEFAULT_BODY["peserta"],
        max_length=texts.BODY_MAX_LENGTH,
        validators=[texts.validate_text, texts.BodyLengthValidator()],
    )
    body_speaker = models.TextField(
        _("text for speakers (narasumber)"),
        default=texts.DEFAULT_BODY["narasumber"],
        max_length=texts.BODY_MAX_LENGTH,
        validators=[texts.validate_text, texts.BodyLengthValidator()],
    )
    body_moderator = models.TextField(
        _("text for moderators"),
        default=texts.DEFAULT_BODY["moderator"],
        max_length=texts.BODY_MAX_LENGTH,
        validators=[texts.validate_text, texts.BodyLengthValidator()],
    )
    body_committee = models.TextField(
        _("text for the organising committee (panitia)"),
        default=texts.DEFAULT_BODY["panitia"],
        max_length=texts.BODY_MAX_LENGTH,
        validators=[texts.validate_text, texts.BodyLengthValidator()],
    )
    # Signatory
    signatory_name = models.CharField(_("signatory's name"), max_length=150, blank=True)
    signatory_title_front = models.CharField(
        _("signatory's front titles"), max_length=60, blank=True
    )
    signatory_title_back = models.CharField(_("signatory's back titles"), max_length=80, blank=True)
    signatory_print_titles = models.BooleanField(
        _("print the signatory's academic titles"),
        default=False,
        help_text=_("Regional rules on official documents print the name without titles."),
    )
    signatory_position = models.CharField(
        _("signatory's position (jabatan)"), max_length=200, blank=True
    )
    signatory_acting = models.CharField(
        _("acting official"), max_length=5, choices=ActingTitle, blank=True, default=""
    )
    signatory_pangkat = models.CharField(
        _("signatory's pangkat/golongan"),
        max_length=100,
        blank=True,
        help_text=_("As on the decree, e.g. Pembina Utama Muda, IV/c. Not printed for Plt/Plh/Pj."),
    )
    signatory_nip = models.CharField(
        _("signatory's NIP"),
        max_length=18,
        blank=True,
        validators=[nip_check],
        help_text=_("Not printed for Plt/Plh/Pj."),
    )
    signature_image = models.FileField(
        _("signature image"),
        upload_to=_upload_to,
        blank=True,
        help_text=_("PNG with a transparent background works best (stamp included, if any)."),
    )
    # Second signatory (optional), printed to the left of the first
    signatory2_name = models.CharField(
        _("second signatory's name"),
        max_length=150,
        blank=True,
        help_text=_("Empty: the certificate has one signatory."),
    )
    signatory2_title_front = models.CharField(
        _("second signatory's front titles"), max_length=60, blank=True
    )
    signatory2_title_back = models.CharField(
        _("second signatory's back titles"), max_length=80, blank=True
    )
    signatory2_print_titles = models.BooleanField(
        _("print the second signatory's academic titles"), default=False
    )
    signatory2_position = models.CharField(
        _("second signatory's position (jabatan)"), max_length=200, blank=True
    )
    signatory2_acting = models.CharField(
        _("second signatory acting official"),
        max_length=5,
        choices=ActingTitle,
        blank=True,
        default="",
    )
    signatory2_pangkat = models.CharField(
        _("second signatory's pangkat/golongan"),
        max_length=100,
        blank=True,
        help_text=_("Not printed for Plt/Plh/Pj."),
    )
    signatory2_nip = models.CharField(
        _("second signatory's NIP"),
        max_length=18,
        blank=True,
        validators=[nip_check],
        help_text=_("Not printed for Plt/Plh/Pj."),
    )
    signature_image_2 = models.FileField(
        _("second signature image"), upload_to=_upload_to, blank=True
    )
    electronic_signatory = models.PositiveSmallIntegerField(
        _("signs electronically (TTE)"),
        choices=ElectronicSignatory,
        default=ElectronicSignatory.FIRST,
        help_text=_(
            "When certificates are signed electronically, the signature stamp is placed "
            "under this signatory; with both, each official signs under their block, the "
            "first, then the second."
        ),
    )
    signing_city = models.CharField(
        _("place of signing"), max_length=100, blank=True, help_text=_("Empty: the event's city.")
    )
    signing_date = models.DateField(
        _("date of signing"), null=True, blank=True, help_text=_("Empty: the event's last day.")
    )
    jp_basis = models.CharField(
        _("JP stated on the certificate"),
        max_length=20,
        choices=JpBasis,
        default=JpBasis.EVENT_TOTAL,
        help_text=_("What {jp} prints; {jp_total} and {jp_attended} print each one."),
    )
    agenda_page = models.BooleanField(
        _("print the agenda attended on the back (Daftar materi)"),
        default=False,
        help_text=_("A second page: the sessions attended, narasumber, date and JP of each."),
    )
    number_pattern = models.CharField(
        _("numbering pattern"),
        max_length=100,
        default=texts.DEFAULT_NUMBER_PATTERN,
        validators=[texts.validate_number_pattern],
        help_text=_(
            "e.g. {seq:03}/SERT/BIMTEK-SC/{roman_month}/{year}. Month and year are those "
            "of the date of signing."
        ),
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

    IMAGE_FIELDS = (
        "background",
        "logo_left",
        "logo_centre",
        "logo_right",
        "signature_image",
        "signature_image_2",
    )
    # The second signatory's fields besides the name: any of them filled
    # without a name is refused (``clean``).
    SECOND_SIGNATORY_FIELDS = (
        "signatory2_title_front",
        "signatory2_title_back",
        "signatory2_position",
        "signatory2_acting",
        "signatory2_pangkat",
        "signatory2_nip",
        "signature_image_2",
    )
    BODY_FIELDS = {
        "peserta": "body_participant",
        "narasumber": "body_speaker",
        "moderator": "body_moderator",
        "panitia": "body_committee",
    }
    POLICY_FIELDS = {
        "narasumber": "speaker_policy",
        "moderator": "moderator_policy",
        "panitia": "committee_policy",
    }

    class Meta:
        verbose_name = _("certificate settings")
        verbose_name_plural = _("certificate settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_percent__gte=1) & models.Q(min_percent__lte=100),
                name="certificates_settings_percent_range",
            ),
            models.CheckConstraint(
                condition=models.Q(electronic_signatory__in=ElectronicSignatory.values),
                name="certificates_settings_electronic_signatory",
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)

    def clean_fields(self, exclude=None) -> None:
        # A NIP typed with spaces is stored without them (participants.nip).
        self.signatory_nip = nip_normalise(self.signatory_nip) or ""
        self.signatory2_nip = nip_normalise(self.signatory2_nip) or ""
        super().clean_fields(exclude=exclude)

    def clean(self) -> None:
        super().clean()
        if self.has_second_signatory:
            if not self.signatory_name.strip():
                raise ValidationError(
                    {"signatory_name": _("Fill in the first signatory before adding a second one.")}
                )
            return
        filled = [name for name in self.SECOND_SIGNATORY_FIELDS if getattr(self, name)]
        if filled:
            raise ValidationError(
                {"signatory2_name": _("Fill in the second signatory's name, or empty the block.")}
            )
        if self.electronic_signatory in (ElectronicSignatory.SECOND, ElectronicSignatory.BOTH):
            raise ValidationError(
                {"electronic_signatory": _("There is no second signatory to sign electronically.")}
            )

    @property
    def has_second_signatory(self) -> bool:
        return bool(self.signatory2_name.strip())

    def role_policy(self, role: str) -> str:
        """Participants (peserta) always go by attendance."""
        field = self.POLICY_FIELDS.get(role)
        return getattr(self, field) if field else RolePolicy.ATTENDANCE

    def body_for(self, role: str) -> str:
        return getattr(self, self.BODY_FIELDS.get(role, "body_participant"))
