from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from bimtek.models import AuditEntry, Event, EventStaff, Institution, InstitutionCategory, Session


@admin.register(InstitutionCategory)
class InstitutionCategoryAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "name_en", "code", "sort_order"]
    list_editable = ["sort_order"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Institution)
class InstitutionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "short_name", "category", "is_confirmed", "created_at"]
    list_filter = ["category", "is_confirmed"]
    search_fields = ["name", "short_name"]
    list_select_related = ["category"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["title", "room", "starts_at", "ends_at", "counts_for_certificate", "jp_override"]


class EventStaffInline(admin.TabularInline):
    model = EventStaff
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Event)
class EventAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "code", "start_date", "end_date", "status", "capacity", "city"]
    list_filter = ["status", "registration_mode", "approval_mode", "timezone"]
    search_fields = ["title", "code", "organiser_unit", "venue", "city"]
    date_hierarchy = "start_date"
    inlines = [SessionInline, EventStaffInline]


@admin.register(Session)
class SessionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["title", "event", "room", "starts_at", "ends_at", "counts_for_certificate"]
    list_filter = ["counts_for_certificate", "event"]
    search_fields = ["title", "speakers", "room", "event__title"]
    list_select_related = ["event"]


@admin.register(EventStaff)
class EventStaffAdmin(ObjectPermissionsModelAdmin):
    list_display = ["user", "event", "role", "created_at"]
    list_filter = ["role", "event"]
    search_fields = ["user__email", "user__display_name", "event__title"]
    list_select_related = ["user", "event"]
    autocomplete_fields = ["user", "event"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ObjectPermissionsModelAdmin):
    list_display = ["created_at", "actor", "event", "action", "object_type", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "actor__email", "object_id"]
    list_select_related = ["actor", "event"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
