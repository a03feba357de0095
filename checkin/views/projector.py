"""Self check-in for organisers and door supervisors: the event's settings,
and the projector page with its rotating code and live counter
(docs/selfcheckin.md)."""

import functools
import re

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bimtek.models import Session
from checkin.forms import SelfCheckInSettingsForm, SessionSelfCheckInForm
from checkin.selectors import door as door_selectors
from checkin.selectors.selfcheckin import (
    projector_counter,
    self_checkin_rules,
    self_checkin_settings,
    sessions_with_rules,
)
from checkin.selectors.window import checkin_window
from checkin.selfcodes import projector_code
from checkin.services.selfcheckin import (
    self_checkin_session_update,
    self_checkin_settings_update,
)
from checkin.views.attendance import AttendanceMixin
from checkin.views.door import DoorEventMixin


class SelfCheckInSettingsView(AttendanceMixin, TemplateView):
    """Organisers of the event's team. Allow self check-in, set how often the
    code changes and where the venue is, each session's exceptions, and open
    each session's projector page."""

    permission_required = "checkin.manage_self_checkin"
    template_name = "checkin/self_checkin_settings.html"

    def get_context_data(self, *, session_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        options = self_checkin_settings(event=event)
        context.setdefault("form", SelfCheckInSettingsForm(instance=options))
        rows = []
        for session, own, rules in sessions_with_rules(
            event=event, sessions=door_selectors.event_sessions_for_door(event)
        ):
            bound = (
                session_form if session_form and session_form.prefix == f"s{session.pk}" else None
            )
            rows.append(
                {
                    "session": session,
                    "rules": rules,
                    "own": own,
                    "form": bound or SessionSelfCheckInForm.for_session(own),
                    "open": bound is not None,
                }
            )
        context.update(options=options, session_rows=rows)
        return context

    def post(self, request, code: str):
        event = self.get_event()
        form = SelfCheckInSettingsForm(request.POST, instance=self_checkin_settings(event=event))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        self_checkin_settings_update(event=event, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Self check-in settings saved."))
        return redirect("checkin:self_checkin_settings", code=event.code)


class SelfCheckInSessionView(SelfCheckInSettingsView):
    """Organisers of the event's team. One session's exceptions to the
    event's self check-in settings."""

    http_method_names = ["post"]

    def post(self, request, code: str, session_id: int):
        event = self.get_event()
        session = self.get_session()
        form = SessionSelfCheckInForm(request.POST, prefix=f"s{session.pk}")
        if form.is_valid():
            try:
                self_checkin_session_update(
                    session=session, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                messages.success(
                    request,
                    _("Self check-in of “%(session)s” saved.") % {"session": session.title},
                )
                return redirect("checkin:self_checkin_settings", code=event.code)
        return self.render_to_response(self.get_context_data(session_form=form))


class ProjectorMixin(DoorEventMixin):
    """Door supervisors of the event, and organisers of its team."""

    permission_required = "checkin.supervise_door"

    def get_session(self) -> Session:
        session = (
            Session.objects.select_related("checkin_override")
            .filter(pk=self.kwargs["session_id"], event=self.get_event())
            .first()
        )
        if session is None:
            raise Http404
        session.event = self.get_event()
        return session


@functools.lru_cache(maxsize=64)
def code_svg(url: str) -> str:
    """The code as an inline SVG that fills its box: low error correction
    (fewer, larger modules: readable from the back of a hall), black on white."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=2)
    code.add_data(url)
    code.make(fit=True)
    svg = code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage).to_string(
        encoding="unicode"
    )
    svg = re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2).replace(' id="qr-path"', "")
    return svg.replace(
        "<svg ", '<svg class="projector-qr-svg" role="img" shape-rendering="crispEdges" ', 1
    )


def projector_state(request, session: Session, *, rotation_seconds: int) -> dict:
    """What the projector shows now: the code (no write), the counter, the window."""
    current = projector_code(session_id=session.pk, rotation_seconds=rotation_seconds)
    url = request.build_absolute_uri(current.path)
    present, expected = projector_counter(session=session)
    return {
        "step": current.step,
        "url": url,
        "svg": code_svg(url),
        "seconds_left": round(current.seconds_left, 2),
        "rotation_seconds": rotation_seconds,
        "present": present,
        "expected": expected,
        "window": checkin_window(session).state(timezone.now()),
    }


class ProjectorView(ProjectorMixin, TemplateView):
    """Door supervisors and organisers. The session's code full screen,
    changing every few seconds, with checked-in / expected."""

    template_name = "checkin/self_checkin_projector.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        rules = self_checkin_rules(session=session)
        context.update(
            event=session.event,
            session=session,
            rules=rules,
            can_manage=self.request.user.has_perm("checkin.manage_self_checkin", session.event),
        )
        if rules.enabled:
            context["state"] = projector_state(
                self.request, session, rotation_seconds=rules.rotation_seconds
            )
        return context


class ProjectorCodeView(ProjectorMixin, View):
    """Door supervisors and organisers. The projector's state as JSON (polled)."""

    def get(self, request, code: str, session_id: int):
        session = self.get_session()
        rules = self_checkin_rules(session=session)
        if not rules.enabled:
            response = JsonResponse({"enabled": False})
        else:
            state = projector_state(request, session, rotation_seconds=rules.rotation_seconds)
            response = JsonResponse({"enabled": True, **state})
        add_never_cache_headers(response)
        return response
