"""The organiser dashboard (Panitia): the event list, an event's overview,
create / edit / clone / delete, and the status buttons."""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View
from rules.contrib.views import PermissionRequiredMixin

from bimtek import selectors, services
from bimtek.errors import EventError
from bimtek.extensions import (
    capacity_notices,
    change_notice_links,
    change_notices,
    event_counters,
)
from bimtek.forms import CancelEventForm, CloneEventForm, EventForm, ServiceErrorMixin
from bimtek.models import Event
from bimtek.models.events import EventStatus


class OrganiserRequiredMixin(PermissionRequiredMixin):
    """Organisers only. Anonymous visitors are sent to the login page; anyone
    else signed in gets 403 (Django's AccessMixin does both)."""

    permission_required = "bimtek.access_dashboard"

    def get_permission_object(self):
        return None


STATUS_TABS = [
    ("", gettext_lazy("All")),
    (EventStatus.DRAFT, EventStatus.DRAFT.label),
    (EventStatus.PUBLISHED, EventStatus.PUBLISHED.label),
    (EventStatus.FINISHED, EventStatus.FINISHED.label),
    (EventStatus.CANCELLED, EventStatus.CANCELLED.label),
]


class EventDashboardListView(OrganiserRequiredMixin, ListView):
    """Organisers. Every event with its state and key figures (the counters
    every app registers), filtered by status and searched by title or code."""

    template_name = "bimtek/event_list_organiser.html"
    context_object_name = "events"
    paginate_by = 25

    def get_queryset(self):
        self.status = self.request.GET.get("status", "")
        if self.status not in EventStatus.values:
            self.status = ""
        self.search = self.request.GET.get("q", "")[:100]
        return selectors.events_for_dashboard(
            user=self.request.user, status=self.status, search=self.search
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counters = event_counters.all()
        counts = selectors.event_status_counts(user=self.request.user)
        context.update(
            counters=counters,
            rows=[
                (event, [(counter, getattr(event, counter.key)) for counter in counters])
                for event in context["events"]
            ],
            status=self.status,
            search=self.search,
            tabs=[(key, label, counts.get(key, 0)) for key, label in STATUS_TABS],
            dashboard_tab="events",
        )
        return context


class OrganiserEventMixin(PermissionRequiredMixin):
    """An organiser page about one event (``<code>`` in the URL). Pages of any
    app extend templates/bimtek/organiser/event_base.html and set ``event_tab``
    to the key of their entry in bimtek.extensions.event_links."""

    permission_required = "bimtek.change_event"
    event_tab = ""

    def get_event(self) -> Event:
        if not hasattr(self, "_event"):
            self._event = get_object_or_404(Event, code=self.kwargs["code"])
        return self._event

    def get_permission_object(self):
        return self.get_event()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.get_event()
        return context


class EventOverviewView(OrganiserEventMixin, DetailView):
    """Organisers. One event at a glance: its figures, registration window,
    the status buttons, and the ways on (edit, clone, public page)."""

    template_name = "bimtek/organiser/event_overview.html"
    context_object_name = "event"
    event_tab = "overview"

    def get_object(self, queryset=None):
        return self.get_event()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        context.update(
            figures=selectors.event_figures(event),
            actions=selectors.event_status_actions(event),
            registration_phase=event.registration_phase(),
            cancel_form=CancelEventForm(),
            capacity_notices=capacity_notices(event=event, capacity=event.capacity),
        )
        return context


class EventCreateView(ServiceErrorMixin, OrganiserRequiredMixin, FormView):
    """Organisers. A new event, saved as a draft."""

    permission_required = "bimtek.add_event"
    template_name = "bimtek/organiser/event_form.html"
    form_class = EventForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Event()
        kwargs["teams"] = selectors.teams_for_organiser(self.request.user)
        return kwargs

    def get_initial(self):
        last = selectors.events_for_organiser(self.request.user).order_by("-created_at").first()
        if last is None:
            return {}
        # Most events of an install share the organiser, venue and city.
        return {
            "organiser_unit": last.organiser_unit,
            "venue": last.venue,
            "address": last.address,
            "city": last.city,
            "timezone": last.timezone,
        }

    def form_valid(self, form):
        event = self.run_service(
            form, services.event_create, actor=self.request.user, **form.service_data()
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("The event was created as a draft. Now build its agenda."))
        return redirect("organiser:agenda", code=event.code)


class EventUpdateView(ServiceErrorMixin, OrganiserEventMixin, FormView):
    """Organisers. Edit an event. A published event shows every warning other
    apps register (e.g. how many people have registered); every change is
    recorded field by field in the event's history."""

    template_name = "bimtek/organiser/event_form.html"
    form_class = EventForm
    event_tab = "overview"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Event.objects.get(pk=self.get_event().pk)
        kwargs["has_sessions"] = self.get_event().sessions.exists()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        context["notices"] = change_notices(event) if not event.is_draft else []
        context["notice_links"] = change_notice_links(event) if context["notices"] else []
        context["capacity_offers"] = [
            notice
            for notice in capacity_notices(event=event, capacity=event.capacity)
            if notice.action_url
        ]
        return context

    def form_valid(self, form):
        event = self.get_event()
        capacity = form.cleaned_data.get("capacity")
        if capacity != event.capacity and not self.request.POST.get("confirm_capacity"):
            # Lowering the capacity below the approved count: say what
            # happens, and save only once the organiser confirms.
            warnings = [n for n in capacity_notices(event=event, capacity=capacity) if n.confirm]
            if warnings:
                return self.render_to_response(
                    self.get_context_data(form=form, capacity_warnings=warnings)
                )
        self.run_service(
            form,
            services.event_update,
            actor=self.request.user,
            event=event,
            data=form.service_data(),
            shift_sessions=form.cleaned_data.get("shift_sessions", False),
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("The changes were saved."))
        event.refresh_from_db()
        return redirect("organiser:event_detail", code=event.code)


STATUS_SERVICES = {
    "publish": (services.event_publish, gettext_lazy("The event is published.")),
    "finish": (services.event_finish, gettext_lazy("The event is marked finished.")),
    "close_registration": (
        services.event_registration_close,
        gettext_lazy("Registration is closed."),
    ),
    "reopen_registration": (
        services.event_registration_reopen,
        gettext_lazy("Registration is open again until the event starts."),
    ),
}


class EventStatusView(OrganiserEventMixin, View):
    """Organisers. POST: publish, finish, close or reopen registration."""

    permission_required = "bimtek.publish_event"

    def get(self, request, *args, **kwargs):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, *args, **kwargs):
        action = self.kwargs["action"]
        if action not in STATUS_SERVICES:
            return HttpResponseNotAllowed(["POST"])
        service, done = STATUS_SERVICES[action]
        try:
            service(actor=request.user, event=self.get_event())
        except EventError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect("organiser:event_detail", code=self.get_event().code)


class EventCancelView(ServiceErrorMixin, OrganiserEventMixin, FormView):
    """Organisers. Cancel a published event, with the reason participants read."""

    permission_required = "bimtek.publish_event"
    template_name = "bimtek/organiser/event_cancel.html"
    form_class = CancelEventForm
    event_tab = "overview"

    def form_valid(self, form):
        self.run_service(
            form,
            services.event_cancel,
            actor=self.request.user,
            event=self.get_event(),
            reason=form.cleaned_data["reason"],
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(self.request, _("The event is cancelled."))
        return redirect("organiser:event_detail", code=self.get_event().code)


class EventCloneView(ServiceErrorMixin, OrganiserEventMixin, FormView):
    """Organisers. A new draft from this event ("Tahap II" from "Tahap I"),
    sessions moved to the new dates, door staff optionally; no registrations."""

    permission_required = "bimtek.add_event"
    template_name = "bimtek/organiser/event_clone.html"
    form_class = CloneEventForm
    event_tab = "overview"

    def get_initial(self):
        return selectors.event_clone_suggestion(self.get_event())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        context["session_count"] = event.sessions.count()
        context["staff_count"] = event.staff.count()
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        clone = self.run_service(
            form,
            services.event_clone,
            actor=self.request.user,
            source=self.get_event(),
            code=data["code"],
            title=data["title"],
            start_date=data["start_date"],
            copy_staff=data["copy_staff"],
            options=form.options(),
        )
        if form.errors:
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("“%(title)s” was created as a draft. Check its agenda, then publish it.")
            % {"title": clone.title},
        )
        return redirect("organiser:agenda", code=clone.code)


class EventDeleteView(OrganiserEventMixin, TemplateView):
    """Organisers. Delete a draft (asks first; published events are cancelled)."""

    permission_required = "bimtek.delete_event"
    template_name = "bimtek/organiser/event_delete.html"
    event_tab = "overview"

    def get(self, request, *args, **kwargs):
        if not self.get_event().is_draft:
            messages.error(
                request, _("Only a draft can be deleted; cancel a published event instead.")
            )
            return redirect("organiser:event_detail", code=self.get_event().code)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        event = self.get_event()
        try:
            services.event_delete(actor=request.user, event=event)
        except EventError as error:
            messages.error(request, error.message)
            return redirect("organiser:event_detail", code=event.code)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": event.title})
        return redirect(reverse("organiser:event_list"))
