"""The door API, included by the root URLconf under /api/v1/ (namespace ``api``)."""

from django.urls import path

from checkin.api import fast_scan, views

urlpatterns = [
    # The ordinary scan without DRF's dispatch; anything else: CheckInCreateView.
    path("checkins/", fast_scan.checkin_create, name="checkin_create"),
    path("checkins/manual/", views.ManualCheckInView.as_view(), name="checkin_manual"),
    path("checkins/batch/", views.CheckInBatchView.as_view(), name="checkin_batch"),
    path("checkins/<id:pk>/undo/", views.CheckInUndoView.as_view(), name="checkin_undo"),
    path(
        "sessions/<id:pk>/attendance/",
        views.SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
    path("events/<slug:code>/roster/", views.EventRosterView.as_view(), name="event_roster"),
    path(
        "sessions/<id:pk>/registrations/",
        views.SessionSearchView.as_view(),
        name="session_search",
    ),
]
