"""The Django admin, for superusers. Writes go through the services (so the
audit trail and the scheduling rules hold here too); the organiser dashboard
remains the place for everyday work."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from bimtek import services
from bimtek.errors import EventError
from bimtek.models import (
    AuditEntry,
    Event,
    EventStaff,
    Institution,
    InstitutionCategory,
    Session,
    Team,
)
from bimtek.selectors import session_overlap_error
from bimtek.services.events import EVENT_FIELDS
from bimtek.services.sessions import SESSION_FIELDS


def _without_bulk_delete(actions: dict) -> dict:
    # Bulk deletion skips the services' checks (started sessions, published events).
    actions.pop("delete_selected", None)
    return actions


@admin.register(InstitutionCategory)
class InstitutionCategoryAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "name_en", "code", "sort_order", "staff_are_asn"]
    list_editable = ["sort_order", "staff_are_asn"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Institution)
class InstitutionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "short_name", "category", "is_confirmed", "created_at"]
    list_filter = ["category", "is_confirmed"]
    search_fields = ["name", "short_name"]
    list_select_related = ["category"]


class SessionInline(admin.TabularInline):
    """Read-only overview; sessions are edited one by one (or in the agenda builder)."""

    model = Session
    extra = 0
    fields = ["title", "room", "starts_at", "ends_at", "counts_for_certificate", "jp_override"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventStaffInline(admin.TabularInline):
    model = EventStaff
    extra = 0
    fields = ["user", "role"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ObjectPermissionsModelAdmin):
    """Who organises which events: each event belongs to one team, and its
    members manage only their teams' events (docs/roles.md)."""

    list_display = ["name", "member_total", "event_total"]
    search_fields = ["name", "members__email", "members__display_name"]
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_total=Count("members", distinct=True),
                event_total=Count("events", distinct=True),
            )
        )

    @admin.display(description=_("members"), ordering="member_total")
    def member_total(self, obj):
        return obj.member_total

    @admin.display(description=_("events"), ordering="event_total")
    def event_total(self, obj):
        return obj.event_total

    def save_related(self, request, form, formsets, change):
        # The members through the service, so the change is in the audit trail.
        members = form.cleaned_data.pop("members", None)
        super().save_related(request, form, formsets, change)
        if members is not None:
            services.team_members_set(actor=request.user, team=form.instance, members=members)


@admin.register(Event)
class EventAdmin(ObjectPermissionsModelAdmin):
    list_display = [
        "title",
        "code",
        "start_date",
        "end_date",
        "status",
        "team",
        "city",
        "capacity",
        "session_total",
    ]
    list_filter = ["status", "team", "registration_mode", "approval_mode", "timezone", "city"]
    search_fields = ["title", "code", "organiser_unit", "venue", "city"]
    date_hierarchy = "start_date"
    inlines = [SessionInline, EventStaffInline]
    readonly_fields = ["status", "cancellation_reason", "created_by", "created_at", "updated_at"]
    actions = ["publish_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("team")
            .annotate(session_total=Count("sessions"))
        )

    @admin.display(description=_("sessions"), ordering="session_total")
    def session_total(self, obj):
        return obj.session_total

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.agenda_is_locked:
            fields += ["start_date", "end_date", "timezone", "minutes_per_jp"]
        elif obj is not None and obj.sessions.exists():
            # Moving dates moves the sessions: the dashboard's edit form asks how.
            fields += ["start_date", "end_date", "timezone"]
        return fields

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.is_draft:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            data = {name: getattr(obj, name) for name in EVENT_FIELDS if name in form.changed_data}
            saved = services.event_update(actor=request.user, event=obj, data=data)
            if "team" in form.changed_data:
                services.event_team_change(actor=request.user, event=saved, team=obj.team)
        else:
            data = {name: getattr(obj, name) for name in EVENT_FIELDS}
            saved = services.event_create(actor=request.user, team=obj.team, **data)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.event_delete(actor=request.user, event=obj)

    @admin.action(description=_("Publish the selected drafts"), permissions=["change"])
    def publish_events(self, request, queryset):
        for event in queryset:
            try:
                services.event_publish(actor=request.user, event=event)
            except EventError as error:
                self.message_user(request, f"{event.code}: {error.message}", messages.ERROR)


class SessionAdminForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [*SESSION_FIELDS, "event", "position"]

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        event = cleaned.get("event") or (instance.event if instance.event_id else None)
        if event and cleaned.get("starts_at") and cleaned.get("ends_at"):
            candidate = Session(
                pk=instance.pk,
                event=event,
                room=cleaned.get("room", ""),
                starts_at=cleaned["starts_at"],
                ends_at=cleaned["ends_at"],
            )
            overlap = session_overlap_error(candidate, event)
            if overlap:
                raise ValidationError({"starts_at": overlap.message})
            if event.agenda_is_locked:
                raise ValidationError(
                    _("The agenda of a finished or cancelled event can no longer be changed.")
                )
        return cleaned


@admin.register(Session)
class SessionAdmin(ObjectPermissionsModelAdmin):
    form = SessionAdminForm
    list_display = ["title", "event", "room", "starts_at", "ends_at", "counts_for_certificate"]
    list_filter = ["counts_for_certificate", "event__status", "event"]
    search_fields = ["title", "speakers", "room", "event__title", "event__code"]
    list_select_related = ["event"]
    autocomplete_fields = ["event"]

    def get_readonly_fields(self, request, obj=None):
        return ["event"] if obj is not None else []

    def get_actions(self, request):
        return _without_bulk_delete(super().get_actions(request))

    def save_model(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in SESSION_FIELDS}
        if change:
            saved = services.session_update(actor=request.user, session=obj, data=data)
        else:
            saved = services.session_create(actor=request.user, event=obj.event, **data)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        try:
            services.session_delete(actor=request.user, session=obj)
        except EventError as error:
            self.message_user(request, error.message, messages.ERROR)


@admin.register(EventStaff)
class EventStaffAdmin(ObjectPermissionsModelAdmin):
    list_display = ["user", "event", "role", "created_at"]
    list_filter = ["role", "event__status", "event"]
    search_fields = ["user__email", "user__display_name", "event__title", "event__code"]
    list_select_related = ["user", "event"]
    autocomplete_fields = ["user", "event"]

    def save_model(self, request, obj, form, change):
        saved = services.event_staff_assign(
            actor=request.user, event=obj.event, user=obj.user, role=obj.role
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.event_staff_remove(actor=request.user, assignment=obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ObjectPermissionsModelAdmin):
    list_display = ["created_at", "actor", "event", "action", "object_type", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "actor__email", "object_id", "event__code"]
    list_select_related = ["actor", "event"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    date_hierarchy = "created_at"

    # Append-only, for superusers too: the hash chain (bimtek.chain) would
    # show an edit or a deletion, and no service needs either.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
