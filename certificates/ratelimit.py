"""The certificate verification limit, per client address.

Verification pages and the API answer anyone; the limit keeps one address
from hammering them (guessing is hopeless anyway: codes hold 100 random
bits). Counted by ``accounts.ratelimits.fixed_window_allow``, keyed by the
real client address behind our proxies (accounts/clients.py,
TRUSTED_PROXY_COUNT).
"""

from django.conf import settings

from accounts.ratelimits import client_key, fixed_window_allow


def allow(request, *, scope: str, limit: int, window: int) -> bool:
    """Count one attempt; False once ``limit`` attempts were made in the window."""
    return fixed_window_allow(f"{scope}:{client_key(request)}", limit=limit, window=window)


def verification_allowed(request) -> bool:
    return allow(
        request,
        scope="certificate-verify",
        limit=settings.CERTIFICATE_VERIFY_RATE,
        window=settings.CERTIFICATE_VERIFY_WINDOW,
    )
