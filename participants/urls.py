from django.urls import path

from participants.urls_checkin import urlpatterns as checkin_urlpatterns
from participants.views import door, tickets

app_name = "participants"

urlpatterns = [
    path("tickets/", tickets.TicketListView.as_view(), name="ticket_list"),
    path("door/", door.DoorHomeView.as_view(), name="door_home"),
    *checkin_urlpatterns,
]
