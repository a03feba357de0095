from django import forms
from django.utils.translation import gettext_lazy as _

from participants.names import name_clean
from participants.nip import NIP_LENGTH, NipFormField, nip_normalise, nip_validate
from spj.models import DEFAULT_MINUTES_PATTERN, DocumentKind, PackSettings, Person
from spj.services import SECRET_FIELDS, SELF_FILLED_FIELDS, minutes_pattern_validate

SECRET_WIDGETS = {
    "nik": forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    "npwp": forms.TextInput(attrs={"autocomplete": "off"}),
    "bank_account": forms.TextInput(attrs={"autocomplete": "off"}),
    "nip": forms.TextInput(attrs={"inputmode": "numeric"}),
}


class PersonFieldsMixin:
    """What both forms of a person's data share (the organiser's, and the
    speaker's own through their link); the rules of the values themselves are
    in ``services._person_check``."""

    def _limit_secrets(self) -> None:
        for name in SECRET_FIELDS:
            self.fields[name].max_length = 40
            self.fields[name].widget.attrs["maxlength"] = 40
            # Left empty, a stored value is kept (services._secrets_keep).
            if self.instance.pk and getattr(self.instance, name):
                self.fields[name].required = False
                self.fields[name].help_text = _(
                    "Already stored; leave empty to keep the stored one."
                )
        self.fields["no_npwp"] = forms.BooleanField(
            label=_("I have no NPWP"),
            help_text=_("Clears a stored NPWP (the tax withheld is then 20 per cent higher)."),
            required=False,
        )
        # Right after the NPWP field.
        order = [n for n in self.fields if n != "no_npwp"]
        order.insert(order.index("npwp") + 1, "no_npwp")
        self.order_fields(order)
        # A NIP is typed with spaces ("1985 0312 201001 2 003"); it is
        # normalised here and checked in ``services._person_check``.
        nip = self.fields["nip"]
        self.fields["nip"] = forms.CharField(
            label=nip.label,
            help_text=nip.help_text,
            required=False,
            max_length=40,
            widget=nip.widget,
        )
        self.fields["nip"].widget.attrs["maxlength"] = 40

    def clean_nip(self) -> str:
        nip = nip_normalise(self.cleaned_data.get("nip")) or ""
        if len(nip) > NIP_LENGTH:
            nip_validate(nip)  # its message (digits, length), not the model's "at most 18"
        return nip

    def _printable(self, field: str) -> str:
        # Printed on the SPJ PDFs: refused when no font has a character (docs/fonts.md).
        return name_clean(self.cleaned_data.get(field))

    def clean_institution(self):
        return self._printable("institution")

    def clean_position(self):
        return self._printable("position")

    def clean_bank_account_holder(self):
        return self._printable("bank_account_holder")


class PersonForm(PersonFieldsMixin, forms.ModelForm):
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
            "email",
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
        widgets = SECRET_WIDGETS

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self._limit_secrets()
        self.fields["rate"].widget.attrs["step"] = "1"

    def clean_committee_role(self):
        return self._printable("committee_role")

    def clean_name(self):
        name = self._printable("name")
        others = Person.objects.filter(event=self.event, name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This event already has a record with that name."))
        return name


class SpeakerDataForm(PersonFieldsMixin, forms.ModelForm):
    """The speaker's own data, through the link they were sent. NIK, NPWP
    and the account number are never shown back (the form starts empty for
    them): whoever holds an old e-mail sees nothing of them."""

    class Meta:
        model = Person
        fields = list(SELF_FILLED_FIELDS)
        widgets = SECRET_WIDGETS
        labels = {
            "golongan": _("Golongan (pangkat)"),
            "bank_account_holder": _("Name on the account"),
        }
        help_texts = {
            "npwp": _("If you have none, tick “I have no NPWP” below."),
            "golongan": _("Civil servants only."),
            "nip": _("Civil servants only."),
        }

    REQUIRED = ("institution", "nik", "bank_name", "bank_account", "bank_account_holder")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_secrets()
        for name in self.REQUIRED:
            stored = name in SECRET_FIELDS and self.instance.pk and getattr(self.instance, name)
            self.fields[name].required = not stored
        if not self.is_bound:
            for name in SECRET_FIELDS:
                self.initial[name] = ""

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in SELF_FILLED_FIELDS}
        data["no_npwp"] = self.cleaned_data.get("no_npwp", False)
        return data


class DataRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("The speaker's e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )


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
            "minutes_number_pattern",
        ]
        widgets = {
            "background": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "closing": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes_number_pattern"].required = False  # empty: the default
        NipFormField.replace(self, *PackSettings.NIP_FIELDS)

    def clean_minutes_number_pattern(self):
        pattern = (self.cleaned_data.get("minutes_number_pattern") or "").strip()
        pattern = pattern or DEFAULT_MINUTES_PATTERN
        minutes_pattern_validate(pattern)
        return pattern


class TemplateUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("Word template (.docx)"))


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo (JPEG or PNG)"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
