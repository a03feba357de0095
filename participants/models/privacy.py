"""A participant's request to erase their personal data (UU PDP art. 8)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Completed")


class ErasureRequest(models.Model):
    """Asked by the person on "My data"; an organiser completes it
    (``participants.services.privacy.erasure_request_complete``)."""

    participant = models.ForeignKey(
        "participants.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="erasure_requests",
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ErasureStatus, default=ErasureStatus.OPEN
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(status="open"),
                name="participants_one_open_erasure_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.status} {self.requested_at:%Y-%m-%d}"
