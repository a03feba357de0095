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


class SelfCheckInSettingsForm(forms.ModelForm):
    class Meta:
        model = SelfCheckInSettings
        fields = ["enabled", "rotation_seconds", "counts_for_certificate"]
        widgets = {
            "enabled": forms.CheckboxInput(attrs={"class": "form-check-input"}),
            "counts_for_certificate": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }


class KioskEmailForm(forms.Form):
    email = forms.EmailField(label=_("The e-mail address of your registration"), max_length=254)
