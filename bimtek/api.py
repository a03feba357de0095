"""What every endpoint under /api/v1/ shares: one error shape.

Endpoints answer errors as ``{"error": <code>, "detail": <message in the
user's language>}`` (checkin.api and certificates.api do so
themselves); this handler gives DRF's own refusals — a body that is not
JSON, a wrong method, no credentials, throttling — the same shape, and
unknown API paths answer it too instead of an HTML page.

What a request may send is bounded in bimtek/api_bodies.py.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from bimtek.api_bodies import BodyRefused

_CODES = {
    exceptions.ParseError: "invalid_request",
    exceptions.UnsupportedMediaType: "invalid_request",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "not_authenticated",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.Throttled: "rate_limited",
    exceptions.ValidationError: "invalid_request",
}


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    code = next((c for cls, c in _CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, BodyRefused):
        code, detail = exc.error_code, str(exc.detail)
    elif isinstance(exc, exceptions.ParseError):
        detail = _("The request body is not valid JSON.")
    elif isinstance(exc.detail, dict | list):
        detail = "; ".join(
            f"{field}: {' '.join(str(m) for m in messages)}"
            if isinstance(messages, list)
            else f"{field}: {messages}"
            for field, messages in (
                exc.detail.items() if isinstance(exc.detail, dict) else enumerate(exc.detail)
            )
        )
    else:
        detail = str(exc.detail)
    response.data = {"error": code, "detail": detail}
    return response


# Exempt so a POST answers this 404 and not the CSRF failure page: it
# changes nothing, so there is nothing to forge.
@csrf_exempt
def not_found(request, path: str = ""):
    """Public. Any /api/v1/ path that names no endpoint, whatever the method."""
    return JsonResponse(
        {"error": "not_found", "detail": _("There is no such API endpoint.")}, status=404
    )
