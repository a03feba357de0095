"""Attendance for organisers: live figures per session, who is missing,
attendance across sessions, the scan log, exports and the daftar hadir."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bimtek.models import Session
from bimtek.models.events import EventStatus
from bimtek.services import audit_export
from bimtek.views.organiser import OrganiserEventMixin
from checkin import charts, exports
from checkin.errors import CheckInError
from checkin.forms import WindowOverrideForm
from checkin.models import CheckInConflict
from checkin.models.checkins import ScanResult
from checkin.selectors import attendance as selectors
from checkin.selectors import door as door_selectors
from checkin.selectors import roster as selectors_roster
from checkin.selectors.window import checkin_window
from checkin.services import corrections

MISSING_PER_PAGE = 50
LOG_PER_PAGE = 100
CONFLICTS_PER_PAGE = 50
ROSTER_DEVICES_SHOWN = 30


class AttendanceMixin(OrganiserEventMixin):
    permission_required = "checkin.view_attendance"
    event_tab = "attendance"

    def get_session(self) -> Session:
        if not hasattr(self, "_session"):
            session = (
                Session.objects.select_related("checkin_override")
                .filter(pk=self.kwargs["session_id"], event=self.get_event())
                .first()
            )
            if session is None:
                raise Http404
            session.event = self.get_event()
            self._session = session
        return self._session


class AttendanceOverviewView(AttendanceMixin, TemplateView):
    """Organisers. Present against expected for every session of the event,
    the doors' devices, and the ways into the details and exports."""

    template_name = "checkin/attendance_overview.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        now = timezone.now()
        context.update(
            devices=selectors.event_devices(event=event)[:20],
            roster_devices=roster_device_rows(event=event, now=now),
            open_conflicts=selectors_roster.event_open_conflicts(event=event),
            **overview_live_context(event, now=now),
        )
        return context


def overview_live_context(event, *, now) -> dict:
    """Present against expected for every session: the part of the overview
    that refreshes by itself."""
    expected = selectors.event_expected(event=event)
    rows = []
    for session, present in selectors.event_session_figures(event=event):
        window = checkin_window(session)
        rows.append(
            {
                "session": session,
                "present": present,
                "percent": round(100 * present / expected) if expected else 0,
                "open": window.is_open(now),
                "overridden": window.overridden,
            }
        )
    return {
        "rows": rows,
        "expected": expected,
        # A finished or cancelled event has no session "now or next".
        "current": door_selectors.session_now_or_next([row["session"] for row in rows], now=now)
        if event.status == EventStatus.PUBLISHED
        else None,
        "refreshed_at": now,
    }


class AttendanceOverviewLiveView(AttendanceMixin, TemplateView):
    """Organisers. The sessions' figures of the attendance overview (polled)."""

    template_name = "checkin/_attendance_overview_live.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(overview_live_context(self.get_event(), now=timezone.now()))
        return context


def roster_device_rows(*, event, now) -> list[dict]:
    """The scanners holding the event's roster, each with its state:
    ``current``, ``behind`` (changes it has not got) or ``silent`` (no
    contact for a while: probably offline)."""
    rows = []
    for sync in selectors_roster.event_roster_syncs(event=event)[:ROSTER_DEVICES_SHOWN]:
        if now - sync.synced_at > selectors_roster.ROSTER_STALE_AFTER:
            state = "silent"
        elif sync.changes_behind:
            state = "behind"
        else:
            state = "current"
        rows.append({"sync": sync, "state": state})
    return rows


class SessionAttendanceView(AttendanceMixin, TemplateView):
    """Organisers. One session live, refreshing by itself: figures by
    institution category, the arrival curve, who is missing; the check-in
    window."""

    template_name = "checkin/attendance_session.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.get_session()
        event = self.get_event()
        window = checkin_window(session)
        opens, closes, overridden = window.opens_at, window.closes_at, window.overridden
        tz = event.tzinfo
        live = live_context(session, self.request)
        context.update(
            session=session,
            sessions=door_selectors.event_sessions_for_door(event),
            live_url=reverse(
                "checkin:attendance_session_live",
                kwargs={"code": event.code, "session_id": session.pk},
            )
            + "?"
            + urlencode({"q": live["query"], "page": live["missing_page"].number}),
            window_opens=opens,
            window_closes=closes,
            window_changeable=event.status == EventStatus.PUBLISHED,
            window_overridden=overridden,
            override=session.checkin_override if overridden else None,
            window_form=kwargs.get("window_form")
            or WindowOverrideForm(
                initial={
                    "opens_at": timezone.localtime(opens, tz).replace(tzinfo=None),
                    "closes_at": timezone.localtime(closes, tz).replace(tzinfo=None),
                }
            ),
            **live,
        )
        return context


def live_context(session: Session, request) -> dict:
    """What the session page refreshes together: the figures, the charts,
    the latest check-ins and the page of the missing list being looked at
    (``q`` and ``page`` of the request)."""
    query = request.GET.get("q", "")[:100]
    missing = Paginator(selectors.session_missing(session=session, query=query), MISSING_PER_PAGE)
    figures = selectors.session_figures(session=session)
    window = checkin_window(session)
    arrivals = selectors.session_arrivals(
        session=session, opens_at=window.opens_at, closes_at=window.closes_at
    )
    return {
        "figures": figures,
        "arrival_chart": charts.arrival_chart(arrivals, tz=session.event.tzinfo),
        "category_chart": charts.category_chart(figures.categories),
        "recent": door_selectors.recent_checkins(session=session),
        "missing_page": missing.get_page(request.GET.get("page")),
        "query": query,
        "refreshed_at": timezone.now(),
    }


class SessionAttendanceLiveView(AttendanceMixin, TemplateView):
    """Organisers. The live parts of a session's attendance page (polled):
    the figures and charts, and the missing list at the page's search and
    page number."""

    template_name = "checkin/_attendance_live.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(session=self.get_session(), **live_context(self.get_session(), self.request))
        return context


class SessionWindowView(AttendanceMixin, View):
    """Organisers. Set the session's check-in window to other times (or open
    it now for a while), or go back to its own window."""

    permission_required = "checkin.override_checkin_window"

    def post(self, request, code: str, session_id: int):
        session = self.get_session()
        event = self.get_event()
        action = request.POST.get("action", "set")
        if action == "clear":
            corrections.checkin_window_override_clear(actor=request.user, session=session)
            messages.success(request, _("Check-in follows the session's own times again."))
            return redirect("checkin:attendance_session", code=code, session_id=session.pk)
        if action.startswith("open-"):
            minutes = {"open-30": 30, "open-60": 60, "open-120": 120}.get(action)
            if minutes is None:
                raise Http404
            now = timezone.now().replace(second=0, microsecond=0)
            opens, closes = now, now + dt.timedelta(minutes=minutes)
            reason = request.POST.get("reason", "")
        else:
            with timezone.override(event.tzinfo):
                form = WindowOverrideForm(request.POST)
                valid = form.is_valid()
            if not valid:
                view = SessionAttendanceView()
                view.setup(request, code=code, session_id=session_id)
                return view.render_to_response(view.get_context_data(window_form=form), status=400)
            opens, closes = form.cleaned_data["opens_at"], form.cleaned_data["closes_at"]
            reason = form.cleaned_data["reason"]
        try:
            corrections.checkin_window_override_set(
                actor=request.user, session=session, opens_at=opens, closes_at=closes, reason=reason
            )
        except CheckInError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The check-in window of this session was changed."))
        return redirect("checkin:attendance_session", code=code, session_id=session.pk)


def _file_response(content: bytes, *, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=exports.FORMATS.get(fmt, "application/pdf"))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


class SessionExportView(AttendanceMixin, View):
    """Organisers. A session's attendance as a file: who came or who is
    missing (XLSX, CSV), or the daftar hadir (PDF)."""

    def audit(self, *, kind: str, rows: int, fmt: str, target) -> None:
        audit_export(
            actor=self.request.user,
            kind=kind,
            rows=rows,
            event=self.get_event(),
            target=target,
            fmt=fmt,
        )

    def get(self, request, code: str, session_id: int, kind: str, fmt: str):
        session = self.get_session()
        base = f"{self.get_event().code}-{slugify(session.title)[:40]}-{kind}"
        if kind == "daftar-hadir" and fmt == "pdf":
            sheet = list(selectors.session_attendance_sheet(session=session))
            pdf = exports.attendance_sheet_pdf(session=session, sheet=sheet)
            self.audit(kind="attendance_sheet", rows=len(sheet), fmt="pdf", target=session)
            return _file_response(pdf, fmt="pdf", filename=base)
        builders = {"present": exports.present_rows, "missing": exports.missing_rows}
        if kind not in builders or fmt not in exports.FORMATS:
            raise Http404
        headers, rows = builders[kind](session=session)
        titles = {"present": _("Present"), "missing": _("Missing")}
        content = exports.table_file(headers, rows, fmt=fmt, title=titles[kind])
        self.audit(kind=f"attendance_{kind}", rows=len(rows), fmt=fmt, target=session)
        return _file_response(content, fmt=fmt, filename=base)


class AttendanceMatrixView(AttendanceMixin, TemplateView):
    """Organisers. Each participant across every session of the event."""

    template_name = "checkin/attendance_matrix.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sessions, people = selectors.event_attendance_matrix(event=self.get_event())
        context.update(sessions=sessions, people=people)
        return context


class AttendanceMatrixExportView(AttendanceMixin, View):
    """Organisers. Attendance across sessions as XLSX or CSV."""

    def get(self, request, code: str, fmt: str):
        if fmt not in exports.FORMATS:
            raise Http404
        event = self.get_event()
        headers, rows = exports.matrix_rows(event=event)
        content = exports.table_file(headers, rows, fmt=fmt, title=_("Attendance"))
        audit_export(
            actor=request.user, kind="attendance_matrix", rows=len(rows), event=event, fmt=fmt
        )
        return _file_response(content, fmt=fmt, filename=f"{event.code}-attendance")


class ScanLogView(AttendanceMixin, TemplateView):
    """Organisers. Every attempt at the event's doors, admitted or not."""

    template_name = "checkin/scanlog_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        result = self.request.GET.get("result", "")
        if result not in ScanResult.values:
            result = ""
        sessions = door_selectors.event_sessions_for_door(event)
        # Only a session of this event filters the log; anything else (a typo,
        # a number past the database's integers) shows every session.
        chosen = self.request.GET.get("session", "")
        session_id = next((s.pk for s in sessions if str(s.pk) == chosen), 0)
        entries = selectors.event_scan_log(event=event, session_id=session_id, result=result)
        context.update(
            page=Paginator(entries, LOG_PER_PAGE).get_page(self.request.GET.get("page")),
            results=ScanResult.choices,
            result=result,
            session_id=session_id,
            sessions=sessions,
        )
        return context


class ConflictListView(AttendanceMixin, TemplateView):
    """Organisers. Offline scans that clashed with the server: the same
    person admitted at two doors (which time counts), or admitted offline
    although the ticket had been cancelled or reissued. Unreviewed first."""

    template_name = "checkin/attendance_conflicts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        conflicts = selectors_roster.event_conflicts(event=event)
        context.update(
            page=Paginator(conflicts, CONFLICTS_PER_PAGE).get_page(self.request.GET.get("page")),
            open_conflicts=selectors_roster.event_open_conflicts(event=event),
        )
        return context


class ConflictReviewView(AttendanceMixin, View):
    """Organisers. Mark a conflict as looked at (it stays in the list)."""

    permission_required = "checkin.review_checkin_conflict"

    def post(self, request, code: str, pk: int):
        conflict = get_object_or_404(
            CheckInConflict.objects.select_related("session__event"),
            pk=pk,
            session__event=self.get_event(),
        )
        corrections.checkin_conflict_review(conflict=conflict, actor=request.user)
        messages.success(request, _("Marked as reviewed."))
        return redirect("checkin:attendance_conflicts", code=code)
