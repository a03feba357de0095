"""Deployment checks (`manage.py check --deploy`) for the rate limits: they
must count per real client, in a cache every worker shares (docs/security.md)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.security, deploy=True)
def check_rate_limits(app_configs, **kwargs):
    problems = []
    if not settings.DEBUG and settings.TRUSTED_PROXY_COUNT == 0:
        problems.append(
            Warning(
                "TRUSTED_PROXY_COUNT is 0: rate limits are keyed on REMOTE_ADDR, which "
                "behind a reverse proxy is the proxy, the same for every client.",
                hint="Set TRUSTED_PROXY_COUNT=1 behind the nginx of deploy/nginx or the "
                "container recipe (2 with a load balancer in front of nginx). Only with "
                "nothing in front of gunicorn add accounts.W001 to SILENCED_SYSTEM_CHECKS.",
                id="accounts.W001",
            )
        )
    if settings.CACHES["default"]["BACKEND"] in PER_PROCESS_CACHES:
        problems.append(
            Warning(
                "The default cache is not shared: sign-in and verification limits count "
                "per process (or not at all).",
                hint="Leave CACHE_URL unset (the database cache) or set REDIS_URL.",
                id="accounts.W002",
            )
        )
    return problems
