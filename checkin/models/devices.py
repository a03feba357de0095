import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_device_key(key: str) -> str:
    """Device keys are stored hashed: a copy of the database admits no device."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class DoorDevice(models.Model):
    """A scanner that is not a browser signed in as its user — a handheld, a
    kiosk, a script — holding an API key that acts for that door-staff user.
    Rights stay per event (EventStaff); revoking the key locks the device out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="door_devices",
    )
    name = models.CharField(_("device name"), max_length=60, help_text=_("e.g. Pintu utama 1"))
    key_hash = models.CharField(_("key (hashed)"), max_length=64, unique=True, editable=False)
    key_prefix = models.CharField(
        _("key starts with"), max_length=12, editable=False, help_text=_("To tell keys apart.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        db_table = "participants_doordevice"  # moved from participants, table kept
        verbose_name = _("door device")
        verbose_name_plural = _("door devices")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
