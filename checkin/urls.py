"""Pages of the door (scanner, device keys) and of attendance (organisers)."""

from django.urls import path

from checkin.views import attendance, door, door_offline, kiosk, projector, selfcheckin

app_name = "checkin"

urlpatterns = [
    path("door/", door.DoorHomeView.as_view(), name="door_home"),
    # The installable, offline-capable door (before door/<code>/: these names
    # hold a dot, which an event code never does).
    path("door/sw.js", door_offline.door_service_worker, name="door_sw"),
    path("door/manifest.webmanifest", door_offline.door_manifest, name="door_manifest"),
    path("door/offline.html", door_offline.DoorOfflineView.as_view(), name="door_offline"),
    path("door/devices/", door.DoorDeviceListView.as_view(), name="door_devices"),
    path(
        "door/devices/<id:pk>/revoke/",
        door.DoorDeviceRevokeView.as_view(),
        name="door_device_revoke",
    ),
    path("door/<slug:code>/", door.DoorEventView.as_view(), name="door_event"),
    path(
        "door/<slug:code>/sessions/<id:session_id>/",
        door.DoorScannerView.as_view(),
        name="door_scanner",
    ),
    path(
        "door/<slug:code>/sessions/<id:session_id>/projector/",
        projector.ProjectorView.as_view(),
        name="self_checkin_projector",
    ),
    path(
        "door/<slug:code>/sessions/<id:session_id>/projector/code.json",
        projector.ProjectorCodeView.as_view(),
        name="self_checkin_projector_code",
    ),
    path(
        "door/<slug:code>/sessions/<id:session_id>/kiosk/",
        kiosk.SelfKioskView.as_view(),
        name="self_kiosk",
    ),
    path(
        "door/<slug:code>/sessions/<id:session_id>/kiosk/checkin",
        kiosk.SelfKioskCheckInView.as_view(),
        name="self_kiosk_checkin",
    ),
    # The projector's code, opened by a phone's camera app: short, for a
    # small QR code with large modules.
    path(
        "c/<id:session_id>/<int:step>/<str:mac>/",
        selfcheckin.SelfCheckInView.as_view(),
        name="self_checkin",
    ),
    path(
        "self-checkin/continue/",
        selfcheckin.SelfCheckInContinueView.as_view(),
        name="self_checkin_continue",
    ),
    path(
        "self-checkin/answer/",
        selfcheckin.SelfCheckInAnswerView.as_view(),
        name="self_checkin_answer",
    ),
    path(
        "organiser/events/<slug:code>/attendance/self-checkin/",
        projector.SelfCheckInSettingsView.as_view(),
        name="self_checkin_settings",
    ),
    path(
        "organiser/events/<slug:code>/attendance/self-checkin/sessions/<int:session_id>/",
        projector.SelfCheckInSessionView.as_view(),
        name="self_checkin_session",
    ),
    path(
        "organiser/events/<slug:code>/attendance/",
        attendance.AttendanceOverviewView.as_view(),
        name="attendance",
    ),
    path(
        "organiser/events/<slug:code>/attendance/live/",
        attendance.AttendanceOverviewLiveView.as_view(),
        name="attendance_live",
    ),
    path(
        "organiser/events/<slug:code>/attendance/participants/",
        attendance.AttendanceMatrixView.as_view(),
        name="attendance_matrix",
    ),
    path(
        "organiser/events/<slug:code>/attendance/participants.<str:fmt>",
        attendance.AttendanceMatrixExportView.as_view(),
        name="attendance_matrix_export",
    ),
    path(
        "organiser/events/<slug:code>/attendance/log/",
        attendance.ScanLogView.as_view(),
        name="attendance_log",
    ),
    path(
        "organiser/events/<slug:code>/attendance/conflicts/",
        attendance.ConflictListView.as_view(),
        name="attendance_conflicts",
    ),
    path(
        "organiser/events/<slug:code>/attendance/conflicts/<id:pk>/review/",
        attendance.ConflictReviewView.as_view(),
        name="attendance_conflict_review",
    ),
    path(
        "organiser/events/<slug:code>/attendance/<id:session_id>/",
        attendance.SessionAttendanceView.as_view(),
        name="attendance_session",
    ),
    path(
        "organiser/events/<slug:code>/attendance/<id:session_id>/live/",
        attendance.SessionAttendanceLiveView.as_view(),
        name="attendance_session_live",
    ),
    path(
        "organiser/events/<slug:code>/attendance/<id:session_id>/window/",
        attendance.SessionWindowView.as_view(),
        name="attendance_session_window",
    ),
    path(
        "organiser/events/<slug:code>/attendance/<id:session_id>/<str:kind>.<str:fmt>",
        attendance.SessionExportView.as_view(),
        name="attendance_session_export",
    ),
]
