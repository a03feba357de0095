"""The event's history: the audit trail, newest first (the "History" tab)."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import ListView

from bimtek import formatting, selectors
from bimtek.views.organiser import OrganiserEventMixin

ACTION_LABELS = {
    "event.create": gettext_lazy("Event created"),
    "event.update": gettext_lazy("Event edited"),
    "event.publish": gettext_lazy("Published"),
    "event.finish": gettext_lazy("Marked finished"),
    "event.cancel": gettext_lazy("Cancelled"),
    "event.clone": gettext_lazy("Created as a copy"),
    "event.registration_close": gettext_lazy("Registration closed"),
    "event.registration_reopen": gettext_lazy("Registration reopened"),
    "session.create": gettext_lazy("Session added"),
    "session.update": gettext_lazy("Session edited"),
    "session.delete": gettext_lazy("Session deleted"),
    "session.reorder": gettext_lazy("Agenda reordered"),
    "staff.assign": gettext_lazy("Door staff added"),
    "staff.change_role": gettext_lazy("Door role changed"),
    "staff.remove": gettext_lazy("Door staff removed"),
    "staff.notify": gettext_lazy("Door staff e-mailed again"),
}
EXTRA_FIELD_LABELS = {
    "order": gettext_lazy("order"),
    "source": gettext_lazy("copied from"),
    "sessions": gettext_lazy("sessions"),
    "door_staff": gettext_lazy("door staff"),
    "status": pgettext_lazy("event status", "status"),
}


@dataclass
class Change:
    label: str
    before: str
    after: str


def _display(field, value, zone) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return " · ".join(f"{index}. {item}" for index, item in enumerate(value, start=1))
    if field is not None and getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if "T" in value and parsed.tzinfo is not None:
            return formatting.format_datetime(parsed, tz=zone)
        if len(value) == 10:
            return formatting.format_date(parsed.date())
    return str(value)


def changes_for(entry, zone) -> list[Change]:
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, change in (entry.changes or {}).items():
        if not isinstance(change, dict):
            continue
        field = None
        label = EXTRA_FIELD_LABELS.get(name, name)
        if model is not None:
            try:
                field = model._meta.get_field(name)
                label = field.verbose_name
            except FieldDoesNotExist:
                pass
        rows.append(
            Change(
                label=str(label),
                before=_display(field, change.get("from"), zone),
                after=_display(field, change.get("to"), zone),
            )
        )
    return rows


class EventHistoryView(OrganiserEventMixin, ListView):
    """Organisers. Who changed what in this event, and when."""

    permission_required = "bimtek.view_audit"
    template_name = "bimtek/organiser/history.html"
    context_object_name = "entries"
    event_tab = "history"
    paginate_by = 50

    def get_queryset(self):
        return selectors.event_audit_entries(self.get_event())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        zone = self.get_event().tzinfo
        context["rows"] = [
            (entry, str(ACTION_LABELS.get(entry.action, entry.action)), changes_for(entry, zone))
            for entry in context["entries"]
        ]
        return context
