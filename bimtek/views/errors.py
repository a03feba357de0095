"""Error answers: 503 while the database does not answer (below), 429 when
a rate limit is reached and the CSRF failure page (the end of this module,
docs/security.md).

The answer while the database does not answer: 503 "try again", never a
500 page (docs/faults.md).

A database restart, a failover or a lost connection makes every request
that needs the database fail for a few seconds. The door scanner must be
told to keep the scan and send it again (with the same ``client_id``, so it
is neither lost nor counted twice); a person must be told to try again in a
moment. Both answers are built without touching the database, the session
or the user: they are all unavailable.

- JSON (the API, and any request that asks for JSON):
  ``{"error": "unavailable", "detail": "…", "retry": true, "retry_after": 5}``
  with ``Retry-After: 5``.
- HTML: a plain page in Bahasa Indonesia and English (templates/503.html).

Two ways in: ``bimtek.middleware.DatabaseUnavailableMiddleware`` catches the error when a view
raises it (also with DEBUG on and in tests), and ``server_error`` (the
project's handler500) catches it when a middleware raised it — the session,
the user, the language — where Django would otherwise show its 500 page.
"""

import contextlib
import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import defaults

from bimtek.logs import loggable_path

# OperationalError: the server is gone, restarting, refusing connections,
# or cancelled the statement (also a deadlock or a lock timeout: worth
# retrying too). InterfaceError: the connection was already closed.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5

logger = logging.getLogger("bimtek.outage")
security_logger = logging.getLogger("bimtek.security")


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, DATABASE_UNAVAILABLE)


def wants_json(request: HttpRequest) -> bool:
    if request.path_info.startswith("/api/"):
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def database_unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with Retry-After, as JSON or as a plain page; reads nothing from
    the database, the session or the user. Logged as one warning line per
    request, without Django's traceback (at 50 scans a second an outage
    would otherwise flood the log)."""
    reason = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    if getattr(request, "resolver_match", None) is None:
        # A middleware failed before the URL was resolved: resolve it now
        # (no query) so that secret URL arguments are redacted in the log.
        with contextlib.suppress(Resolver404):
            request.resolver_match = resolve(request.path_info)
    logger.warning(
        "database unavailable: %s %s answered 503 (%s: %s)",
        request.method,
        loggable_path(request),
        type(error).__name__,
        reason,
    )
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        if wants_json(request):
            response = JsonResponse(
                {
                    "error": "unavailable",
                    "detail": _(
                        "The server cannot reach its database right now. Try again in a few "
                        "seconds."
                    ),
                    "retry": True,
                    "retry_after": RETRY_AFTER_SECONDS,
                },
                status=503,
            )
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # django.utils.log.log_response: logged above
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Public (any request that failed). A database outage
    raised by a middleware (sessions, the user) answers 503 like one raised
    by a view; anything else is Django's plain 500 page."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return database_unavailable(request, error)
    return defaults.server_error(request)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """handler429 (allauth answers its rate limits with it). Public. The page
    (or JSON) says how many seconds to wait, in the user's language, and sends
    Retry-After."""
    from accounts.ratelimits import retry_after

    seconds = retry_after(request)
    minutes = -(-seconds // 60)
    if wants_json(request):
        response = JsonResponse(
            {
                "error": "rate_limited",
                "detail": _("Too many requests. Try again later."),
                "retry": True,
                "retry_after": seconds,
            },
            status=429,
        )
    else:
        response = render(request, "429.html", {"seconds": seconds, "minutes": minutes}, status=429)
    response["Retry-After"] = str(seconds)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. Public. A form refused because the page was open too
    long, was sent twice from another tab, or cookies are off: say so, in the
    user's language, instead of Django's English page."""
    security_logger.info(
        "CSRF check failed: %s %s (%s)", request.method, loggable_path(request), reason
    )
    response = render(
        request, "403_csrf.html", {"no_cookie": "cookie" in reason.lower()}, status=403
    )
    response["Cache-Control"] = "no-store"
    return response
