"""The door API: check-in (the design brief's contract), check-in by hand,
undo, live figures for the scanner, and the search for a check-in by hand.

Every endpoint: door staff assigned to the session's event, and organisers
(``checkin.work_door``; by hand, undo and search: ``checkin.supervise_door``).
Signed-in browsers use their session (with the CSRF header); other devices a
door-device key (``Authorization: Token …``).
"""

from django.conf import settings
from django.contrib import auth
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bimtek import formatting
from bimtek.models import Event
from checkin.api import serializers, signed_in
from checkin.api.authentication import DoorDeviceTokenAuthentication
from checkin.api.messages import answer_texts
from checkin.api.parsers import LenientJSONParser
from checkin.errors import CheckInError
from checkin.models import CheckIn, DoorDevice
from checkin.models.checkins import CheckInMethod, ScanResult
from checkin.selectors import attendance as selectors
from checkin.selectors import door as door_selectors
from checkin.selectors import roster as selectors_roster
from checkin.selectors.window import checkin_window
from checkin.services import corrections
from checkin.services.attempts import UNDO_WINDOW, CheckInAnswer, ScanAttempt
from checkin.services.batch import checkin_record_batch, checkin_submit
from checkin.services.roster import door_roster_sync_record
from participants.models.registrations import RegistrationRole, RegistrationStatus
from participants.tokens import normalise_token

ERROR_STATUS = {
    "reason_required": status.HTTP_400_BAD_REQUEST,
    "window_invalid": status.HTTP_400_BAD_REQUEST,
    "not_found": status.HTTP_404_NOT_FOUND,
    "client_id_reused": status.HTTP_409_CONFLICT,
    "conflict": status.HTTP_409_CONFLICT,
    "undo_expired": status.HTTP_409_CONFLICT,
}
ERRORS = {
    400: serializers.ErrorSerializer,
    403: serializers.ErrorSerializer,
    404: serializers.ErrorSerializer,
    409: serializers.ErrorSerializer,
    415: serializers.ErrorSerializer,  # a body that is not JSON
}


def error(code: str, detail: str, http_status: int | None = None) -> Response:
    return Response(
        {"error": code, "detail": str(detail)},
        status=http_status or ERROR_STATUS.get(code, status.HTTP_400_BAD_REQUEST),
    )


def invalid_request(errors: dict) -> Response:
    messages = [f"{field}: {' '.join(str(m) for m in msgs)}" for field, msgs in errors.items()]
    return error("invalid_request", "; ".join(messages), status.HTTP_400_BAD_REQUEST)


class DoorAPIView(APIView):
    authentication_classes = [DoorDeviceTokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    # JSON only, as documented: a form cannot say null or a number, so
    # form-encoded bodies were read with other types than the schema's.
    parser_classes = [LenientJSONParser]

    def load_session(
        self, session_id: int, *, permission: str, client_id: str = "", token: str | None = None
    ):
        """(session, None) when the user may work this door, else (None, error response).
        ``token``: a scan's normalised token, read along (door_session)."""
        signin = signed_in.check_for(self.request._request)
        session = door_selectors.door_session(
            session_id=session_id,
            user=self.request.user,
            client_id=client_id,
            signin=signin,
            token=token,
        )
        if signin is not None and (session is None or not session.signin_valid):
            # The sign-in taken from memory no longer holds (signed out, the
            # session changed, the password…): authenticate the ordinary way.
            self.authenticate_again()
            return self.load_session(
                session_id, permission=permission, client_id=client_id, token=token
            )
        if session is None:
            return None, error("not_found", _("This session does not exist."))
        if not self.request.user.has_perm(permission, session.door_access):
            return None, error(
                "forbidden",
                _("You are not door staff of this event."),
                status.HTTP_403_FORBIDDEN,
            )
        return session, None

    def authenticate_again(self) -> None:
        """Forget the sign-in kept in memory (checkin.api.signed_in) and
        authenticate this request from its session and user rows; raises
        NotAuthenticated when they no longer sign anyone in."""
        django_request = self.request._request
        signed_in.forget(django_request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        django_request.__dict__.pop("door_signin_check", None)
        if hasattr(django_request.session, "_session_cache"):
            del django_request.session._session_cache
        django_request.user = SimpleLazyObject(lambda: auth.get_user(django_request))
        self.request._authenticate()
        self.check_permissions(self.request)

    def device_name(self, given: str) -> str:
        if given:
            return given
        auth = self.request.auth
        return auth.name if isinstance(auth, DoorDevice) else ""


def _display_time(value, tz) -> str:
    return formatting.format_time(value, tz=tz) if value else ""


def answer_payload(answer: CheckInAnswer, *, tz) -> dict:
    message, detail = answer_texts(answer, tz=tz)
    undo_until = None
    if answer.recorded_at and answer.result in (ScanResult.OK, ScanResult.ALREADY_CHECKED_IN):
        undo_until = answer.recorded_at + UNDO_WINDOW
    return {
        "result": answer.result,
        "reason": answer.reason,
        "message": message,
        "detail": detail,
        "display_name": answer.display_name,
        "institution": answer.institution,
        "jabatan": answer.jabatan,
        "role": answer.role,
        "role_display": RegistrationRole(answer.role).label if answer.role else "",
        "event_title": answer.event_title,
        "checkin_id": answer.checkin_id,
        "checked_in_at": answer.checked_in_at,
        "checked_in_at_display": _display_time(answer.checked_in_at, tz),
        "checked_in_by": answer.checked_in_by,
        "method": answer.method,
        "device": answer.device,
        "window_opens_at": answer.window_opens_at,
        "window_closes_at": answer.window_closes_at,
        "scanned_at": answer.scanned_at,
        "session": answer.session_id,
        "registration": answer.registration_id,
        "client_id": answer.client_id,
        "replayed": answer.replayed,
        "undo_until": undo_until,
        "offline_result": answer.offline_result,
    }


class _OneAttemptView(DoorAPIView):
    """Judge and record one attempt, a scan or a check-in by hand."""

    request_serializer: type  # a checkin.api.serializers class
    permission: str
    manual = False

    def record(self, request):
        data = None if self.manual else serializers.plain_scan_data(request.data)
        if data is None:
            serializer = self.request_serializer(data=request.data)
            if not serializer.is_valid():
                return invalid_request(serializer.errors)
            data = serializer.validated_data
        session, refusal = self.load_session(
            data["session"],
            permission=self.permission,
            client_id=data["client_id"],
            # A scan judged here and now: its ticket is read with the session.
            token=None
            if self.manual or data["offline_result"]
            else normalise_token(data["token"]) or None,
        )
        if refusal:
            return refusal
        try:
            answer = checkin_submit(
                session=session,
                staff=request.user,
                attempt=_attempt(data, manual=self.manual, device=self.device_name(data["device"])),
            )
        except CheckInError as exc:
            return error(exc.code, exc.message)
        return Response(answer_payload(answer, tz=session.event.tzinfo))


class CheckInCreateView(_OneAttemptView):
    """Door staff of the session's event, and organisers. Judge one scanned
    ticket and record it (the design brief's check-in contract)."""

    request_serializer = serializers.CheckInRequestSerializer
    permission = "checkin.work_door"

    @extend_schema(
        operation_id="checkin_create",
        summary="Check in a scanned ticket",
        request=serializers.CheckInRequestSerializer,
        responses={200: serializers.CheckInAnswerSerializer, **ERRORS},
    )
    def post(self, request):
        return self.record(request)


class ManualCheckInView(_OneAttemptView):
    """Door supervisors of the session's event, and organisers. Check a
    registration in by hand (no ticket at hand), with the reason."""

    request_serializer = serializers.ManualCheckInRequestSerializer
    permission = "checkin.supervise_door"
    manual = True

    @extend_schema(
        operation_id="checkin_manual",
        summary="Check in by hand",
        request=serializers.ManualCheckInRequestSerializer,
        responses={200: serializers.CheckInAnswerSerializer, **ERRORS},
    )
    def post(self, request):
        return self.record(request)


def _attempt(data: dict, *, manual: bool, device: str) -> ScanAttempt:
    """The attempt a validated request describes."""
    common = {
        "device": device,
        "client_id": data["client_id"],
        "scanned_at": data["scanned_at"],
        "offline_result": data["offline_result"],
        "offline_reason": data["offline_reason"],
    }
    if manual:
        return ScanAttempt(
            registration_id=data["registration"],
            method=CheckInMethod.MANUAL,
            reason=data["reason"],
            **common,
        )
    return ScanAttempt(token=data["token"], **common)


class CheckInBatchView(DoorAPIView):
    """Door staff of the sessions' event, and organisers (an attempt by hand:
    door supervisors and organisers). A scanner's queue of scans made while
    offline, sent in one request: each attempt is judged exactly as by
    POST /checkins/ (or /checkins/manual/), idempotent by its client_id, and
    gets the answer that endpoint would give. Items fail one by one; the
    request as a whole fails only on a server fault, and is then sent again."""

    @extend_schema(
        operation_id="checkin_batch",
        summary="Send queued scans",
        request=serializers.BatchRequestSerializer,
        responses={200: serializers.BatchAnswerSerializer, **ERRORS},
    )
    def post(self, request):
        outer = serializers.BatchRequestSerializer(data=request.data)
        if not outer.is_valid():
            return invalid_request(outer.errors)
        items = [_batch_item(raw) for raw in outer.validated_data["attempts"]]
        sessions: dict[tuple[int, str], tuple] = {}
        results: list[dict | None] = []
        accepted: list[tuple[int, str, object, ScanAttempt]] = []  # (position, as sent, …)
        for client_id, manual, data, errors in items:
            if data is None:
                results.append(_batch_error(client_id, invalid_request(errors)))
                continue
            permission = "checkin.supervise_door" if manual else "checkin.work_door"
            key = (data["session"], permission)
            if key not in sessions:
                sessions[key] = self.load_session(data["session"], permission=permission)
            session, refusal = sessions[key]
            if refusal:
                results.append(_batch_error(client_id, refusal))
                continue
            attempt = _attempt(data, manual=manual, device=self.device_name(data["device"]))
            accepted.append((len(results), client_id, session, attempt))
            results.append(None)
        outcomes = checkin_record_batch(
            staff=request.user,
            attempts=[(session, attempt) for _i, _c, session, attempt in accepted],
        )
        for (position, client_id, session, _a), outcome in zip(accepted, outcomes, strict=True):
            if isinstance(outcome, CheckInError):
                results[position] = _batch_error(client_id, error(outcome.code, outcome.message))
            else:
                results[position] = {
                    "client_id": client_id,
                    "status": status.HTTP_200_OK,
                    "answer": answer_payload(outcome, tz=session.event.tzinfo),
                }
        return Response({"results": results})


def _batch_item(raw: dict) -> tuple[str, bool, dict | None, dict | None]:
    """(client_id as sent, by hand?, validated data or None, errors or None)."""
    manual = "registration" in raw
    serializer = (
        serializers.ManualCheckInRequestSerializer
        if manual
        else serializers.CheckInRequestSerializer
    )(data=raw)
    client_id = raw.get("client_id")
    client_id = client_id if isinstance(client_id, str) else ""
    if not serializer.is_valid():
        return client_id, manual, None, serializer.errors
    if not serializer.validated_data["client_id"]:
        # Without it a queue sent twice would be recorded twice.
        return client_id, manual, None, {"client_id": [_("Required.")]}
    return client_id, manual, serializer.validated_data, None


def _batch_error(client_id: str, response: Response) -> dict:
    return {"client_id": client_id, "status": response.status_code, **response.data}


@method_decorator(gzip_page, name="dispatch")
class EventRosterView(DoorAPIView):
    """Door staff of the event, and organisers. The roster a scanner keeps to
    judge scans while offline: hashes of the tickets (never the tokens),
    names, institutions, statuses, sessions with their check-in windows and
    the check-ins known so far — all of it, or with ``since`` only what
    changed. Each download is noted per device for the organiser."""

    @extend_schema(
        operation_id="event_roster",
        summary="Roster for offline scanning",
        parameters=[serializers.RosterQuerySerializer],
        responses={200: OpenApiResponse(description="The roster (docs/offline.md)"), **ERRORS},
    )
    def get(self, request, code: str):
        query = serializers.RosterQuerySerializer(data=request.query_params)
        if not query.is_valid():
            return invalid_request(query.errors)
        event = Event.objects.filter(code=code).first()
        if event is None:
            return error("not_found", _("This event does not exist."))
        if not request.user.has_perm("checkin.download_roster", event):
            return error(
                "forbidden", _("You are not door staff of this event."), status.HTTP_403_FORBIDDEN
            )
        data = query.validated_data
        roster = selectors_roster.event_roster(event=event, since=data["since"])
        if data["device_id"]:
            door_roster_sync_record(
                event=event,
                staff=request.user,
                device_id=data["device_id"],
                device_name=self.device_name(data["device"]),
                version=roster.version,
                synced_at=selectors_roster.version_time(roster.version),
                full=roster.full,
                queued=data["queued"],
            )
        response = Response(roster.data)
        response["Cache-Control"] = "private, no-store"
        return response


class CheckInUndoView(DoorAPIView):
    """Door supervisors of the check-in's event, and organisers. Undo a
    check-in made by mistake, shortly after it was made."""

    @extend_schema(
        operation_id="checkin_undo",
        summary="Undo a check-in",
        request=serializers.UndoRequestSerializer,
        responses={204: None, **ERRORS},
    )
    def post(self, request, pk: int):
        serializer = serializers.UndoRequestSerializer(data=request.data)
        if not serializer.is_valid():
            return invalid_request(serializer.errors)
        session_id = CheckIn.objects.filter(pk=pk).values_list("session_id", flat=True).first()
        if session_id is None:
            return error("not_found", _("This check-in does not exist (any more)."))
        session, refusal = self.load_session(session_id, permission="checkin.supervise_door")
        if refusal:
            return refusal
        try:
            corrections.checkin_undo(
                checkin_id=pk,
                session=session,
                staff=request.user,
                reason=serializer.validated_data["reason"],
                device=self.device_name(serializer.validated_data["device"]),
            )
        except CheckInError as exc:
            return error(exc.code, exc.message)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SessionAttendanceView(DoorAPIView):
    """Door staff of the session's event, and organisers. Present against
    expected and the check-in window, for the scanner's header."""

    @extend_schema(
        operation_id="session_attendance",
        summary="Attendance figures of a session",
        responses={200: serializers.SessionAttendanceSerializer, **ERRORS},
    )
    def get(self, request, pk: int):
        session, refusal = self.load_session(pk, permission="checkin.work_door")
        if refusal:
            return refusal
        figures = selectors.session_figures(session=session)
        window = checkin_window(session)
        return Response(
            {
                "session": session.pk,
                "expected": figures.expected,
                "present": figures.present,
                "percent": figures.percent,
                "window": {
                    "opens_at": window.opens_at,
                    "closes_at": window.closes_at,
                    "overridden": window.overridden,
                    "open_now": window.is_open(timezone.now()),
                },
            }
        )


class SessionSearchView(DoorAPIView):
    """Door supervisors of the session's event, and organisers. Find a
    registration by name, NIP, institution or e-mail, for a check-in by hand."""

    @extend_schema(
        operation_id="session_registration_search",
        summary="Search registrations for a check-in by hand",
        parameters=[OpenApiParameter("q", str, description="Words to look for")],
        responses={200: serializers.SearchResultSerializer(many=True), **ERRORS},
    )
    def get(self, request, pk: int):
        session, refusal = self.load_session(pk, permission="checkin.supervise_door")
        if refusal:
            return refusal
        query = request.query_params.get("q", "")[:100]
        tz = session.event.tzinfo
        results = []
        for registration in door_selectors.door_search(session=session, query=query):
            participant = registration.participant
            recorded = registration.checkin_here_recorded_at
            results.append(
                {
                    "registration": registration.pk,
                    "display_name": participant.display_name,
                    "institution": participant.institution.name,
                    "nip": participant.nip or "",
                    "status": registration.status,
                    "status_display": registration.get_status_display(),
                    "role_display": registration.get_role_display(),
                    "approved": registration.status == RegistrationStatus.APPROVED,
                    "checkin_id": registration.checkin_here_id,
                    "checked_in_at": registration.checkin_here_at,
                    "checked_in_at_display": _display_time(registration.checkin_here_at, tz),
                    "undo_until": recorded + UNDO_WINDOW if recorded else None,
                }
            )
        return Response(results)
