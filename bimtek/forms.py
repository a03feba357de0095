"""Forms of the organiser dashboard. They check input (formats, required
fields); the scheduling rules live in bimtek.validation and the services,
whose refusal a view puts back on the field it names (``ServiceErrorMixin``,
used by every app's form views)."""

import datetime as dt
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bimtek import extensions, formatting
from bimtek.errors import DomainError
from bimtek.models import Event, Institution, InstitutionCategory
from bimtek.models.events import EventTimezone, StaffRole
from bimtek.services.events import EVENT_FIELDS, FIELDS_LOCKED_WHEN_OVER

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class ServiceErrorMixin:
    """For a view that hands a valid form to a service: ``run_service`` calls
    the service and, when it refuses, puts the reason on the form, so the page
    shows the form again with the message rather than failing.

    A ``DomainError`` (every app's error) goes next to the field it names, or
    on top of the form when the form has no such field; a model's
    ``ValidationError`` likewise, field by field. A form whose fields are
    named otherwise than the service's says so in a ``field_map`` attribute
    (the service's name → the form's; the key None: where a refusal that
    names no field goes).
    """

    def run_service(self, form: forms.Form, service, /, **kwargs):
        """``service(**kwargs)``'s result; None when it refused, the reason
        then being in ``form.errors``."""
        try:
            return service(**kwargs)
        except DomainError as error:
            form.add_error(_form_field(form, error.field), error.message)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                form.add_error(_form_field(form, None), error)
            else:
                for name, errors in error.error_dict.items():
                    for item in errors:
                        form.add_error(_form_field(form, name), item)
        return None


def _form_field(form: forms.Form, name: str | None) -> str | None:
    field = getattr(form, "field_map", {}).get(name, name)
    return field if field in form.fields else None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_LOCAL, **kwargs)


class EventForm(forms.ModelForm):
    """Create or edit an event. The registration window is typed in the
    venue's time zone (the one chosen on this form)."""

    shift_sessions = forms.BooleanField(
        label=_("Move the sessions with the dates"),
        required=False,
        help_text=_(
            "When the first day changes, every session moves by the same number of days "
            "and keeps its time."
        ),
    )
    venue_datetime_fields = ("registration_opens_at", "registration_closes_at")

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "code": forms.TextInput(
                attrs={"autocapitalize": "none", "spellcheck": "false", "data-slug-target": ""}
            ),
            "title": forms.TextInput(attrs={"data-slug-source": ""}),
        }
        error_messages = {
            "code": {"unique": _("Another event already uses this short code.")},
        }

    def __init__(self, *args, has_sessions: bool = False, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if teams is not None:
            # A new event: one of the organiser's teams (the only one, if so).
            # It stays with that team afterwards; an administrator moves it.
            self.fields["team"] = forms.ModelChoiceField(
                label=_("Team"),
                queryset=teams,
                help_text=_("Its organisers manage the event and its participants' data."),
                error_messages={
                    "required": _(
                        "Choose the team that runs the event. If there is none to "
                        "choose, ask an administrator to add you to a team."
                    )
                },
            )
            if len(teams) == 1:
                # Nothing to choose: shown, and taken whatever is posted.
                self.fields["team"].initial = teams[0]
                self.fields["team"].disabled = True
        zone = instance.tzinfo if instance.timezone else zoneinfo.ZoneInfo(EventTimezone.WIB)
        for name in self.venue_datetime_fields:
            value = getattr(instance, name)
            if value and name not in self.data:
                self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)
            self.fields[name].help_text = _("In the venue's time zone.")
        if not (instance.pk and has_sessions) or instance.agenda_is_locked:
            del self.fields["shift_sessions"]
        if instance.pk and instance.agenda_is_locked:
            for name in FIELDS_LOCKED_WHEN_OVER:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed: the event is finished or cancelled.")
        self.fields["code"].help_text = _(
            "Letters, digits and hyphens, used in links: e.g. bimtek-sc-2026-1."
        )
        self.fields["retention_days"].help_text = _(
            "Days after the last day of the event before the NIP, phone and e-mail of "
            "people without an account are erased; empty: the site's default "
            "(%(days)s days)."
        ) % {"days": settings.DATA_RETENTION_DAYS}

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().lower()

    def clean(self):
        cleaned = super().clean()
        zone_name = cleaned.get("timezone") or EventTimezone.WIB
        zone = zoneinfo.ZoneInfo(zone_name)
        current = timezone.get_current_timezone()
        for name in self.venue_datetime_fields:
            value = cleaned.get(name)
            if value:
                # Django read the typed wall-clock time in the current zone;
                # the organiser meant the venue's.
                cleaned[name] = timezone.make_naive(value, current).replace(tzinfo=zone)
        return cleaned

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in EVENT_FIELDS}
        if "team" in self.fields:
            data["team"] = self.cleaned_data["team"]
        return data


class SessionForm(forms.Form):
    """One session of the agenda: a day of the event, a start and end time at
    the venue, and what happens."""

    day = forms.TypedChoiceField(label=_("Day"), coerce=dt.date.fromisoformat)
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput())
    title = forms.CharField(label=_("Title"), max_length=200)
    speakers = forms.CharField(
        label=_("Speakers (narasumber)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One speaker per line, with titles and institution."),
    )
    moderator = forms.CharField(label=_("Moderator"), max_length=200, required=False)
    room = forms.CharField(label=_("Room"), max_length=100, required=False)
    counts_for_certificate = forms.BooleanField(
        label=_("Counts for the certificate"),
        required=False,
        initial=True,
        help_text=_("Untick for registration, breaks and ceremonies."),
    )
    jp_override = forms.IntegerField(
        label=_("JP (if not computed)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Empty: the length divided by the minutes per JP, rounded down."),
    )
    checkin_opens_minutes = forms.IntegerField(
        label=_("Check-in opens (minutes before)"),
        required=False,
        min_value=0,
        max_value=24 * 60,
        help_text=_("Empty: the event's setting."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    # service field -> form field, for ServiceErrorMixin
    field_map = {"starts_at": "start_time", "ends_at": "end_time"}

    def __init__(self, *args, event: Event, rooms: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["day"].choices = [
            (day.isoformat(), formatting.format_date(day)) for day in event.days
        ]
        self.rooms = rooms or []
        list_id = f"{self.prefix or 'session'}-rooms"
        self.fields["room"].widget.attrs.update({"list": list_id, "autocomplete": "off"})
        self.rooms_list_id = list_id
        self.fields["checkin_opens_minutes"].widget.attrs["placeholder"] = str(
            event.checkin_opens_minutes
        )
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    @classmethod
    def initial_for(cls, session) -> dict:
        zone = session.event.tzinfo
        starts = timezone.localtime(session.starts_at, zone)
        ends = timezone.localtime(session.ends_at, zone)
        return {
            "day": starts.date().isoformat(),
            "start_time": starts.time(),
            "end_time": ends.time(),
            "title": session.title,
            "speakers": session.speakers,
            "moderator": session.moderator,
            "room": session.room,
            "counts_for_certificate": session.counts_for_certificate,
            "jp_override": session.jp_override,
            "checkin_opens_minutes": session.checkin_opens_minutes,
            "description": session.description,
        }

    def service_data(self) -> dict:
        data = self.cleaned_data
        zone = self.event.tzinfo
        return {
            "starts_at": dt.datetime.combine(data["day"], data["start_time"], tzinfo=zone),
            "ends_at": dt.datetime.combine(data["day"], data["end_time"], tzinfo=zone),
            "title": data["title"],
            "speakers": data["speakers"],
            "moderator": data["moderator"],
            "room": data["room"],
            "counts_for_certificate": data["counts_for_certificate"],
            "jp_override": data["jp_override"],
            "checkin_opens_minutes": data["checkin_opens_minutes"],
            "description": data["description"],
        }


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the event page and sent to the people who registered."),
    )


class CloneEventForm(forms.Form):
    title = forms.CharField(label=_("Title of the new event"), max_length=200)
    code = forms.SlugField(
        label=_("Short code"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, used in links."),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    start_date = forms.DateField(
        label=_("First day"),
        widget=DateInput(),
        help_text=_("Every session moves by the same number of days and keeps its time."),
    )
    copy_staff = forms.BooleanField(label=_("Copy the door staff"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # What higher apps offer to copy (bimtek.extensions.event_clone_listeners).
        for listener in extensions.event_clone_listeners.all():
            if listener.option_label:
                self.fields[listener.field_name] = forms.BooleanField(
                    label=listener.option_label,
                    help_text=listener.option_help,
                    required=False,
                )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().lower()

    def options(self) -> list[str]:
        """The keys of the optional copies ticked."""
        return [
            listener.key
            for listener in extensions.event_clone_listeners.all()
            if listener.option_label and self.cleaned_data.get(listener.field_name)
        ]

    def option_fields(self) -> list:
        return [
            self[listener.field_name]
            for listener in extensions.event_clone_listeners.all()
            if listener.option_label
        ]


class StaffAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("An unknown address gets an account and an e-mail to set its password."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    display_name = forms.CharField(
        label=_("Name shown to colleagues"),
        max_length=100,
        required=False,
        help_text=_("For a new account, e.g. “Petugas 2” or the person's name."),
    )
    role = forms.ChoiceField(label=pgettext_lazy("door staff", "Role"), choices=StaffRole.choices)


class StaffRoleForm(forms.Form):
    role = forms.ChoiceField(
        label=pgettext_lazy("door staff", "Role"),
        choices=StaffRole.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class InstitutionForm(forms.Form):
    """An institution's name and category (the service checks the name is new)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_("As people say it: Diskominfo, Bappeda, Pelindo, UMRAH…"),
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=InstitutionCategory.objects.order_by("sort_order", "name"),
        empty_label=None,
    )

    @classmethod
    def initial_for(cls, institution: Institution) -> dict:
        return {
            "name": institution.name,
            "short_name": institution.short_name,
            "category": institution.category_id,
        }
