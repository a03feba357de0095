"""/healthz for load balancers and monitoring."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from bimtek.health import UNAVAILABLE, health_report


@never_cache
def healthz(request) -> JsonResponse:
    """Public, no sign-in: load balancers and monitors call it. Answers 200
    (``ok`` or ``degraded``) or 503 (``unavailable``: the database does not
    answer) with the state of each check, and never personal data
    (bimtek.health)."""
    report = health_report()
    status = 503 if report.status == UNAVAILABLE else 200
    response = JsonResponse(report.as_dict(), status=status)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
