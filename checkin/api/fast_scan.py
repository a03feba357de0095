"""The ordinary scan, answered without DRF's dispatch.

Almost every request to ``POST /api/v1/checkins/`` is the same: a scanner
page whose sign-in this worker keeps in memory (checkin.api.signed_in) sends
the plain scan body (``serializers.plain_scan_data``) as JSON and accepts
JSON. For those, DRF's request wrapping, content negotiation, authentication
classes, permission classes and response rendering cost about a tenth of a
scan's CPU (docs/profile.md) and decide nothing that is not already known.
``checkin_create`` answers them itself, using DRF's own pieces where a rule
lives there (its CSRF check for session authentication, its JSON renderer),
and the same door-session query, permission, service and answer as
``CheckInCreateView``.

Everything else goes to ``CheckInCreateView`` unchanged: a device key, a
sign-in not (or no longer) in memory, another body or media type, an Accept
header other than JSON or ``*/*``, a failed CSRF check, an unknown session,
a steward without rights for it. Nothing has been written when a request is
handed over. ``tests/checkin/test_fast_scan.py`` compares the two answers
byte for byte.
"""

from django.db import connection
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.renderers import JSONRenderer

from bimtek.models import Session
from bimtek.views.errors import DATABASE_UNAVAILABLE
from checkin.api import serializers, signed_in
from checkin.api.parsers import LenientJSONParser
from checkin.api.views import CheckInCreateView, _attempt, answer_payload, error
from checkin.errors import CheckInError
from checkin.selectors import door as door_selectors
from checkin.services.batch import checkin_submit
from participants.tokens import normalise_token

full_view = CheckInCreateView.as_view()
# What DRF's content negotiation answers JSON to, with JSON as it is.
ACCEPTS = frozenset({None, "", "*/*", "application/json"})
ALLOW = ", ".join(CheckInCreateView().allowed_methods)
_renderer = JSONRenderer()


@csrf_exempt  # as every DRF view: the CSRF check is session authentication's (below)
def checkin_create(request):
    """Door staff of the session's event, and organisers: see CheckInCreateView."""
    data = _ordinary_scan(request)
    if data is None:
        return full_view(request)
    session = _door_session(
        session_id=data["session"],
        user=request.user,
        client_id=data["client_id"],
        signin=signed_in.check_for(request),
        token=normalise_token(data["token"]) or None,
    )
    if (
        session is None
        or not session.signin_valid
        or not request.user.has_perm(CheckInCreateView.permission, session.door_access)
    ):
        # Refusals and a sign-in that no longer holds: the full view answers
        # them (it reads the session again; nothing was written).
        return full_view(request)
    try:
        answer = checkin_submit(
            session=session,
            staff=request.user,
            attempt=_attempt(data, manual=False, device=data["device"]),
        )
    except CheckInError as exc:
        refusal = error(exc.code, exc.message)
        return _render(refusal.data, refusal.status_code)
    return _render(answer_payload(answer, tz=session.event.tzinfo))


def _door_session(**read) -> Session | None:
    """``door_selectors.door_session``, with the connection's health check
    folded into it (see below)."""
    if (
        connection.connection is None
        or not connection.health_check_enabled
        or connection.health_check_done
        or connection.in_atomic_block
    ):
        return door_selectors.door_session(**read)
    # With CONN_HEALTH_CHECKS, Django sends "SELECT 1" before a request's
    # first query on a kept connection, so that one the database dropped (a
    # restart) is replaced without failing the request: a round trip on every
    # scan. Here the scan's first statement, a read, is that check: if it
    # fails and the connection is then found unusable, it is replaced and
    # the read made again — the request succeeds as it did with the check.
    # (What the read may have done on the dead connection died with it: a
    # reserved check-in id is a gap, never a row.)
    connection.health_check_done = True
    try:
        return door_selectors.door_session(**read)
    except DATABASE_UNAVAILABLE:
        if connection.is_usable():
            raise
        connection.close()
    return door_selectors.door_session(**read)


def _ordinary_scan(request) -> dict | None:
    """The scan's data when this request is an ordinary scan (see the
    module), else None."""
    if (
        request.method != "POST"
        or signed_in.check_for(request) is None
        or not request.user.is_active
        or request.META.get("HTTP_ACCEPT") not in ACCEPTS
        or request.content_type != "application/json"
    ):
        return None
    try:
        SessionAuthentication().enforce_csrf(request)
        raw = LenientJSONParser().parse(_Body(request.body))
    except exceptions.APIException:  # the CSRF check failed, or the body: the full view says why
        return None
    return serializers.plain_scan_data(raw)


class _Body:
    """The body already read, as the stream the parser reads."""

    def __init__(self, body: bytes):
        self.body = body

    def read(self, size: int = -1) -> bytes:
        return self.body if size < 0 else self.body[:size]


def _render(data: dict, status: int = 200) -> HttpResponse:
    """What DRF would send for a ``Response(data, status=status)`` here: its
    JSON renderer, its content type and the view's Allow header. (The answer
    is not wrapped in a DRF ``Response`` first: only its data and status
    were used.)"""
    content = _renderer.render(data, _renderer.media_type, {})
    answer = HttpResponse(content, status=status, content_type=_renderer.media_type)
    answer["Allow"] = ALLOW
    return answer


# The OpenAPI schema (drf-spectacular) and DRF's tools describe this URL by
# the view class, as they would the class's own view function.
checkin_create.cls = full_view.cls
checkin_create.initkwargs = full_view.initkwargs
