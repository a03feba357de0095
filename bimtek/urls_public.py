from django.urls import path

from bimtek.views import public

app_name = "events"

urlpatterns = [
    path("", public.EventListView.as_view(), name="home"),
    path("events/<slug:code>/", public.EventDetailView.as_view(), name="event_detail"),
    path("events/<slug:code>/agenda.ics", public.event_ics, name="event_ics"),
]
