"""The agenda builder: one page per event, day by day; add, edit, reorder and
delete sessions with the validation shown inline.

Every action works as a plain form post (redirect on success, the page with
the form's errors otherwise). With htmx the same URLs answer just the agenda
(templates/bimtek/organiser/_agenda.html), swapped in place."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import View

from bimtek import selectors, services
from bimtek.errors import EventError
from bimtek.forms import ServiceErrorMixin, SessionForm
from bimtek.models import Session
from bimtek.views.organiser import OrganiserEventMixin

DEFAULT_DAY_START = dt.time(8, 0)


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def default_times(event, day: selectors.AgendaDay) -> tuple[dt.time, dt.time]:
    """A new session starts when the day's last one ends (08.00 on an empty
    day) and lasts two JP."""
    if day.sessions:
        start = timezone.localtime(day.sessions[-1].ends_at, event.tzinfo)
    else:
        start = dt.datetime.combine(day.date, DEFAULT_DAY_START, tzinfo=event.tzinfo)
    end = start + dt.timedelta(minutes=2 * event.minutes_per_jp)
    if end.date() != start.date():
        end = start.replace(hour=23, minute=59)
    return start.time(), end.time()


class AgendaMixin(ServiceErrorMixin, OrganiserEventMixin):
    """Organisers (``bimtek.change_session`` on the event)."""

    permission_required = "bimtek.change_session"
    event_tab = "agenda"

    def agenda_url(self, anchor: str = "") -> str:
        url = reverse("organiser:agenda", kwargs={"code": self.get_event().code})
        return f"{url}#{anchor}" if anchor else url

    def get_session(self) -> Session:
        return get_object_or_404(Session, pk=self.kwargs["pk"], event=self.get_event())

    def render_agenda(
        self,
        *,
        add_form: SessionForm | None = None,
        add_day: str = "",
        edit_form: SessionForm | None = None,
        edit_pk: int | None = None,
        confirm_delete: int | None = None,
        notice: str = "",
        error: str = "",
    ):
        event = self.get_event()
        rooms = selectors.agenda_rooms(event)
        days = selectors.agenda_days(event)
        last_room = next((day.sessions[-1].room for day in reversed(days) if day.sessions), "")
        for day in days:
            if add_form is not None and day.key == add_day:
                day.add_form = add_form
            else:
                start, end = default_times(event, day)
                day.add_form = SessionForm(
                    event=event,
                    rooms=rooms,
                    prefix=f"add-{day.key}",
                    initial={
                        "day": day.key,
                        "start_time": start,
                        "end_time": end,
                        # most agendas happen in one hall: propose the last room used
                        "room": day.sessions[-1].room if day.sessions else last_room,
                    },
                )
        context = {
            "event": event,
            "view": self,
            "days": days,
            "rooms": rooms,
            "open_day": add_day,
            "edit_form": edit_form,
            "edit_pk": edit_pk,
            "confirm_delete": confirm_delete,
            "notice": notice,
            "error": error,
            "total_jp": sum(day.total_jp for day in days),
            "session_total": sum(len(day.sessions) for day in days),
            "locked": event.agenda_is_locked,
        }
        template = (
            "bimtek/organiser/_agenda.html"
            if is_htmx(self.request)
            else "bimtek/organiser/agenda.html"
        )
        return render(self.request, template, context)

    def done(self, message: str, anchor: str = ""):
        """After a successful change: the agenda (htmx) or a redirect to it."""
        if is_htmx(self.request):
            return self.render_agenda(notice=message)
        messages.success(self.request, message)
        return redirect(self.agenda_url(anchor))

    def refused(self, error: EventError, anchor: str = ""):
        if is_htmx(self.request):
            return self.render_agenda(error=error.message)
        messages.error(self.request, error.message)
        return redirect(self.agenda_url(anchor))


class AgendaView(AgendaMixin, View):
    """Organisers. The agenda builder page."""

    def get(self, request, *args, **kwargs):
        return self.render_agenda()


class SessionCreateView(AgendaMixin, View):
    """Organisers. POST: add a session (the form under each day)."""

    def get(self, request, *args, **kwargs):
        return redirect(self.agenda_url(f"day-{self.kwargs['day']}"))

    def post(self, request, *args, **kwargs):
        event = self.get_event()
        day_key = self.kwargs["day"]
        if day_key not in {day.isoformat() for day in event.days}:
            raise Http404
        form = SessionForm(
            request.POST,
            event=event,
            rooms=selectors.agenda_rooms(event),
            prefix=f"add-{day_key}",
        )
        if form.is_valid():
            session = self.run_service(
                form,
                services.session_create,
                actor=request.user,
                event=event,
                **form.service_data(),
            )
            if not form.errors:
                message = _("“%(title)s” was added.") % {"title": session.title}
                if is_htmx(request):
                    # Keep the day's form open for the next session.
                    return self.render_agenda(
                        add_day=session.local_date.isoformat(), notice=message
                    )
                messages.success(request, message)
                return redirect(self.agenda_url(f"day-{session.local_date.isoformat()}"))
        return self.render_agenda(add_form=form, add_day=day_key)


class SessionUpdateView(AgendaMixin, View):
    """Organisers. GET: the agenda with this session's form open in its place;
    POST: save it."""

    def get(self, request, *args, **kwargs):
        session = self.get_session()
        form = SessionForm(
            event=self.get_event(),
            rooms=selectors.agenda_rooms(self.get_event()),
            prefix=f"s{session.pk}",
            initial=SessionForm.initial_for(session),
        )
        return self.render_agenda(edit_form=form, edit_pk=session.pk)

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        event = self.get_event()
        form = SessionForm(
            request.POST, event=event, rooms=selectors.agenda_rooms(event), prefix=f"s{session.pk}"
        )
        if form.is_valid():
            saved = self.run_service(
                form,
                services.session_update,
                actor=request.user,
                session=session,
                data=form.service_data(),
            )
            if not form.errors:
                return self.done(
                    _("“%(title)s” was saved.") % {"title": saved.title}, f"session-{saved.pk}"
                )
        return self.render_agenda(edit_form=form, edit_pk=session.pk)


class SessionDeleteView(AgendaMixin, View):
    """Organisers. GET: ask in place ("delete this session?"); POST: delete."""

    def get(self, request, *args, **kwargs):
        return self.render_agenda(confirm_delete=self.get_session().pk)

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        try:
            services.session_delete(actor=request.user, session=session)
        except EventError as error:
            return self.refused(error, f"session-{session.pk}")
        return self.done(
            _("“%(title)s” was deleted.") % {"title": session.title},
            f"day-{session.local_date.isoformat()}",
        )


class SessionMoveView(AgendaMixin, View):
    """Organisers. POST: move a session up or down its day (the times follow)."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            return self.refused(
                EventError(_("Choose up or down."), code="bad_direction"),
                f"session-{session.pk}",
            )
        try:
            services.session_move(actor=request.user, session=session, direction=direction)
        except EventError as error:
            return self.refused(error, f"session-{session.pk}")
        return self.done(_("The agenda was reordered."), f"session-{session.pk}")


class AgendaReorderView(AgendaMixin, View):
    """Organisers. POST ``day`` and ``order`` (session ids in their new order),
    sent by the drag-and-drop of static/js/agenda.js."""

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        event = self.get_event()
        try:
            day = dt.date.fromisoformat(request.POST.get("day", ""))
            order = [int(pk) for pk in request.POST.get("order", "").split(",") if pk.strip()]
        except ValueError:
            return self.refused(EventError(_("The new order could not be read."), code="bad_order"))
        try:
            services.session_reorder(actor=request.user, event=event, day=day, order=order)
        except EventError as error:
            return self.refused(error, f"day-{day.isoformat()}")
        return self.done(_("The agenda was reordered."), f"day-{day.isoformat()}")
