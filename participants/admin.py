from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from participants.models import (
    CheckIn,
    CheckInConflict,
    CheckInWindowOverride,
    DoorDevice,
    DoorRosterSync,
    Invitation,
    Participant,
    ParticipantImport,
    Registration,
    RevokedToken,
    ScanLog,
)


@admin.register(Participant)
class ParticipantAdmin(ObjectPermissionsModelAdmin):
    list_display = ["full_name", "title_front", "title_back", "nip", "institution", "email"]
    list_filter = ["employment", "institution__category"]
    search_fields = ["full_name", "nip", "email", "institution__name"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution", "user"]


@admin.register(Registration)
class RegistrationAdmin(ObjectPermissionsModelAdmin):
    list_display = ["participant", "event", "role", "status", "source", "created_at"]
    list_filter = ["status", "role", "source", "event"]
    search_fields = ["participant__full_name", "participant__nip", "participant__email"]
    list_select_related = ["participant", "event"]
    raw_id_fields = ["participant", "invitation"]
    readonly_fields = ["token", "reminder_sent_at"]


@admin.register(RevokedToken)
class RevokedTokenAdmin(ObjectPermissionsModelAdmin):
    list_display = ["registration", "reason", "revoked_at", "revoked_by"]
    list_filter = ["reason"]
    search_fields = ["registration__participant__full_name"]
    list_select_related = ["registration__participant", "revoked_by"]
    raw_id_fields = ["registration"]
    readonly_fields = ["token", "revoked_at"]


@admin.register(Invitation)
class InvitationAdmin(ObjectPermissionsModelAdmin):
    list_display = ["institution", "event", "quota", "contact_email", "sent_at", "revoked_at"]
    list_filter = ["event"]
    search_fields = ["institution__name", "contact_name", "contact_email"]
    list_select_related = ["institution", "event"]
    autocomplete_fields = ["institution"]
    readonly_fields = ["token"]


@admin.register(ParticipantImport)
class ParticipantImportAdmin(ObjectPermissionsModelAdmin):
    list_display = [
        "original_name",
        "event",
        "status",
        "row_count",
        "registered_count",
        "created_at",
    ]
    list_filter = ["status", "event"]
    list_select_related = ["event"]
    readonly_fields = [f.name for f in ParticipantImport._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(CheckIn)
class CheckInAdmin(ObjectPermissionsModelAdmin):
    list_display = ["registration", "session", "checked_in_at", "checked_in_by", "method"]
    list_filter = ["method", "session__event"]
    search_fields = ["registration__participant__full_name", "registration__participant__nip"]
    list_select_related = ["registration__participant", "session", "checked_in_by"]
    raw_id_fields = ["registration"]


@admin.register(ScanLog)
class ScanLogAdmin(ObjectPermissionsModelAdmin):
    """The door's audit trail: read-only."""

    list_display = ["received_at", "session", "action", "result", "reason", "staff", "device"]
    list_filter = ["action", "result", "offline_result", "session__event"]
    search_fields = ["scanned_value", "client_id", "registration__participant__full_name"]
    list_select_related = ["session", "staff"]
    raw_id_fields = ["registration", "session", "staff"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
