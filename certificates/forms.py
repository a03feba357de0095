from django import forms
from django.utils.translation import gettext_lazy as _

from certificates import images, texts
from certificates.models import CertificateSettings, ExceptionDecision, JobOrder, JobOutput
from certificates.signatures import MAX_UPLOAD
from participants.models.registrations import RegistrationRole
from participants.nip import NipFormField

IMAGE_LABELS = {
    "background": _("Background image"),
    "logo_left": _("Logo, left"),
    "logo_centre": _("Logo, centre"),
    "logo_right": _("Logo, right"),
    "signature_image": _("Signature image"),
    "signature_image_2": _("Second signature image"),
}
# Shown in their signatory's block of the form, not with the page's images.
SIGNATURE_IMAGES = {1: "signature_image", 2: "signature_image_2"}


class CertificateSettingsForm(forms.ModelForm):
    """Everything but the images, which come as separate upload fields (with
    a "remove" box each) and are checked and re-encoded by the service."""

    preview_role = forms.ChoiceField(
        label=_("Preview as"),
        choices=RegistrationRole.choices,
        required=False,
        initial=RegistrationRole.PARTICIPANT,
        # rendered beside the preview, outside the <form> element
        widget=forms.Select(attrs={"form": "certificate-settings", "data-preview-role": ""}),
    )

    class Meta:
        model = CertificateSettings
        fields = [
            "eligibility_rule",
            "min_percent",
            "speaker_policy",
            "moderator_policy",
            "committee_policy",
            "downloads_open",
            "orientation",
            "title",
            "intro_text",
            "name_subline",
            "body_participant",
            "body_speaker",
            "body_moderator",
            "body_committee",
            "jp_basis",
            "agenda_page",
            "signatory_name",
            "signatory_title_front",
            "signatory_title_back",
            "signatory_print_titles",
            "signatory_acting",
            "signatory_position",
            "signatory_pangkat",
            "signatory_nip",
            "signatory2_name",
            "signatory2_title_front",
            "signatory2_title_back",
            "signatory2_print_titles",
            "signatory2_acting",
            "signatory2_position",
            "signatory2_pangkat",
            "signatory2_nip",
            "electronic_signatory",
            "signing_city",
            "signing_date",
            "number_pattern",
        ]
        widgets = {
            "body_participant": forms.Textarea(attrs={"rows": 3}),
            "body_speaker": forms.Textarea(attrs={"rows": 3}),
            "body_moderator": forms.Textarea(attrs={"rows": 3}),
            "body_committee": forms.Textarea(attrs={"rows": 3}),
            "signing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "electronic_signatory": forms.RadioSelect,
        }
        error_messages = {
            name: {"max_length": texts.BODY_TOO_LONG}
            for name in CertificateSettings.BODY_FIELDS.values()
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in IMAGE_LABELS.items():
            self.fields[name] = forms.FileField(
                label=label,
                required=False,
                validators=[images.validate_image_upload],
                widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
                help_text=_("PNG or JPEG, at most 5 MB."),
            )
            self.fields[f"clear_{name}"] = forms.BooleanField(
                label=_("Remove this image"), required=False
            )
        help_text = _("Placeholders: %(names)s") % {
            "names": texts.placeholder_help(texts.TEXT_PLACEHOLDERS)
        }
        for name in ("name_subline", *CertificateSettings.BODY_FIELDS.values()):
            self.fields[name].help_text = help_text
        NipFormField.replace(self, "signatory_nip", "signatory2_nip")

    def clean(self):
        cleaned = super().clean()
        # The model's rules (``CertificateSettings.clean``) see the images as
        # they will be: an image being removed no longer counts.
        for name in IMAGE_LABELS:
            if cleaned.get(f"clear_{name}") and not cleaned.get(name):
                setattr(self.instance, name, "")
        return cleaned

    def uploads(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in IMAGE_LABELS}

    def cleared(self) -> set[str]:
        return {name for name in IMAGE_LABELS if self.cleaned_data.get(f"clear_{name}")}

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def image_fields(self, url_for, names=None) -> list:
        """(upload field, remove box, URL of the current image or ""), for
        ``names`` (default: the page's images, without the signatures)."""
        if names is None:
            names = [name for name in IMAGE_LABELS if name not in SIGNATURE_IMAGES.values()]
        return [
            (
                self[name],
                self[f"clear_{name}"],
                url_for(name) if getattr(self.instance, name) else "",
            )
            for name in names
        ]


class ExceptionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ExceptionDecision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Shown to the participant and kept in the audit trail."),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Kept in the audit trail; a revoked certificate shows its revocation date."),
    )


class JobForm(forms.Form):
    output = forms.ChoiceField(
        label=_("Download as"),
        choices=JobOutput.choices,
        initial=JobOutput.ZIP,
        widget=forms.RadioSelect,
    )
    order = forms.ChoiceField(
        label=_("Order of the certificates"),
        choices=JobOrder.choices,
        initial=JobOrder.NUMBER,
        required=False,  # by number when not said
    )


class VerifyLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=64,
        help_text=_("Printed under the QR code, e.g. ABCD-EFGH-IJKL-MNOP-QRST."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )


class CheckFileForm(forms.Form):
    """A certificate PDF to compare with the one issued for a code (docs/tte.md)."""

    file = forms.FileField(label=_("Certificate file (PDF)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is too large (at most 10 MB)."))
        return upload
