"""Structured logs: every line one JSON object (docs/deploy.md).

Imported by the logging configuration before Django's apps are ready: no
models here.

``RequestLogMiddleware`` writes one line per request (method, path, status,
duration, request id, user id, the client address as our proxies saw it:
accounts/clients.py) to the ``bimtek.request`` logger and remembers the
request id and user id in context variables; ``RequestContextFilter``
copies them onto every other record written while the request runs, so an
error logged deep in a service carries the id of the request that caused it.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.utils.functional import LazyObject, empty

from accounts.clients import client_ip

request_logger = logging.getLogger("bimtek.request")

_request_id: ContextVar[str | None] = ContextVar("bimtek_request_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("bimtek_user_id", default=None)

# A load balancer or proxy may pass its own id so one request can be followed
# across machines; anything that does not look like an id is replaced.
REQUEST_ID_HEADER = "X-Request-ID"
# The same header as the WSGI environ names it: read there, the request's
# ``headers`` mapping (every header parsed, on first use) is not built for
# it — on a door scan nothing else asks for it.
_REQUEST_ID_META = "HTTP_X_REQUEST_ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

# URL arguments that are secrets (e-mail confirmation and password reset keys,
# ticket tokens): never written to a log.
SECRET_URL_KWARGS = frozenset({"key", "token", "uidb36", "uidb64"})
REDACTED = "[redacted]"


class RequestContextFilter(logging.Filter):
    """Add ``request_id`` and ``user_id`` of the current request (or None) to
    every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        if not hasattr(record, "user_id"):
            record.user_id = _user_id.get()
        return True


def request_id_from(header_value: str | None) -> str:
    if header_value and _VALID_REQUEST_ID.match(header_value):
        return header_value
    return uuid.uuid4().hex


def loaded_user_id(request) -> int | None:
    """The signed-in user's id if the request already loaded the user.

    Logging must not cost queries: a request that never looked at its user
    (a static-like page, the check-in API before authentication) is logged
    without one rather than loading the session and the user just for the log.
    """
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            return None
        user = user._wrapped
    if not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def loggable_path(request) -> str:
    """The path without its query string, with secret URL arguments redacted."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_KWARGS and value:
                path = path.replace(str(value), REDACTED)
    return path


class RequestLogMiddleware:
    """One structured line per request, and the request id on the response
    (``X-Request-ID``) so a user's report or a proxy log can be matched to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request_id = request_id_from(request.META.get(_REQUEST_ID_META))
        request.request_id = request_id
        # Kept until the response is closed (request_finished), so Django's
        # own lines written after the middleware ("Not Found: …") carry it too.
        _request_id.set(request_id)
        _user_id.set(None)
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user_id = loaded_user_id(request)
        _user_id.set(user_id)
        response.headers[REQUEST_ID_HEADER] = request_id
        route = getattr(getattr(request, "resolver_match", None), "route", None)
        path = loggable_path(request)
        request_logger.info(
            "%s %s %s %.1f ms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "route": route,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "client_ip": client_ip(request),
            },
        )
        return response


def _forget_request(**kwargs) -> None:
    _request_id.set(None)
    _user_id.set(None)


request_finished.connect(_forget_request, dispatch_uid="bimtek.logs.forget_request")
