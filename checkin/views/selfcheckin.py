"""The participant's side of self check-in: the projector's code opened by
the phone's camera app, signing in on the way if needed, and the full-screen
answer (docs/selfcheckin.md)."""

import time

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from checkin.ratelimit import self_checkin_allowed
from checkin.selectors import door as door_selectors
from checkin.selectors.selfcheckin import self_checkin_settings
from checkin.selfanswers import SelfAnswer, SelfRefusal, Via, refusal_answer, self_answer
from checkin.selfcodes import CodeState, code_check
from checkin.services.selfcheckin import checkin_self

PENDING = "checkin.self_pending"
ANSWER = "checkin.self_answer"
DEVICE = "phone (projector code)"


def _answer(request, answer: SelfAnswer):
    """Keep the answer for the answer page and go there (a reload shows it
    again instead of sending the code a second time)."""
    request.session[ANSWER] = answer.to_data()
    return redirect("checkin:self_checkin_answer")


def _load(request, session_id: int):
    """The session (with what the door service needs) and its event's self
    check-in settings; or a refusal."""
    session = door_selectors.door_session(session_id=session_id, user=request.user)
    if session is None:
        return None, None, refusal_answer(SelfRefusal.CODE_INVALID)
    options = self_checkin_settings(event=session.event_id)
    if not options.enabled:
        return None, None, refusal_answer(SelfRefusal.DISABLED, session_title=session.title)
    return session, options, None


def _check_in(request, session):
    answer = checkin_self(session=session, user=request.user, device=DEVICE)
    return _answer(
        request,
        self_answer(answer, tz=session.event.tzinfo, session_title=session.title, via=Via.PHONE),
    )


class SelfCheckInView(View):
    """Public: the code on the projector is the proof of being in the room.
    Signed in: checks the participant in at once. Not signed in: remembers
    the session for a few minutes, signs them in, and continues."""

    def get(self, request, session_id: int, step: int, mac: str):
        if not self_checkin_allowed(request):
            return _answer(request, refusal_answer(SelfRefusal.RATE_LIMITED))
        session, options, refusal = _load(request, session_id)
        if refusal:
            return _answer(request, refusal)
        state = code_check(
            session_id=session.pk,
            step=step,
            mac=mac,
            rotation_seconds=options.rotation_seconds,
        )
        if state != CodeState.VALID:
            expired = state == CodeState.EXPIRED
            code = SelfRefusal.CODE_EXPIRED if expired else SelfRefusal.CODE_INVALID
            return _answer(request, refusal_answer(code, session_title=session.title))
        if not request.user.is_authenticated:
            until = time.time() + 60 * settings.SELF_CHECKIN_SIGN_IN_MINUTES
            request.session[PENDING] = {"session": session.pk, "until": until}
            login = reverse("account_login")
            query = urlencode({"next": reverse("checkin:self_checkin_continue")})
            return redirect(f"{login}?{query}")
        return _check_in(request, session)


class SelfCheckInContinueView(LoginRequiredMixin, View):
    """Signed-in users, back from signing in after scanning a valid code."""

    def get(self, request):
        pending = request.session.pop(PENDING, None)
        if not isinstance(pending, dict) or float(pending.get("until", 0)) < time.time():
            return _answer(request, refusal_answer(SelfRefusal.SIGN_IN_EXPIRED))
        if not self_checkin_allowed(request):
            return _answer(request, refusal_answer(SelfRefusal.RATE_LIMITED))
        session, _options, refusal = _load(request, int(pending.get("session", 0)))
        if refusal:
            return _answer(request, refusal)
        return _check_in(request, session)


class SelfCheckInAnswerView(TemplateView):
    """Public: the answer this browser got last (kept in its own session);
    nothing when it has none."""

    template_name = "checkin/self_checkin_answer.html"

    def get(self, request, *args, **kwargs):
        data = request.session.get(ANSWER)
        if not isinstance(data, dict):
            return redirect("events:home")
        response = self.render_to_response({"answer": SelfAnswer.from_data(data)})
        add_never_cache_headers(response)
        return response
