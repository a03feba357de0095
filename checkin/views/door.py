"""Door staff: where they work, the scanner, and their device keys."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from bimtek.models import Event
from checkin.api.messages import answer_words
from checkin.forms import DoorDeviceForm
from checkin.models import DoorDevice
from checkin.selectors import door as selectors
from checkin.selectors.window import checkin_window
from checkin.services.devices import door_device_create, door_device_revoke
from participants.models.registrations import RegistrationRole, RegistrationStatus


class DoorHomeView(PermissionRequiredMixin, ListView):
    """Door staff and organisers. The events this person may check people in
    at, each with the session to scan now (or next) one tap away."""

    permission_required = "checkin.access_door"
    template_name = "checkin/door_home.html"
    context_object_name = "events"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return selectors.door_events_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        rows = []
        for event in context["events"]:
            sessions = list(event.sessions.all())
            for session in sessions:
                session.event = event
                session.window = checkin_window(session)
                session.window_state = session.window.state(now)
            rows.append((event, sessions, selectors.session_now_or_next(sessions, now=now)))
        context["rows"] = rows
        return context


class DoorEventMixin(PermissionRequiredMixin):
    """Door staff of the event (``<code>``) and organisers."""

    permission_required = "checkin.work_door"

    def get_event(self) -> Event:
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(Event, code=self.kwargs["code"])
        return self._event

    def get_permission_object(self):
        return self.get_event()


class DoorEventView(DoorEventMixin, View):
    """Door staff of the event and organisers. Opens the scanner on the
    session running now, or the next one."""

    def get(self, request, code: str):
        event = self.get_event()
        session = selectors.session_now_or_next(selectors.event_sessions_for_door(event))
        if session is None:
            messages.info(request, _("This event has no sessions yet."))
            return redirect("checkin:door_home")
        return redirect("checkin:door_scanner", code=event.code, session_id=session.pk)


class DoorScannerView(DoorEventMixin, TemplateView):
    """Door staff of the event and organisers. The scanner: camera or a
    keyboard-wedge scanner, full-screen answers; for door supervisors also the
    search, the check-in by hand and undo. Talks to the check-in API."""

    template_name = "checkin/door_scanner.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        sessions = selectors.event_sessions_for_door(event)
        session = next((s for s in sessions if s.pk == self.kwargs["session_id"]), None)
        if session is None:
            raise Http404
        user = self.request.user
        supervisor = user.has_perm("checkin.supervise_door", event)
        window = checkin_window(session)
        door_pages = [reverse("checkin:door_home")] + [
            reverse("checkin:door_scanner", kwargs={"code": event.code, "session_id": s.pk})
            for s in sessions
        ]
        context.update(
            event=event,
            session=session,
            sessions=sessions,
            is_supervisor=supervisor,
            window_opens=window.opens_at,
            window_closes=window.closes_at,
            window_overridden=window.overridden,
            window_state=window.state(timezone.now()),
            staff_name=user.display_name or user.email,
            strings=scanner_strings(),
            config={
                "session": session.pk,
                "event": event.code,
                "supervisor": supervisor,
                "staffName": user.display_name or user.email,
                # The recent-scans list keeps other sessions' scans too.
                "sessionTitles": {s.pk: s.title for s in sessions},
                "api": {
                    "checkin": reverse("api:checkin_create"),
                    "manual": reverse("api:checkin_manual"),
                    "undo": reverse("api:checkin_undo", kwargs={"pk": 0}),
                    "attendance": reverse("api:session_attendance", kwargs={"pk": session.pk}),
                    "search": reverse("api:session_search", kwargs={"pk": session.pk}),
                    "batch": reverse("api:checkin_batch"),
                    "roster": reverse("api:event_roster", kwargs={"code": event.code}),
                },
                "offline": {
                    "serviceWorker": reverse("checkin:door_sw"),
                    "scope": reverse("checkin:door_home"),
                    "pages": door_pages,
                    "login": f"{reverse('account_login')}?{urlencode({'next': self.request.path})}",
                    "timezone": event.timezone,
                    "zone": event.zone_abbreviation,
                },
            },
        )
        return context


def scanner_strings() -> dict:
    """The scanner script's words, in the user's language (data, not code)."""
    return {
        "network": _("No connection — scan again"),
        "networkDetail": _("The answer did not arrive; nothing was recorded for this scan."),
        "cameraUnavailable": _("This browser cannot use the camera here (it needs HTTPS)."),
        "cameraDenied": _("The camera was not allowed. Allow it in the browser's settings."),
        "cameraStarting": _("Starting the camera…"),
        "cameraReady": _("Hold the QR code in front of the camera."),
        "decoderFailed": _("The QR decoder could not be loaded; use a scanner or type the code."),
        "checkIn": _("Check in"),
        "reasonLabel": _("Why by hand?"),
        "reasons": [
            _("Phone left at home"),
            _("Phone battery empty"),
            _("QR code does not scan"),
            _("Ticket not received"),
        ],
        "otherReason": _("Other reason"),
        "confirm": _("Check in by hand"),
        "cancel": _("Cancel"),
        "undo": _("Undo"),
        "undone": _("Check-in undone"),
        "undoFailed": _("Could not undo"),
        "noResults": _("Nobody found."),
        "searching": _("Searching…"),
        "checkedInAt": _("Checked in at %(time)s"),
        "saved": _("Saved."),
        "devicePrefix": _("Device"),
        "byHand": _("by hand"),
        "checking": _("Checking…"),
        "undoReasonLabel": _("Why undo this check-in?"),
        "undoReasons": [
            _("Wrong person"),
            _("Scanned for the wrong session"),
            _("Checked in by mistake"),
        ],
        "undoReasonRequired": _("Choose or write a reason."),
        "undoConfirm": _("Yes, undo the check-in"),
        "keep": _("Do not undo"),
        "kioskPinInvalid": _("The PIN needs 4 to 8 digits."),
        # Offline scanning: the answers the device gives itself (the server's
        # own words) and the state line.
        "answers": answer_words(),
        "statusLabels": {status.value: str(status.label) for status in RegistrationStatus},
        "roleLabels": {role.value: str(role.label) for role in RegistrationRole},
        "timeSeparator": "." if get_language() == "id" else ":",
        "online": _("Online"),
        "offline": _("Offline"),
        "syncing": _("Sending…"),
        "signedOut": _("Signed out"),
        "signInAgain": _("Sign in again to send the waiting scans"),
        "offlineUnavailable": _(
            "Offline scanning needs a secure connection (HTTPS): without a network this "
            "browser cannot check tickets."
        ),
        "rosterNone": _("No participant list on this device yet"),
        "rosterAge": _("List: %(age)s"),
        "queued": _("Waiting: %(count)s"),
        "refusedCount": _("%(count)s not accepted"),
        "lastSync": _("Sent: %(time)s"),
        "never": _("never"),
        "justNow": _("just now"),
        "minutesAgo": _("%(count)s min ago"),
        "hoursAgo": _("%(count)s h ago"),
        "daysAgo": _("%(count)s d ago"),
        "syncNow": _("Sync now"),
        "readyOffline": _("Ready offline"),
        "offlineSaved": _("Offline — saved on this device, sent when the network is back."),
        "pending": _("waiting to be sent"),
        "sent": _("sent"),
        "refused": _("not accepted by the server"),
        "serverSays": _("Server: %(message)s"),
        "noRosterOffline": _("No connection, and no participant list on this device"),
        "noRosterOfflineDetail": _(
            "Open the scanner once with a network before the doors open. Nothing was recorded."
        ),
        "clockCorrected": _(
            "This device's clock is off by %(minutes)s min; scan times are corrected."
        ),
    }


class DoorDeviceListView(PermissionRequiredMixin, ListView):
    """Door staff and organisers. Their own device keys: add one (shown once)
    for a handheld or kiosk that uses the API, or revoke it."""

    permission_required = "checkin.access_door"
    template_name = "checkin/doordevice_list.html"
    context_object_name = "devices"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return DoorDevice.objects.filter(user=self.request.user).order_by("-created_at")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", DoorDeviceForm())
        return context

    def post(self, request):
        self.object_list = self.get_queryset()
        form = DoorDeviceForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        device, key = door_device_create(user=request.user, name=form.cleaned_data["name"])
        return self.render_to_response(
            self.get_context_data(form=DoorDeviceForm(), new_device=device, new_key=key)
        )


class DoorDeviceRevokeView(PermissionRequiredMixin, View):
    """Door staff and organisers, for their own devices only (others: 404)."""

    permission_required = "checkin.access_door"

    def get_permission_object(self):
        return None

    def post(self, request, pk: int):
        device = get_object_or_404(DoorDevice, pk=pk, user=request.user)
        door_device_revoke(device=device)
        messages.success(request, _("The key of “%(name)s” no longer works.") % {"name": device})
        return redirect("checkin:door_devices")
