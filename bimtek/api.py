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


# A text in a request may hold any character but NUL: PostgreSQL cannot store
# it, so the URL middleware and DRF's CharField refuse it (400). The schema
# says so, or a client (and schemathesis) reads "string" as "any string".
NO_NUL = "^[^\\u0000]*$"


def _forbid_nul(schema: dict, components: dict, seen: set) -> None:
    ref = schema.get("$ref", "")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen:
            seen.add(name)
            _forbid_nul(components.get(name, {}), components, seen)
        return
    if schema.get("type") == "string" and not {"pattern", "format", "enum"} & schema.keys():
        schema["pattern"] = NO_NUL
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            _forbid_nul(part, components, seen)
    for part in schema.get("properties", {}).values():
        _forbid_nul(part, components, seen)
    if isinstance(schema.get("items"), dict):
        _forbid_nul(schema["items"], components, seen)


def schema_forbid_nul_in_requests(result, generator, request, public):
    """drf-spectacular postprocessing hook: every free-text string a request
    sends (path, query, body) is documented without NUL."""
    components = result.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _forbid_nul(parameter.get("schema", {}), components, seen)
            for content in operation.get("requestBody", {}).get("content", {}).values():
                _forbid_nul(content.get("schema", {}), components, seen)
    return result
