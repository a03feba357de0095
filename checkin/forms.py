"""Forms of the door and attendance pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from checkin.models import SelfCheckInSettings


class DoorDeviceForm(forms.Form):
    name = forms.CharField(
        label=_("Device name"),
        max_length=60,
        help_text=_("So you can tell your devices apart, e.g. “Pintu utama 1”."),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the device a name."))
        return name


class WindowOverrideForm(forms.Form):
    """Times are read in the event's zone (the view activates it)."""

    opens_at = forms.DateTimeField(
        label=_("Check-in opens"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=_("Check-in closes"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Check-in must close after it opens."))
        return cleaned


def _number(**attrs) -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": "form-control", **attrs})


def _checkbox() -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"class": "form-check-input"})


class SelfCheckInSettingsForm(forms.ModelForm):
    class Meta:
        model = SelfCheckInSettings
        fields = [
            "enabled",
            "rotation_seconds",
            "counts_for_certificate",
            "location_required",
            "venue_latitude",
            "venue_longitude",
            "venue_radius_m",
        ]
        widgets = {
            "enabled": _checkbox(),
            "rotation_seconds": _number(min=3, max=120),
            "counts_for_certificate": _checkbox(),
            "location_required": _checkbox(),
            "venue_latitude": _number(min=-90, max=90, step="0.000001"),
            "venue_longitude": _number(min=-180, max=180, step="0.000001"),
            "venue_radius_m": _number(min=50, max=5000, step=10),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty: the model's default radius.
        self.fields["venue_radius_m"].required = False

    def clean_venue_radius_m(self):
        radius = self.cleaned_data.get("venue_radius_m")
        return (
            SelfCheckInSettings._meta.get_field("venue_radius_m").default
            if radius is None
            else radius
        )

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _switch(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("As the event")), ("on", _("Yes")), ("off", _("No"))],
        coerce=lambda value: value == "on",
        empty_value=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class SessionSelfCheckInForm(forms.Form):
    """One session's exceptions to the event's self check-in settings."""

    enabled = _switch(_("Self check-in allowed"))
    counts_for_certificate = _switch(_("Self check-ins count for the certificate"))
    location_required = _switch(_("Phone's location must be near the venue"))

    @classmethod
    def for_session(cls, own, **kwargs) -> "SessionSelfCheckInForm":
        def choice(value):
            return "" if value is None else ("on" if value else "off")

        initial = {
            name: choice(getattr(own, name))
            for name in ("enabled", "counts_for_certificate", "location_required")
        }
        return cls(initial=initial, prefix=f"s{own.session_id}", **kwargs)


class KioskEmailForm(forms.Form):
    email = forms.EmailField(label=_("The e-mail address of your registration"), max_length=254)
