"""A small fixed-window rate limit in the cache, per client address.

Verification pages and the API answer anyone; the limit keeps one address
from hammering them (guessing is hopeless anyway: codes hold 100 random
bits). With Redis or Memcached as CACHE_URL the count is shared by every
worker; with the default local-memory cache it is per process.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    proxies = settings.CERTIFICATE_VERIFY_TRUSTED_PROXIES
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the window."""
    if limit <= 0:
        return True
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
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
