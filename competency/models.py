from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HrViewer(models.Model):
    """A person of an institution's HR (BKPSDM, the OPD's staffing unit) who
    sees the JP its ASN earned on this system, and nothing of any other
    institution. Granted by an administrator (docs/jp.md)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="hr_institutions",
    )
    institution = models.ForeignKey(
        "bimtek.Institution",
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="hr_viewers",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("HR viewer")
        verbose_name_plural = _("HR viewers")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"], name="competency_hr_viewer_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.institution}"
