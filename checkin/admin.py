from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from checkin.models import (
    CheckIn,
    CheckInConflict,
    CheckInWindowOverride,
    DoorDevice,
    DoorRosterSync,
    ScanLog,
)


class AppendOnlyAdmin(ObjectPermissionsModelAdmin):
    """Read-only for everyone, superusers too: door records change only through
    the services, which leave a scan-log entry and an audit entry for every
    correction (an undo, an earlier offline scan) — docs/security.md."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(AppendOnlyAdmin):
    list_display = ["registration", "session", "checked_in_at", "checked_in_by", "method"]
    list_filter = ["method", "session__event"]
    search_fields = ["registration__participant__full_name", "registration__participant__nip"]
    list_select_related = ["registration__participant", "session", "checked_in_by"]
    raw_id_fields = ["registration"]


@admin.register(ScanLog)
class ScanLogAdmin(AppendOnlyAdmin):
    """The door's audit trail, hash-chained per session."""

    list_display = ["received_at", "session", "action", "result", "reason", "staff", "device"]
    list_filter = ["action", "result", "offline_result", "session__event"]
    search_fields = ["scanned_value", "client_id", "registration__participant__full_name"]
    list_select_related = ["session", "staff"]
    raw_id_fields = ["registration", "session", "staff"]


@admin.register(CheckInWindowOverride)
class CheckInWindowOverrideAdmin(ObjectPermissionsModelAdmin):
    list_display = ["session", "opens_at", "closes_at", "granted_by", "reason"]
    raw_id_fields = ["session", "granted_by"]


@admin.register(DoorDevice)
class DoorDeviceAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "user", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "key_prefix", "last_used_at"]
    raw_id_fields = ["user"]


@admin.register(CheckInConflict)
class CheckInConflictAdmin(ObjectPermissionsModelAdmin):
    """Offline scans that clashed with the server (docs/offline.md): read-only;
    organisers review them on the Presensi tab."""

    list_display = ["detected_at", "kind", "session", "registration", "device", "reviewed_at"]
    list_filter = ["kind", "session__event"]
    list_select_related = ["session", "registration__participant"]
    raw_id_fields = ["registration", "session", "checkin", "scan", "staff", "other_staff"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DoorRosterSync)
class DoorRosterSyncAdmin(ObjectPermissionsModelAdmin):
    """Which device holds which copy of an event's roster: read-only."""

    list_display = ["device_name", "device_id", "event", "staff", "synced_at", "queued"]
    list_filter = ["event"]
    list_select_related = ["event", "staff"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
