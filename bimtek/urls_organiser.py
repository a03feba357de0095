from django.urls import path

from bimtek.views import agenda, history, institutions, organiser, staff

app_name = "organiser"

event = "events/<slug:code>/"

urlpatterns = [
    path("", organiser.EventDashboardListView.as_view(), name="event_list"),
    path("new/", organiser.EventCreateView.as_view(), name="event_create"),
    path(event, organiser.EventOverviewView.as_view(), name="event_detail"),
    path(event + "edit/", organiser.EventUpdateView.as_view(), name="event_edit"),
    path(
        event + "status/<slug:action>/",
        organiser.EventStatusView.as_view(),
        name="event_status",
    ),
    path(event + "cancel/", organiser.EventCancelView.as_view(), name="event_cancel"),
    path(event + "clone/", organiser.EventCloneView.as_view(), name="event_clone"),
    path(event + "delete/", organiser.EventDeleteView.as_view(), name="event_delete"),
    # The agenda builder
    path(event + "agenda/", agenda.AgendaView.as_view(), name="agenda"),
    path(event + "agenda/reorder/", agenda.AgendaReorderView.as_view(), name="agenda_reorder"),
    path(event + "agenda/<str:day>/add/", agenda.SessionCreateView.as_view(), name="session_add"),
    path(event + "sessions/<id:pk>/edit/", agenda.SessionUpdateView.as_view(), name="session_edit"),
    path(
        event + "sessions/<id:pk>/delete/",
        agenda.SessionDeleteView.as_view(),
        name="session_delete",
    ),
    path(event + "sessions/<id:pk>/move/", agenda.SessionMoveView.as_view(), name="session_move"),
    # Door staff
    path(event + "staff/", staff.StaffListView.as_view(), name="staff"),
    path(event + "staff/<id:pk>/role/", staff.StaffRoleView.as_view(), name="staff_role"),
    path(event + "staff/<id:pk>/remove/", staff.StaffRemoveView.as_view(), name="staff_remove"),
    path(event + "staff/<id:pk>/notify/", staff.StaffNotifyView.as_view(), name="staff_notify"),
    # History
    path(event + "history/", history.EventHistoryView.as_view(), name="history"),
    # Institutions
    path("institutions/", institutions.InstitutionListView.as_view(), name="institution_list"),
    path(
        "institutions/new/",
        institutions.InstitutionCreateView.as_view(),
        name="institution_create",
    ),
    path(
        "institutions/<id:pk>/edit/",
        institutions.InstitutionUpdateView.as_view(),
        name="institution_edit",
    ),
]
