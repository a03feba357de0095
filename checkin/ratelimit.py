"""Limits on self check-in attempts: per signed-in account and per client
address, each a fixed one-minute window counted by
``accounts.ratelimits.fixed_window_allow``. A whole hall may share one Wi-Fi
address, so the address limit is the larger (bimtek/settings_selfcheckin.py)."""

from django.conf import settings

from accounts.ratelimits import client_key, fixed_window_allow

WINDOW = 60


def _count(key: str, *, limit: int) -> bool:
    return fixed_window_allow(f"self-checkin:{key}", limit=limit, window=WINDOW)


def self_checkin_allowed(request, *, per_account: bool = True) -> bool:
    """Count one attempt from this request; False once either limit is reached.
    A kiosk is one account serving a queue: only its address is counted."""
    allowed = _count(f"address:{client_key(request)}", limit=settings.SELF_CHECKIN_RATE_ADDRESS)
    user = getattr(request, "user", None)
    if per_account and user is not None and user.is_authenticated:
        allowed = _count(f"account:{user.pk}", limit=settings.SELF_CHECKIN_RATE_ACCOUNT) and allowed
    return allowed
