"""Project-wide middleware (the request log lives in bimtek.logs)."""

from csp.middleware import CSPMiddleware

from bimtek.views.errors import database_unavailable, is_database_unavailable
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


# Responses a browser renders as a document that could run script.
_POLICED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "application/xml",
    "text/xml",
)


class DocumentCSPMiddleware(CSPMiddleware):
    """django-csp's Content-Security-Policy, on documents only.

    A PNG or PDF opened on its own is shown by the browser's built-in viewer,
    whose own inline styles a page policy would block (Chromium logs the
    violations); such files run none of our script, so the policy has nothing
    to protect there. HTML and SVG keep it.
    """

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type and content_type not in _POLICED_TYPES:
            return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """A view that fails because the database is unreachable answers 503
    (JSON or a page), not 500 (bimtek.views.errors, docs/faults.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        return database_unavailable(request, exception)
