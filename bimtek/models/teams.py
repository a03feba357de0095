from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The team existing events and organisers were moved into when teams came
# (migration bimtek 0005); a new install starts with it too.
DEFAULT_TEAM_NAME = "Diskominfo"


class Team(models.Model):
    """Organisers who run events together (an OPD, a bidang). Each event
    belongs to one team; an organiser sees and manages only the events, and
    the personal data, of the teams they belong to (docs/roles.md)."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("The OPD or bidang, e.g. Diskominfo or Bidang Aplikasi Informatika."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        related_name="teams",
        blank=True,
        help_text=_("Organisers who manage this team's events and their personal data."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
