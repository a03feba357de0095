"""The organiser dashboard (Panitia)."""

from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from bimtek import selectors
from bimtek.extensions import event_counters


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
