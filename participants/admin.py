from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from participants.models import CheckIn, Participant, Registration


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
    raw_id_fields = ["participant"]
    readonly_fields = ["token"]


@admin.register(CheckIn)
class CheckInAdmin(ObjectPermissionsModelAdmin):
    list_display = ["registration", "session", "checked_in_at", "checked_in_by", "method"]
    list_filter = ["method", "session__event"]
    search_fields = ["registration__participant__full_name", "registration__participant__nip"]
    list_select_related = ["registration__participant", "session", "checked_in_by"]
    raw_id_fields = ["registration"]
