"""Forms for participants' and organisers' pages. Forms check input and give
messages; the rules that must hold live in the models and services."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bimtek.models import Institution, InstitutionCategory
from bimtek.widgets import FastSelect
from participants.form_choices import (
    allowed_institutions,
    category_choices,
    institution_choices,
    read_once,
)
from participants.imports.spreadsheets import MAX_UPLOAD_BYTES, file_format
from participants.models import Invitation, Participant
from participants.models.people import Employment, PangkatGolongan
from participants.models.registrations import (
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from participants.names import name_clean
from participants.nip import nip_normalise, nip_validate
from participants.phones import phone_local, phone_normalise
from participants.services.people import PersonData


class InstitutionChoiceField(forms.ModelChoiceField):
    """Institutions grouped by category (FKPD, OPD, …) in one select."""

    widget = FastSelect

    def __init__(self, **kwargs):
        super().__init__(queryset=Institution.objects.none(), **kwargs)
        self._extra_pk = lambda: None

    def set_choices(self, extra: Institution | Callable[[], int | None] | None = None) -> None:
        """``extra``: the person's own institution, a valid choice even
        unconfirmed; or a function giving its pk, asked only when needed (a
        sent form that chose an unconfirmed institution, or a form drawn
        again): a sent form then reads just the chosen institution."""
        if callable(extra):
            self._extra_pk = extra
            self.queryset = Institution.objects.all()
        else:
            extra_pk = extra.pk if extra is not None else None
            self._extra_pk = lambda: extra_pk
            self.queryset = Institution.objects.filter(allowed_institutions(extra_pk))
        # Read when the select is drawn (a valid submit redirects without it).
        self.choices = read_once(
            lambda: [("", _("— choose your institution —")), *institution_choices(self._extra_pk())]
        )

    def to_python(self, value):
        institution = super().to_python(value)
        if (
            institution is not None
            and not institution.is_confirmed
            and institution.pk != self._extra_pk()
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return institution


def _pangkat_choices():
    pns = [(v, label) for v, label in PangkatGolongan.choices if "/" in v]
    pppk = [(v, label) for v, label in PangkatGolongan.choices if "/" not in v]
    return [
        ("", _("— none —")),
        (_("PNS"), pns),
        (_("PPPK"), pppk),
    ]


class PersonForm(forms.Form):
    """The person: names, titles, NIP, rank, position, institution, contact."""

    title_front = forms.CharField(
        label=_("Front titles"),
        max_length=60,
        required=False,
        help_text=_("e.g. Dr. Ir. — leave empty if none."),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Without titles, as it should appear on the certificate."),
    )
    title_back = forms.CharField(
        label=_("Back titles"),
        max_length=80,
        required=False,
        help_text=_("e.g. S.Kom., M.T."),
    )
    employment = forms.ChoiceField(
        label=_("Employment"),
        choices=Employment.choices,
        initial=Employment.NON_ASN,
        widget=forms.RadioSelect,
    )
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        required=False,
        help_text=_("18 digits, civil servants only; spaces are fine."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    pangkat_golongan = forms.ChoiceField(
        label=_("Rank/grade (pangkat/golongan)"),
        required=False,
        choices=_pangkat_choices,
        widget=FastSelect,
    )
    jabatan = forms.CharField(label=_("Position (jabatan)"), max_length=200, required=False)
    institution = InstitutionChoiceField(label=_("Institution"), required=False)
    new_institution_name = forms.CharField(
        label=_("Other institution"), max_length=200, required=False
    )
    new_institution_category = forms.ModelChoiceField(
        label=_("Its category"),
        queryset=InstitutionCategory.objects.all(),
        required=False,
        empty_label=_("— choose —"),
        widget=FastSelect,
    )
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=40,
        help_text=_("e.g. 0812-3456-7890; used only for this event's news."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, current_institution: Institution | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].set_choices(extra=current_institution)
        category = self.fields["new_institution_category"]
        category.label_from_instance = lambda c: c.display_name
        category.choices = read_once(lambda: [("", category.empty_label), *category_choices()])
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"

    # Everything printed on the ticket, the daftar hadir or the certificate:
    # normalised and refused when a character cannot be printed (participants.names).
    def clean_title_front(self) -> str:
        return name_clean(self.cleaned_data.get("title_front"))

    def clean_full_name(self) -> str:
        return name_clean(self.cleaned_data.get("full_name"))

    def clean_title_back(self) -> str:
        return name_clean(self.cleaned_data.get("title_back"))

    def clean_jabatan(self) -> str:
        return name_clean(self.cleaned_data.get("jabatan"))

    def clean_new_institution_name(self) -> str:
        return name_clean(self.cleaned_data.get("new_institution_name"))

    def clean_nip(self) -> str | None:
        return nip_normalise(self.cleaned_data.get("nip"))

    def clean_phone(self) -> str:
        return phone_normalise(self.cleaned_data.get("phone"))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        employment, nip = data.get("employment"), data.get("nip")
        if nip and employment == Employment.NON_ASN:
            self.add_error(
                "employment",
                ValidationError(
                    _("Only civil servants (PNS or PPPK) have a NIP; choose PNS or PPPK."),
                    code="nip_without_asn",
                ),
            )
        elif nip:
            try:
                nip_validate(nip, pns=employment == Employment.PNS)
            except ValidationError as error:
                self.add_error("nip", error)
        pangkat = data.get("pangkat_golongan")
        if pangkat and employment and pangkat not in PangkatGolongan.for_employment(employment):
            self.add_error(
                "pangkat_golongan",
                ValidationError(
                    _("This rank/grade does not belong to the chosen employment."),
                    code="pangkat_mismatch",
                ),
            )
        if "institution" in self.fields:
            has_new = data.get("new_institution_name", "").strip()
            if not data.get("institution") and not has_new:
                self.add_error("institution", _("Choose your institution, or type its name below."))
            if has_new and not data.get("institution") and not data.get("new_institution_category"):
                self.add_error(
                    "new_institution_category", _("Choose the category of the institution.")
                )
        return data

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            full_name=data["full_name"],
            email=data.get("email", ""),
            institution=data.get("institution"),
            new_institution_name=data.get("new_institution_name", "")
            if not data.get("institution")
            else "",
            new_institution_category=data.get("new_institution_category"),
            title_front=data.get("title_front", ""),
            title_back=data.get("title_back", ""),
            employment=data["employment"],
            nip=data.get("nip"),
            pangkat_golongan=data.get("pangkat_golongan", ""),
            jabatan=data.get("jabatan", ""),
            phone=data.get("phone", ""),
        )

    @staticmethod
    def initial_from(participant: Participant | None) -> dict:
        if participant is None:
            return {}
        return {
            "title_front": participant.title_front,
            "full_name": participant.full_name,
            "title_back": participant.title_back,
            "employment": participant.employment,
            "nip": participant.nip or "",
            "pangkat_golongan": participant.pangkat_golongan,
            "jabatan": participant.jabatan,
            "institution": participant.institution_id,
            "email": participant.email,
            "phone": phone_local(participant.phone),
        }


def whatsapp_consent_field(label) -> forms.BooleanField:
    """UU PDP: a separate, optional consent, unticked by default."""
    return forms.BooleanField(label=label, required=False, initial=False)


class SelfRegistrationForm(PersonForm):
    """The public registration form: the account's e-mail, plus consent (UU PDP)."""

    consent = forms.BooleanField(
        label=_(
            "I agree that the organiser processes my personal data for this event, as the "
            "privacy notice describes."
        ),
        required=True,
        error_messages={
            "required": _("Please agree to the processing of your personal data to register.")
        },
    )
    whatsapp_consent = whatsapp_consent_field(
        _("I agree to receive information about this event by WhatsApp.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]


class ProfileForm(PersonForm):
    """A participant edits their own profile (reused for the next event)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]


class OrganiserPersonForm(PersonForm):
    """An organiser adds someone (a speaker, a moderator, a late participant)."""

    role = forms.ChoiceField(
        label=_("Role"), choices=RegistrationRole.choices, initial=RegistrationRole.PARTICIPANT
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False


class OrganiserProfileForm(PersonForm):
    """An organiser corrects a profile (names and titles go on certificates)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False
        del self.fields["new_institution_name"]
        del self.fields["new_institution_category"]
        self.fields["institution"].required = True
        self.fields["institution"].help_text = ""


class DelegateForm(PersonForm):
    """An institution's contact registers one delegate (the institution is
    fixed). Delegates of an institution whose category employs civil servants
    (an OPD) start as PNS."""

    whatsapp_consent = whatsapp_consent_field(
        _("The delegate agrees to receive information about this event by WhatsApp.")
    )

    def __init__(self, *args, institution: Institution | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("institution", "new_institution_name", "new_institution_category"):
            del self.fields[name]
        self.fields["phone"].required = False
        if institution is not None and institution.category.staff_are_asn:
            self.fields["employment"].initial = Employment.PNS


class DelegateConsentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The delegates know they are registered and have read the privacy notice."),
        required=True,
        error_messages={"required": _("Please confirm that the delegates have been informed.")},
    )


class RegistrationFilterForm(forms.Form):
    """Search, filters and sort of the organiser's participant list (GET)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Name, NIP or e-mail"), "type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All statuses")), *RegistrationStatus.choices],
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All roles")), *RegistrationRole.choices],
    )
    source = forms.ChoiceField(
        label=_("Source"),
        required=False,
        choices=[("", pgettext_lazy("filter", "All sources")), *RegistrationSource.choices],
    )
    category = forms.ModelChoiceField(
        label=_("Institution category"),
        required=False,
        queryset=InstitutionCategory.objects.all(),
        empty_label=pgettext_lazy("filter", "All categories"),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        required=False,
        queryset=Institution.objects.all(),
        empty_label=pgettext_lazy("filter", "All institutions"),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("institution", _("Institution")),
            ("registered", _("Registered first")),
            ("-registered", _("Registered last")),
            ("status", _("Status")),
        ],
    )

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda c: c.display_name
        if event is not None:
            self.fields["institution"].queryset = Institution.objects.filter(
                participants__registrations__event=event
            ).distinct()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("cancel", _("Cancel")),
        ]
    )
    registrations = forms.TypedMultipleChoiceField(coerce=int, choices=())

    def __init__(self, *args, registration_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registrations"].choices = [(pk, pk) for pk in registration_ids]
        self.fields["registrations"].error_messages["required"] = _(
            "Tick at least one person first."
        )


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["institution", "quota", "contact_name", "contact_email", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "institution" in self.fields:
            field = self.fields["institution"]
            invited = Invitation.objects.filter(event=event).values("institution_id")
            queryset = (
                Institution.objects.filter(is_confirmed=True)
                .exclude(pk__in=invited)
                .select_related("category")
                .order_by("category__sort_order", "name")
            )
            field.queryset = queryset
            field.empty_label = _("— choose the institution to invite —")
            field.label_from_instance = lambda i: f"{i.name} — {i.category.display_name}"
        self.fields["quota"].initial = 2
        self.fields["quota"].widget.attrs.update({"min": 1, "inputmode": "numeric"})

    def validate_unique(self):
        # The service refuses a second invitation with its own message.
        pass


class InvitationUpdateForm(InvitationForm):
    class Meta(InvitationForm.Meta):
        fields = ["quota", "contact_name", "contact_email", "message"]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (.xlsx or .csv)"),
        help_text=_("At most 5 MB and 10,000 rows. Start from the template."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument."
                "spreadsheetml.sheet,text/csv"
            }
        ),
    )
    send_emails = forms.BooleanField(
        label=_("E-mail each person their ticket once imported"), required=False, initial=True
    )

    # The upload service's refusals name no field: they are all about the file.
    field_map = {None: "file"}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB."),
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
                code="file_too_large",
            )
        from participants.errors import RegistrationError

        try:
            file_format(upload.name)
        except RegistrationError as error:
            raise ValidationError(error.message, code=error.code) from error
        return upload


class InstitutionConfirmForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=InstitutionCategory.objects.all()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].label_from_instance = lambda c: c.display_name


class InstitutionMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=Institution.objects.filter(is_confirmed=True).order_by("name"),
        empty_label=_("— choose the right institution —"),
    )
