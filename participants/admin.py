from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from participants.models import (
    Invitation,
    Participant,
    ParticipantImport,
    Registration,
    RevokedToken,
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
