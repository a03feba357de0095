from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participants.nip import nip_normalise, nip_validate

e164_validator = RegexValidator(
    r"^\+[1-9][0-9]{6,14}$", _("Write the number in international form, e.g. +6281234567890.")
)


class Employment(models.TextChoices):
    PNS = "pns", _("Civil servant (PNS)")
    PPPK = "pppk", _("Contract civil servant (PPPK)")
    NON_ASN = "non_asn", _("Not a civil servant")


class PangkatGolongan(models.TextChoices):
    """Ranks and grades of ASN, written as on their decrees: "Penata Muda, III/a"."""

    I_A = "I/a", "Juru Muda, I/a"
    I_B = "I/b", "Juru Muda Tingkat I, I/b"
    I_C = "I/c", "Juru, I/c"
    I_D = "I/d", "Juru Tingkat I, I/d"
    II_A = "II/a", "Pengatur Muda, II/a"
    II_B = "II/b", "Pengatur Muda Tingkat I, II/b"
    II_C = "II/c", "Pengatur, II/c"
    II_D = "II/d", "Pengatur Tingkat I, II/d"
    III_A = "III/a", "Penata Muda, III/a"
    III_B = "III/b", "Penata Muda Tingkat I, III/b"
    III_C = "III/c", "Penata, III/c"
    III_D = "III/d", "Penata Tingkat I, III/d"
    IV_A = "IV/a", "Pembina, IV/a"
    IV_B = "IV/b", "Pembina Tingkat I, IV/b"
    IV_C = "IV/c", "Pembina Utama Muda, IV/c"
    IV_D = "IV/d", "Pembina Utama Madya, IV/d"
    IV_E = "IV/e", "Pembina Utama, IV/e"
    # PPPK grades (golongan I to XVII; Perpres 98/2020).
    PPPK_I = "I", pgettext_lazy("PPPK grade", "PPPK grade I")
    PPPK_II = "II", pgettext_lazy("PPPK grade", "PPPK grade II")
    PPPK_III = "III", pgettext_lazy("PPPK grade", "PPPK grade III")
    PPPK_IV = "IV", pgettext_lazy("PPPK grade", "PPPK grade IV")
    PPPK_V = "V", pgettext_lazy("PPPK grade", "PPPK grade V")
    PPPK_VI = "VI", pgettext_lazy("PPPK grade", "PPPK grade VI")
    PPPK_VII = "VII", pgettext_lazy("PPPK grade", "PPPK grade VII")
    PPPK_VIII = "VIII", pgettext_lazy("PPPK grade", "PPPK grade VIII")
    PPPK_IX = "IX", pgettext_lazy("PPPK grade", "PPPK grade IX")
    PPPK_X = "X", pgettext_lazy("PPPK grade", "PPPK grade X")
    PPPK_XI = "XI", pgettext_lazy("PPPK grade", "PPPK grade XI")
    PPPK_XII = "XII", pgettext_lazy("PPPK grade", "PPPK grade XII")
    PPPK_XIII = "XIII", pgettext_lazy("PPPK grade", "PPPK grade XIII")
    PPPK_XIV = "XIV", pgettext_lazy("PPPK grade", "PPPK grade XIV")
    PPPK_XV = "XV", pgettext_lazy("PPPK grade", "PPPK grade XV")
    PPPK_XVI = "XVI", pgettext_lazy("PPPK grade", "PPPK grade XVI")
    PPPK_XVII = "XVII", pgettext_lazy("PPPK grade", "PPPK grade XVII")

    @classmethod
    def for_employment(cls, employment: str) -> list[str]:
        """The grades a PNS or a PPPK may hold (none for others)."""
        if employment == Employment.PNS:
            return [value for value in cls.values if "/" in value]
        if employment == Employment.PPPK:
            return [value for value in cls.values if "/" not in value]
        return []


class Participant(models.Model):
    """A person who attends, speaks at or helps run events.

    People imported from an invitation list have no account yet: the first
    account that verifies the same e-mail address claims the profile and its
    tickets."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    title_front = models.CharField(
        _("front academic titles"), max_length=60, blank=True, help_text=_("e.g. Dr. Ir.")
    )
    title_back = models.CharField(
        _("back academic titles"), max_length=80, blank=True, help_text=_("e.g. S.Kom., M.T.")
    )
    employment = models.CharField(
        _("employment"), max_length=10, choices=Employment, default=Employment.NON_ASN
    )
    # NULL, not "", for people without a NIP: the unique constraint ignores NULLs.
    nip = models.CharField(  # noqa: DJ001
        _("NIP"),
        max_length=18,
        null=True,
        blank=True,
        help_text=_("18 digits; civil servants (ASN) only."),
    )
    pangkat_golongan = models.CharField(
        _("rank/grade (pangkat/golongan)"), max_length=10, choices=PangkatGolongan, blank=True
    )
    jabatan = models.CharField(_("position (jabatan)"), max_length=200, blank=True)
    institution = models.ForeignKey(
        "bimtek.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="participants",
    )
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(
        _("mobile number"),
        max_length=20,
        blank=True,
        validators=[e164_validator],
        help_text=_("Stored as +62…"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        help_text=_("Language for e-mails when the person has no account: the one they used."),
    )
    consent_at = models.DateTimeField(
        _("consent to data processing given at"), null=True, blank=True
    )
    erased_at = models.DateTimeField(
        _("personal data erased at"),
        null=True,
        blank=True,
        help_text=_("NIP, phone and e-mail erased (retention period or the person's request)."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="participants_participant_email_ci_unique",
                violation_error_code="email_taken",
                violation_error_message=_("Another participant already uses this e-mail address."),
            ),
            models.UniqueConstraint(
                fields=["nip"],
                condition=models.Q(nip__isnull=False),
                name="participants_participant_nip_unique",
                violation_error_code="nip_taken",
                violation_error_message=_("This NIP already belongs to another participant."),
            ),
            models.CheckConstraint(
                condition=models.Q(nip__isnull=True) | models.Q(nip__regex=r"^[0-9]{18}$"),
                name="participants_participant_nip_18_digits",
            ),
        ]
        indexes = [
            models.Index(fields=["institution"], name="participants_person_inst"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        self.nip = nip_normalise(self.nip)
        self.email = (self.email or "").strip().lower()
        if self.nip:
            if self.employment == Employment.NON_ASN:
                errors.setdefault("employment", []).append(
                    ValidationError(
                        _("Only civil servants (PNS or PPPK) have a NIP; choose PNS or PPPK."),
                        code="nip_without_asn",
                    )
                )
            else:
                try:
                    nip_validate(self.nip, pns=self.employment == Employment.PNS)
                except ValidationError as error:
                    errors.setdefault("nip", []).append(error)
        if self.pangkat_golongan and self.pangkat_golongan not in PangkatGolongan.for_employment(
            self.employment
        ):
            errors.setdefault("pangkat_golongan", []).append(
                ValidationError(
                    _("This rank/grade does not belong to the chosen employment."),
                    code="pangkat_mismatch",
                )
            )
        if errors:
            raise ValidationError(errors)

    @property
    def display_name(self) -> str:
        """The name as printed: "Dr. Ir. Budi Santoso, M.T."."""
        return format_display_name(self.full_name, self.title_front, self.title_back)


def format_display_name(full_name: str, title_front: str, title_back: str) -> str:
    """A name with its academic titles, as printed (also for rows read
    without building a Participant, e.g. the door's roster)."""
    name = " ".join(part for part in (title_front.strip(), full_name.strip()) if part)
    if title_back.strip():
        name = f"{name}, {title_back.strip()}"
    return name
