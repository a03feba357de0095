"""Project-wide middleware (the request log lives in bimtek.logs)."""

from bimtek.views.health import healthz

HEALTHZ_PATHS = frozenset({"/healthz", "/healthz/"})


class HealthCheckMiddleware:
    """Answer /healthz before anything else runs.

    Load balancers probe each app server by its address (a Host header that
    ALLOWED_HOSTS rightly refuses) over plain HTTP (which SECURE_SSL_REDIRECT
    would redirect), several times a minute: the probe must not pass host
    validation, the HTTPS redirect, sessions or the request log. The answer
    depends on nothing in the request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in HEALTHZ_PATHS and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
