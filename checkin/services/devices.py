"""Door devices: API keys for scanners that are not a signed-in browser."""

import secrets

from django.db import transaction
from django.utils import timezone

from checkin.models import DoorDevice
from checkin.models.devices import hash_device_key

KEY_PREFIX = "bmtd_"


@transaction.atomic
def door_device_create(*, user, name: str) -> tuple[DoorDevice, str]:
    """A new device key for ``user``. The key is returned once and stored
    only hashed; whoever holds it acts as ``user`` at the door."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    device = DoorDevice(
        user=user, name=" ".join(name.split()), key_hash=hash_device_key(key), key_prefix=key[:10]
    )
    device.full_clean()
    device.save()
    return device, key


@transaction.atomic
def door_device_revoke(*, device: DoorDevice) -> DoorDevice:
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at"])
    return device
