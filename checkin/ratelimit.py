"""Limits on self check-in attempts: per signed-in account and per client
address, each a fixed one-minute window in the default cache (shared by every
worker and machine). A whole hall may share one Wi-Fi address, so the
address limit is the larger (bimtek/settings_selfcheckin.py)."""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from accounts.clients import client_ip

WINDOW = 60


def _count(key: str, *, limit: int) -> bool:
    if limit <= 0:
        return True
    bucket = int(time.time() // WINDOW)
    key = f"ratelimit:self-checkin:{key}:{bucket}"
    if cache.add(key, 1, timeout=WINDOW + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW + 1)
        return True
    return count <= limit


def self_checkin_allowed(request, *, per_account: bool = True) -> bool:
    """Count one attempt from this request; False once either limit is reached.
    A kiosk is one account serving a queue: only its address is counted."""
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    allowed = _count(f"address:{address}", limit=settings.SELF_CHECKIN_RATE_ADDRESS)
    user = getattr(request, "user", None)
    if per_account and user is not None and user.is_authenticated:
        allowed = _count(f"account:{user.pk}", limit=settings.SELF_CHECKIN_RATE_ACCOUNT) and allowed
    return allowed
