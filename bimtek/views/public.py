"""Public pages: the list of upcoming events and an event's page with its agenda."""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from bimtek import selectors
from bimtek.calendar import event_calendar
from bimtek.models import Event


class EventListView(ListView):
    """Public. Upcoming published events, soonest first."""

    template_name = "bimtek/event_list_public.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return selectors.events_upcoming_public()

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class EventDetailView(DetailView):
    """Public for published, finished and cancelled events; a draft is shown
    only to organisers (everyone else gets 404, not a hint that it exists)."""

    template_name = "bimtek/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None):
        event = get_object_or_404(Event, code=self.kwargs["code"])
        if not self.request.user.has_perm("bimtek.view_event", event):
            raise Http404
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        agenda = selectors.agenda_by_day(event)
        context["agenda"] = agenda
        context["total_jp"] = selectors.agenda_total_jp(
            [session for _day, sessions in agenda for session in sessions]
        )
        context["map_url"] = "https://www.google.com/maps/search/?" + urlencode(
            {"api": "1", "query": ", ".join(p for p in (event.venue, event.city) if p)}
        )
        context["may_manage"] = self.request.user.has_perm("bimtek.change_event", event)
        return context


def event_ics(request, code: str) -> HttpResponse:
    """Public, like the event page (drafts only for organisers). The agenda as
    an .ics file to add to a calendar."""
    event = get_object_or_404(Event, code=code)
    if not request.user.has_perm("bimtek.view_event", event):
        raise Http404
    response = HttpResponse(event_calendar(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.code}.ics"'
    return response
