"""A small fixed-window rate limit in the cache, per client address.

Verification pages and the API answer anyone; the limit keeps one address
from hammering them (guessing is hopeless anyway: codes hold 100 random
bits). The count lives in the default cache, shared by every worker and
machine (the database cache, or Redis), and is keyed by the real client
address behind our proxies (accounts/clients.py, TRUSTED_PROXY_COUNT).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

from accounts.clients import client_ip


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the window."""
    if limit <= 0:
        return True
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    bucket = int(time.time() // window)
    key = f"ratelimit:{scope}:{address}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return True
    return count <= limit


def verification_allowed(request) -> bool:
    return allow(
        request,
        scope="certificate-verify",
        limit=settings.CERTIFICATE_VERIFY_RATE,
        window=settings.CERTIFICATE_VERIFY_WINDOW,
    )
