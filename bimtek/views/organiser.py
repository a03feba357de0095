"""The organiser dashboard (Panitia)."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from bimtek import selectors
from bimtek.extensions import event_counters
from bimtek.models import Event


class OrganiserRequiredMixin(PermissionRequiredMixin):
    """Organisers only. Anonymous visitors are sent to the login page; anyone
    else signed in gets 403 (Django's AccessMixin does both)."""

    permission_required = "bimtek.access_dashboard"

    def get_permission_object(self):
        return None


class EventDashboardListView(OrganiserRequiredMixin, ListView):
    """Organisers. Every event with its state and key figures."""

    template_name = "bimtek/event_list_organiser.html"
    context_object_name = "events"

    def get_queryset(self):
        return selectors.events_for_dashboard()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counters = event_counters.all()
        context["counters"] = counters
        context["rows"] = [
            (event, [getattr(event, counter.key) for counter in counters])
            for event in context["events"]
        ]
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
    """Organisers. One event at a glance, with its menu."""

    template_name = "bimtek/organiser/event_overview.html"
    context_object_name = "event"
    event_tab = "overview"

    def get_object(self, queryset=None):
        return self.get_event()
