from django.urls import path

from bimtek.views import public

app_name = "events"

urlpatterns = [
    path("", public.EventListView.as_view(), name="home"),
    path("events/<slug:code>/", public.EventDetailView.as_view(), name="event_detail"),
]
