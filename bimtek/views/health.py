"""/healthz for load balancers and monitoring."""

import hmac

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from bimtek.health import UNAVAILABLE, health_report


@never_cache
def healthz(request) -> JsonResponse:
    """Public, no sign-in: load balancers and monitors call it. Answers 200
    (``ok`` or ``degraded``) or 503 (``unavailable``: the database does not
    answer), and never personal data (bimtek.health). The state of each check
    (the internals: vendor, queue, durations) only to a monitor that sends
    ``HEALTHZ_TOKEN`` in ``X-Healthz-Token`` (or with DEBUG on)."""
    report = health_report()
    status = 503 if report.status == UNAVAILABLE else 200
    body = report.as_dict() if _monitor(request) else {"status": report.status}
    response = JsonResponse(body, status=status)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _monitor(request) -> bool:
    if settings.DEBUG:
        return True
    token = settings.HEALTHZ_TOKEN
    given = request.headers.get("X-Healthz-Token", "")
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())
