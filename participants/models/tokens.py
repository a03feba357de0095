from django.db import models
from django.utils.translation import gettext_lazy as _


class RevokedToken(models.Model):
    """A ticket token that no longer admits anyone, because the ticket was
    reissued: kept so the door can say "this ticket was replaced" instead of
    "unknown code"."""

    registration = models.ForeignKey(
        "participants.Registration",
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="revoked_tokens",
    )
    token = models.CharField(_("old ticket token"), max_length=64, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("revoked ticket token")
        verbose_name_plural = _("revoked ticket tokens")
        ordering = ["-revoked_at", "-id"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.token[:6]}…"
