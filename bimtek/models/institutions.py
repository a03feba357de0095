from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class InstitutionCategory(models.Model):
    """FKPD, OPD, DPRD, Perbankan, BUMN/BUMD… Categories are data, not code
    branches: an install may add its own in the admin."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Bahasa Indonesia)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=100)
    staff_are_asn = models.BooleanField(
        _("staff are civil servants (ASN)"),
        default=False,
        help_text=_(
            "The delegate form of an invitation to an institution of this category "
            "starts at “Civil servant (PNS)”."
        ),
    )

    class Meta:
        verbose_name = _("institution category")
        verbose_name_plural = _("institution categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.label(self.name, self.name_en)

    @staticmethod
    def label(name: str, name_en: str) -> str:
        """The name shown in the active language (for rows read without a model)."""
        if name_en and translation.get_language() == "en":
            return name_en
        return name


class Institution(models.Model):
    """An instansi: an OPD, a bank branch, PT Pelindo, a university…

    Participants may type a new one while registering; it stays unconfirmed
    until an organiser confirms it or merges it into an existing one."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    category = models.ForeignKey(
        InstitutionCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unconfirmed institutions were typed in by participants."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="bimtek_institution_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name
