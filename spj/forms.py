from django import forms
from django.utils.translation import gettext_lazy as _

from participants.names import name_clean
from spj.models import DocumentKind, PackSettings, Person


class PersonForm(forms.ModelForm):
    """A speaker's or committee member's record. NIK, NPWP and the account
    number are shown to the organisers of the event's team only (this page)."""

    class Meta:
        model = Person
        fields = [
            "name",
            "institution",
            "position",
            "is_committee",
            "committee_role",
            "employment",
            "golongan",
            "nip",
            "nik",
            "npwp",
            "bank_name",
            "bank_account",
            "bank_account_holder",
            "rate_basis",
            "rate",
            "rate_reference",
        ]
        widgets = {
            "nik": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
            "npwp": forms.TextInput(attrs={"autocomplete": "off"}),
            "bank_account": forms.TextInput(attrs={"autocomplete": "off"}),
            "nip": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        for name in ("nik", "npwp", "bank_account"):
            self.fields[name].max_length = 40
            self.fields[name].widget.attrs["maxlength"] = 40
        self.fields["rate"].widget.attrs["step"] = "1"

    def _printable(self, field: str) -> str:
        # Printed on the SPJ PDFs: refused when no font has a character (docs/fonts.md).
        return name_clean(self.cleaned_data.get(field))

    def clean_institution(self):
        return self._printable("institution")

    def clean_position(self):
        return self._printable("position")

    def clean_committee_role(self):
        return self._printable("committee_role")

    def clean_bank_account_holder(self):
        return self._printable("bank_account_holder")

    def clean_name(self):
        name = self._printable("name")
        others = Person.objects.filter(event=self.event, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This event already has a record with that name."))
        return name


class PackSettingsForm(forms.ModelForm):
    class Meta:
        model = PackSettings
        fields = [
            "background",
            "purpose",
            "closing",
            "head_name",
            "head_position",
            "head_nip",
            "treasurer_name",
            "treasurer_nip",
            "chair_name",
            "chair_nip",
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Word template (.docx)"))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG or PNG)"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
