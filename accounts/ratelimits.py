"""Sign-in limits that hold per real client and that a stranger cannot turn
against someone else's account (docs/security.md).

allauth's ``login_failed`` limit is "10/m/ip,5/5m/key". Its key is the
e-mail address alone, so five wrong passwords typed by anyone, from
anywhere, locked the owner out for five minutes. The account adapter keys it
by e-mail address *and* client address instead (``failed_login_key``): the
attacker's address is locked, the owner's is not.

That alone would let someone with many addresses guess one account's password
without limit (five guesses per address per five minutes). So every failure
is also counted per account, from all addresses (``LOGIN_CODE_AFTER_FAILURES``,
20 an hour by default); past that, the right password is no longer enough:
allauth's login-by-code stage mails a code to the account's address and the
sign-in continues only with it. The owner still gets in; a guesser does not.

Everything is counted in the default cache: shared by every worker and
machine (the database cache, or Redis), never per process.
"""

import hashlib
import math
import time

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.conf import settings
from django.core.cache import cache

from accounts.clients import client_ip

APP = "accounts"
ACCOUNT_FAILURES = "login_failed_account"

# The allauth rate-limit actions behind each view that can answer 429.
ACTIONS_BY_URL_NAME = {
    "account_login": ("login", "login_failed"),
    "account_signup": ("signup",),
    "account_reset_password": ("reset_password",),
    "account_reset_password_from_key": ("reset_password_from_key",),
    "account_request_login_code": ("request_login_code",),
    "account_confirm_login_code": ("login_failed",),
    "account_change_password": ("change_password",),
    "account_email": ("manage_email",),
    "account_reauthenticate": ("reauthenticate",),
    "account_email_verification_sent": ("confirm_email",),
    "account_confirm_email": ("confirm_email",),
}
DEFAULT_WAIT = 60


def failed_login_key(request, login: str) -> str:
    """allauth's per-key part of ``login_failed``: this account from this address."""
    address = allauth_ratelimit.truncate_ip(client_ip(request))
    return f"{login.strip().lower()}|{address}"


def _account_config() -> dict[str, str]:
    # "20/h": 20 failures per hour, counted per account (allauth's "key").
    return {ACCOUNT_FAILURES: f"{settings.LOGIN_CODE_AFTER_FAILURES}/key"}


def account_failure_record(request, *, login: str) -> None:
    """Count one failed password for the account ``login``, from any address."""
    if not login:
        return
    allauth_ratelimit.consume(
        request,
        app=APP,
        action=ACCOUNT_FAILURES,
        config=_account_config(),
        key=login.strip().lower(),
        limit_get=True,
    )


def account_needs_code(request, *, login: str) -> bool:
    """True once the account saw LOGIN_CODE_AFTER_FAILURES failed passwords."""
    if not login or not settings.LOGIN_CODE_AFTER_FAILURES:
        return False
    usage = allauth_ratelimit.consume(
        request,
        app=APP,
        action=ACCOUNT_FAILURES,
        config=_account_config(),
        key=login.strip().lower(),
        dry_run=True,
        limit_get=True,
    )
    return usage is None


def _wait_for(request, *, app: str, action: str, config=None, key=None) -> int | None:
    """Seconds until ``action`` allows this client again; None if it does now
    (or if the limit's key is not known here)."""
    now = time.time()
    waits = []
    for rate in allauth_ratelimit.get_rates(app=app, action=action, config=config):
        if rate.per == "key" and key is None:
            continue
        user = getattr(request, "user", None)
        if rate.per == "user" and not (user and user.is_authenticated):
            continue
        cache_key = allauth_ratelimit.get_cache_key(
            request, app=app, action=action, rate=rate, key=key
        )
        history = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(history) >= rate.amount:
            # Newest first: the limit frees a place when the amount-th newest expires.
            waits.append(history[rate.amount - 1] + rate.duration - now)
    return math.ceil(max(waits)) if waits else None


def failed_login_wait(request, *, login: str) -> int:
    """Seconds before this client may try a password for ``login`` again."""
    wait = _wait_for(
        request,
        app="allauth.account",
        action="login_failed",
        key=failed_login_key(request, login),
    )
    return max(wait or DEFAULT_WAIT, 1)


def retry_after(request) -> int:
    """Seconds the client of a 429 from allauth should wait (at least 1)."""
    match = getattr(request, "resolver_match", None)
    url_name = match.url_name if match is not None else None
    actions = ACTIONS_BY_URL_NAME.get(url_name)
    if actions is None:
        from allauth.account import app_settings

        actions = tuple(app_settings.RATE_LIMITS)
    waits = [
        wait
        for action in actions
        if (wait := _wait_for(request, app="allauth.account", action=action)) is not None
    ]
    return max(max(waits) if waits else DEFAULT_WAIT, 1)


def client_key(request) -> str:
    """The real client address (behind our proxies), hashed: a cache key that
    holds no personal data."""
    return hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]


def fixed_window_allow(key: str, *, limit: int, window: int) -> bool:
    """Count one attempt under ``key`` in the current fixed window of
    ``window`` seconds; False once ``limit`` attempts were made in it (a limit
    of 0 or less: no limit). The count lives in the default cache, shared by
    every worker and machine. Used by the certificate verification limit and
    the self check-in limits."""
    if limit <= 0:
        return True
    bucket = int(time.time() // window)
    key = f"ratelimit:{key}:{bucket}"
    if cache.add(key, 1, timeout=window + 1):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window + 1)
        return True
    return count <= limit
