"""Project-wide middleware (the request log lives in bimtek.logs)."""

import functools

from csp.middleware import CSPMiddleware
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from bimtek import api_bodies
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


class RejectNullCharactersMiddleware:
    """Answer 400 to a URL or query string that holds a NUL character.

    No person types one; PostgreSQL refuses it in any text it is given, so a
    search box or link parameter carrying ``%00`` ended in a 500 wherever a
    view passed it on unchecked. Form fields already refuse it (Django's
    ProhibitNullCharactersValidator); this covers paths and GET parameters for
    every view at once. Placed after the language and authentication
    middleware, so the page is in the user's language, with their menu.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return self.bad_request(request)
        return self.get_response(request)

    @staticmethod
    def bad_request(request):
        message = _("The address contains a character that is not allowed.")
        if request.path.startswith("/api/"):
            return JsonResponse({"error": "invalid_request", "detail": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)


class APIBodyLimitMiddleware:
    """Judge the body of every request under /api/v1/ before its view:
    larger than ``bimtek.api.MAX_BODY_BYTES`` (by Content-Length, unread),
    or JSON nested deeper than ``MAX_JSON_DEPTH`` or not an object, answers
    the API's JSON 400. Here rather than only in the parser so that every
    endpoint and method answers alike, also those that never parse a body
    (a GET, a method not allowed, an unknown path). After the language
    middleware, so the message is in the user's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(_api_prefix()):
            refusal = api_bodies.body_refusal(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)


@functools.cache
def _api_prefix() -> str:
    return reverse("api:not_found", kwargs={"path": ""})


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
