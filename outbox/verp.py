"""The signed return address of a delivery's e-mail (VERP), read back by
``outbox.bounces`` when the mail server reports a bounce later."""

import hmac
from hashlib import sha256

from django.conf import settings

MAC_LENGTH = 12


def mac(delivery_id: int) -> str:
    key = f"outbox.bounce:{settings.SECRET_KEY}".encode()
    return hmac.new(key, str(delivery_id).encode(), sha256).hexdigest()[:MAC_LENGTH]


def return_path(delivery_id: int) -> str:
    """The envelope sender of a delivery's e-mail, or "" when bounces are
    not collected (then the envelope sender is ``DEFAULT_FROM_EMAIL``)."""
    address = settings.OUTBOX_BOUNCE_ADDRESS
    if not address:
        return ""
    local, _at, domain = address.rpartition("@")
    return f"{local}+d{delivery_id}-{mac(delivery_id)}@{domain}"
