"""The event's history: the audit trail, newest first (the "History" tab).

Each entry reads as a sentence (the label its app registered in
``bimtek.extensions.audit_actions``), runs of the same action by the same
person are grouped ("Certificate issued × 134"), and the list can be
filtered by kind (``?kind=certificate``)."""

import datetime as dt
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import ListView

from bimtek import extensions, formatting, selectors
from bimtek.views.organiser import OrganiserEventMixin

EXTRA_FIELD_LABELS = {
    "order": gettext_lazy("order"),
    "source": gettext_lazy("copied from"),
    "days_later": gettext_lazy("days later"),
    "sessions": gettext_lazy("sessions"),
    "door_staff": gettext_lazy("door staff"),
    "status": pgettext_lazy("event status", "status"),
    "fields": gettext_lazy("what was changed"),
    # Figures of an imported list (participants' "registration.import").
    "approved": gettext_lazy("approved"),
    "waitlisted": gettext_lazy("on the waiting list"),
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


def _before_after(change) -> tuple[object, object]:
    """Services record a change as {"from", "to"}, as [before, after], or as
    the value it now has."""
    if isinstance(change, dict) and ("from" in change or "to" in change):
        return change.get("from"), change.get("to")
    if isinstance(change, list | tuple) and len(change) == 2:
        return change[0], change[1]
    return None, change


def _field(model, name: str):
    """The model's own field ``name`` (a column, not a relation pointing back
    at it: those have no verbose_name), or None."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if getattr(field, "concrete", False) else None


def _verbose_name(model, name) -> str:
    field = _field(model, str(name))
    return str(field.verbose_name) if field is not None else str(name)


def changes_for(entry, zone) -> list[Change]:
    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    rows = []
    for name, change in changes.items():
        field = _field(model, name)
        label = field.verbose_name if field is not None else EXTRA_FIELD_LABELS.get(name, name)
        before, after = _before_after(change)
        if name == "fields" and isinstance(change, list):
            # A list of the model's field names: say them as people do.
            after = ", ".join(_verbose_name(model, item) for item in change)
            before = None
        elif isinstance(after, dict | list) and not isinstance(change, list):
            after = ", ".join(str(item) for item in after)
        rows.append(
            Change(
                label=str(label),
                before=_display(field, before, zone),
                after=_display(field, after, zone),
            )
        )
    return rows


@dataclass
class HistoryRow:
    """One entry, or a run of the same action by the same person."""

    entry: object  # the newest of the run
    label: str
    changes: list[Change]
    count: int = 1
    grouped: list = field(default_factory=list)  # the run's entries, when count > 1


def history_rows(entries, zone) -> list[HistoryRow]:
    rows: list[HistoryRow] = []
    for entry in entries:
        last = rows[-1] if rows else None
        if last is not None and (last.entry.action, last.entry.actor_id) == (
            entry.action,
            entry.actor_id,
        ):
            if last.count == 1:
                last.grouped.append(last.entry)
            last.count += 1
            last.grouped.append(entry)
            last.changes = []
            continue
        rows.append(
            HistoryRow(
                entry=entry,
                label=extensions.audit_action_label(entry.action),
                changes=changes_for(entry, zone),
            )
        )
    return rows


class EventHistoryView(OrganiserEventMixin, ListView):
    """Organisers. Who changed what in this event, and when."""

    permission_required = "bimtek.view_audit"
    template_name = "bimtek/organiser/history.html"
    context_object_name = "entries"
    event_tab = "history"
    paginate_by = 200

    def kind(self) -> str:
        kind = self.request.GET.get("kind", "")
        return kind if extensions.audit_kinds.get(kind) is not None else ""

    def get_queryset(self):
        return selectors.event_audit_entries(self.get_event(), kind=self.kind())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            rows=history_rows(context["entries"], self.get_event().tzinfo),
            kinds=extensions.audit_kinds.all(),
            kind=self.kind(),
        )
        return context
