"""The participant's side of self check-in: the projector's code opened by
the phone's camera app, signing in on the way if needed, and the full-screen
answer (docs/selfcheckin.md)."""

import time

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.views import View
from django.views.generic import TemplateView

from checkin.errors import CheckInError
from checkin.ratelimit import self_checkin_allowed
from checkin.selectors import door as door_selectors
from checkin.selectors.selfcheckin import self_checkin_rules
from checkin.selfanswers import (
    LOCATION_REFUSALS,
    SelfAnswer,
    SelfRefusal,
    Via,
    error_refusal,
    refusal_answer,
    self_answer,
)
from checkin.selfcodes import CodeState, code_check
from checkin.selfgeo import position_from
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
    """The session (with what the door service needs) and the self check-in
    rules that apply to it; or a refusal."""
    session = door_selectors.door_session(session_id=session_id, user=request.user)
    if session is None:
        return None, None, refusal_answer(SelfRefusal.CODE_INVALID)
    rules = self_checkin_rules(session=session)
    if not rules.enabled:
        return None, None, refusal_answer(SelfRefusal.DISABLED, session_title=session.title)
    return session, rules, None


def _check_in(request, session, rules, position=None):
    try:
        answer = checkin_self(
            session=session, user=request.user, device=DEVICE, position=position, rules=rules
        )
    except CheckInError as error:
        refusal = error_refusal(error.code)
        if refusal not in LOCATION_REFUSALS.values():
            request.session.pop(PENDING, None)
        return _answer(request, refusal_answer(refusal, session_title=session.title))
    request.session.pop(PENDING, None)
    return _answer(
        request,
        self_answer(answer, tz=session.event.tzinfo, session_title=session.title, via=Via.PHONE),
    )


def _pending(request) -> int | None:
    """The session of a valid code scanned a few minutes ago, if any."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or float(pending.get("until", 0)) < time.time():
        return None
    return int(pending.get("session", 0))


class SelfCheckInView(View):
    """Public: the code on the projector is the proof of being in the room.
    Signed in: checks the participant in at once, or first asks the phone
    for its location where the session requires it. Not signed in: remembers
    the session for a few minutes, signs them in, and continues."""

    def get(self, request, session_id: int, step: int, mac: str):
        if not self_checkin_allowed(request):
            return _answer(request, refusal_answer(SelfRefusal.RATE_LIMITED))
        session, rules, refusal = _load(request, session_id)
        if refusal:
            return _answer(request, refusal)
        state = code_check(
            session_id=session.pk,
            step=step,
            mac=mac,
            rotation_seconds=rules.rotation_seconds,
        )
        if state != CodeState.VALID:
            expired = state == CodeState.EXPIRED
            code = SelfRefusal.CODE_EXPIRED if expired else SelfRefusal.CODE_INVALID
            return _answer(request, refusal_answer(code, session_title=session.title))
        if request.user.is_authenticated and not rules.location_required:
            return _check_in(request, session, rules)
        # The code is judged now; signing in or the location prompt may take
        # longer than it lives.
        until = time.time() + 60 * settings.SELF_CHECKIN_SIGN_IN_MINUTES
        request.session[PENDING] = {"session": session.pk, "until": until}
        if request.user.is_authenticated:
            return redirect("checkin:self_checkin_continue")
        login = reverse("account_login")
        query = urlencode({"next": reverse("checkin:self_checkin_continue")})
        return redirect(f"{login}?{query}")


class SelfCheckInContinueView(LoginRequiredMixin, View):
    """Signed-in users, after scanning a valid code: back from signing in,
    or asked for the phone's location (GET shows the page that reads it,
    which posts it back here)."""

    def get(self, request):
        session_id = _pending(request)
        if session_id is None:
            request.session.pop(PENDING, None)
            return _answer(request, refusal_answer(SelfRefusal.SIGN_IN_EXPIRED))
        if not self_checkin_allowed(request):
            return _answer(request, refusal_answer(SelfRefusal.RATE_LIMITED))
        session, rules, refusal = _load(request, session_id)
        if refusal:
            request.session.pop(PENDING, None)
            return _answer(request, refusal)
        if rules.location_required:
            response = render(request, "checkin/self_checkin_location.html", {"session": session})
            add_never_cache_headers(response)
            return response
        return _check_in(request, session, rules)

    def post(self, request):
        # The pending code outlives a refused location (missing or far) until
        # it expires, so the phone can send its location again; any other
        # answer ends it.
        session_id = _pending(request)
        if session_id is None:
            request.session.pop(PENDING, None)
            return _answer(request, refusal_answer(SelfRefusal.SIGN_IN_EXPIRED))
        if not self_checkin_allowed(request):
            return _answer(request, refusal_answer(SelfRefusal.RATE_LIMITED))
        session, rules, refusal = _load(request, session_id)
        if refusal:
            request.session.pop(PENDING, None)
            return _answer(request, refusal)
        return _check_in(request, session, rules, position=position_from(request.POST))


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
