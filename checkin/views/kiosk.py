"""The self-service kiosk: a tablet at the entrance, signed in by a door
supervisor and locked in the door's kiosk (scan) mode, where participants
scan their own ticket or type their registration's e-mail address
(docs/selfcheckin.md)."""

import json

from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from checkin.errors import CheckInError
from checkin.forms import KioskEmailForm
from checkin.ratelimit import self_checkin_allowed
from checkin.selectors import door as door_selectors
from checkin.selectors.selfcheckin import self_checkin_rules
from checkin.selfanswers import SelfRefusal, Via, error_refusal, refusal_answer, self_answer
from checkin.services.attempts import printable
from checkin.services.selfcheckin import checkin_kiosk
from checkin.views.door import scanner_strings
from checkin.views.projector import ProjectorMixin

MAX_BODY = 2048


class SelfKioskView(ProjectorMixin, TemplateView):
    """Door supervisors and organisers. The kiosk page for one session."""

    template_name = "checkin/self_kiosk.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        rules = self_checkin_rules(session=session)
        strings = scanner_strings()
        context.update(
            event=session.event,
            session=session,
            rules=rules,
            email_form=KioskEmailForm(),
            config={
                "checkin": reverse(
                    "checkin:self_kiosk_checkin",
                    kwargs={"code": session.event.code, "session_id": session.pk},
                ),
                "strings": {
                    key: strings[key]
                    for key in (
                        "network",
                        "networkDetail",
                        "cameraUnavailable",
                        "cameraDenied",
                        "cameraStarting",
                        "cameraReady",
                        "decoderFailed",
                        "checking",
                        "kioskPinInvalid",
                        "devicePrefix",
                    )
                },
            },
        )
        return context


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    add_never_cache_headers(response)
    return response


class SelfKioskCheckInView(View):
    """Door supervisors of the session's event, and organisers (the kiosk's
    account). One participant's own ticket code or e-mail address; answers
    JSON with what the kiosk shows."""

    def post(self, request, code: str, session_id: int):
        if not request.user.is_authenticated:
            return _json({"error": "signed_out"}, status=403)
        session = door_selectors.door_session(session_id=session_id, user=request.user)
        if session is None or session.event.code != code:
            raise Http404
        if not request.user.has_perm("checkin.supervise_door", session.door_access):
            return _json({"error": "forbidden"}, status=403)
        try:
            body = json.loads(request.body[:MAX_BODY] or b"{}")
        except (ValueError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            return _json({"error": "invalid", "detail": _("The request could not be read.")}, 400)
        token, email = body.get("token"), body.get("email")
        device = printable(body.get("device"), limit=100)
        if email is not None:
            form = KioskEmailForm({"email": email})
            if not form.is_valid():
                return _json({"error": "invalid_email", "detail": form.errors["email"][0]}, 400)
            email = form.cleaned_data["email"]
        elif not isinstance(token, str) or not token.strip():
            detail = _("Scan a ticket or type an e-mail address.")
            return _json({"error": "invalid", "detail": detail}, 400)
        if not self_checkin_allowed(request, per_account=False):
            return _json(refusal_answer(SelfRefusal.RATE_LIMITED).to_data() | {"tone": "error"})
        if not self_checkin_rules(session=session).enabled:
            answer = refusal_answer(SelfRefusal.DISABLED, session_title=session.title)
            return _json(answer.to_data() | {"tone": answer.tone})
        try:
            answer = checkin_kiosk(
                session=session,
                staff=request.user,
                token="" if email else token,
                email=email or "",
                device=device or _("Kiosk"),
            )
        except CheckInError as error:
            refused = refusal_answer(error_refusal(error.code), session_title=session.title)
            return _json(refused.to_data() | {"tone": refused.tone})
        shown = self_answer(
            answer,
            tz=session.event.tzinfo,
            session_title=session.title,
            via=Via.EMAIL if email else Via.TICKET,
        )
        return _json(shown.to_data() | {"tone": shown.tone})
