"""What a request to the API may send: at most ``MAX_BODY_BYTES``, and JSON
nested at most ``MAX_JSON_DEPTH`` deep, always an object.

``body_refusal`` is asked by ``bimtek.middleware.APIBodyLimitMiddleware``
before any view, so every endpoint and method answers alike (also those that
never read a body); ``BoundedJSONParser``, DRF's default parser, checks the
same without trusting that it ran. Apart from bimtek.api because DRF imports
its default parser while ``rest_framework.views`` loads, which bimtek.api
imports.
"""

import json
import re

from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# A scanner's queue is sent in batches of 50 (static/js/scanner/door.js),
# the API takes up to 100 attempts (BatchRequestSerializer); an attempt is
# well under 1 KB, and under 3 KB even with the longest code the scanner's
# field accepts (512 characters, each 3 bytes in UTF-8) and a reason of 200.
# 512 KiB leaves room for that and refuses anything larger unread.
MAX_BODY_BYTES = 512 * 1024
# The deepest real request is a batch: {"attempts": [{...}]}, depth 3.
MAX_JSON_DEPTH = 10

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, *, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text opens more than ``limit`` arrays/objects inside one
    another, counted without parsing (and so without recursion): brackets
    inside strings do not count. Exact for any text ``json.loads`` accepts;
    for text it refuses, at worst an overcount (a 400 either way)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKETS.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class BodyRefused(exceptions.ParseError):
    """A body refused before (or instead of) parsing; its code and detail
    are answered as they are."""

    def __init__(self, detail: str, code: str):
        super().__init__(detail=detail, code=code)
        self.error_code = code


def _too_large() -> BodyRefused:
    return BodyRefused(
        _("The request body is larger than %(kb)d KB.") % {"kb": MAX_BODY_BYTES // 1024},
        code="too_large",
    )


def _too_deep() -> BodyRefused:
    return BodyRefused(
        _("The request body is nested too deeply (at most %(depth)d levels).")
        % {"depth": MAX_JSON_DEPTH},
        code="invalid_request",
    )


def _not_an_object() -> BodyRefused:
    return BodyRefused(_("The request body must be a JSON object."), code="invalid_request")


def _is_json(content_type: str) -> bool:
    content_type = content_type.lower()
    return content_type == "application/json" or content_type.endswith("+json")


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0  # Django reads no body then either


def body_refusal(request) -> JsonResponse | None:
    """The JSON 400 for a request to the API whose body is too large, or
    JSON nested too deeply or not an object; None when the body may go on.
    The size is judged from Content-Length, before anything is read."""
    length = _content_length(request)
    if length > MAX_BODY_BYTES:
        refusal = _too_large()
    elif length and _is_json(request.content_type or ""):
        text = request.body.decode("utf-8", errors="replace")
        stripped = text.lstrip(" \t\r\n")
        if json_too_deep(text):
            refusal = _too_deep()
        elif stripped and not stripped.startswith("{"):
            refusal = _not_an_object()
        else:
            return None
    else:
        return None
    return JsonResponse({"error": refusal.error_code, "detail": str(refusal.detail)}, status=400)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, bounded: at most MAX_BODY_BYTES read, nesting
    checked before ``json.loads`` (which recurses, and ended a request
    nested 5,000 deep in a RecursionError, a 500)."""

    errors = "strict"

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(raw) > MAX_BODY_BYTES:
            raise _too_large()
        try:
            text = raw.decode("utf-8", errors=self.errors)
        except UnicodeDecodeError:
            raise exceptions.ParseError("not UTF-8") from None
        if json_too_deep(text):
            raise _too_deep()
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if not isinstance(data, dict):
            raise _not_an_object()
        return data
