from django.urls import path

from bimtek.views import organiser

app_name = "organiser"

urlpatterns = [
    path("", organiser.EventDashboardListView.as_view(), name="event_list"),
    path("events/<slug:code>/", organiser.EventOverviewView.as_view(), name="event_detail"),
]
