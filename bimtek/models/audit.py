from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who changed what, when. Written by services (bimtek.services.audit_record),
    never by signals, so the flow stays visible in the code that changes data.

    Append-only and hash-chained per event (``bimtek.chain``): nothing edits or
    deletes an entry, and ``manage.py verify_audit_chain`` finds one that was."""

    # Set before the row is hashed (not auto_now_add, which would change it at save).
    created_at = models.DateTimeField(
        _("time"), default=timezone.now, editable=False, db_index=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    event = models.ForeignKey(
        "bimtek.Event",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    record_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["event", "-created_at"], name="bimtek_audit_event_time"),
            models.Index(fields=["event", "-id"], name="bimtek_audit_chain_end"),
        ]
        constraints = [
            # One chain per event: only one entry may follow any given one.
            models.UniqueConstraint(
                fields=["event", "previous_hash"], name="bimtek_audit_chain_per_event"
            ),
            models.UniqueConstraint(
                fields=["previous_hash"],
                condition=models.Q(event__isnull=True),
                name="bimtek_audit_chain_without_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
