from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bimtek.models import Institution, InstitutionCategory, Session
from broadcasts import placeholders
from broadcasts.models import BroadcastChannel, MessageKind
from broadcasts.selectors import RecipientFilter
from broadcasts.services import Draft
from outbox.channels import whatsapp
from participants.models.registrations import RegistrationRole, RegistrationStatus


def _channel_choices() -> list[tuple[str, str]]:
    """The channels this server can send by (the Business API only when configured)."""
    if whatsapp.is_configured():
        return list(BroadcastChannel.choices)
    return [choice for choice in BroadcastChannel.choices if choice[0] != BroadcastChannel.WHATSAPP]


class MessageFields(forms.Form):
    """What a message is — kind, channel, subject, body — as compose and a
    saved template both ask it."""

    kind = forms.ChoiceField(
        label=_("Kind of message"),
        choices=MessageKind.choices,
        initial=MessageKind.ANNOUNCEMENT,
        required=False,  # not given: an announcement (the recipient may unsubscribe)
        widget=forms.RadioSelect,
        help_text=_(
            "An announcement carries an unsubscribe link and skips those who used one; "
            "an essential notice reaches everyone."
        ),
    )
    channel = forms.ChoiceField(
        label=_("Send by"), choices=BroadcastChannel.choices, initial=BroadcastChannel.EMAIL
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text. Placeholders are filled for each person."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = _channel_choices()

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or MessageKind.ANNOUNCEMENT

    def placeholder_help(self) -> list[tuple[str, str]]:
        return [("{" + name + "}", label) for name, label in placeholders.PLACEHOLDERS.items()]


class ComposeForm(MessageFields):
    statuses = forms.MultipleChoiceField(
        label=_("Registration status"),
        choices=RegistrationStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every status."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Role"),
        choices=RegistrationRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every role."),
    )
    # Empty: no filter, worded as the registrations list's filters.
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=pgettext_lazy("filter", "All institutions"),
    )
    category = forms.ModelChoiceField(
        label=_("Institution category"),
        queryset=InstitutionCategory.objects.all(),
        required=False,
        empty_label=pgettext_lazy("filter", "All categories"),
    )
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=pgettext_lazy("filter", "Any session"),
    )
    attendance = forms.ChoiceField(
        label=_("Attendance in that session"),
        choices=[
            ("", _("Any")),
            ("present", pgettext_lazy("attendance", "Present")),
            ("absent", pgettext_lazy("attendance", "Absent")),
        ],
        required=False,
    )
    certificate = forms.ChoiceField(
        label=_("Certificate"),
        choices=[
            ("", _("Any")),
            ("issued", _("Issued")),
            ("not_issued", _("Not issued")),
            ("revoked", _("Revoked")),
        ],
        required=False,
    )
    confirm = forms.BooleanField(label=_("Yes, send it to all of them"), required=False)

    field_order = [
        *("statuses", "roles", "institution", "category", "session", "attendance"),
        *("certificate", "kind", "channel", "subject", "body", "confirm"),
    ]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["session"].queryset = Session.objects.filter(event=event).order_by(
            "starts_at", "pk"
        )
        self.fields["institution"].queryset = (
            Institution.objects.filter(participants__registrations__event=event)
            .distinct()
            .order_by("name")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("attendance") and not cleaned.get("session"):
            self.add_error("session", _("Choose the session whose attendance counts."))
        return cleaned

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            kind=data["kind"] or MessageKind.ANNOUNCEMENT,
            channel=data["channel"],
            subject=data["subject"],
            body=data["body"],
            chosen=RecipientFilter(
                statuses=list(data["statuses"]),
                roles=list(data["roles"]),
                institution_id=data["institution"].pk if data["institution"] else None,
                category_id=data["category"].pk if data["category"] else None,
                session_id=data["session"].pk if data["session"] else None,
                attendance=data["attendance"],
                certificate=data["certificate"],
            ),
        )


class TemplateForm(MessageFields):
    """A saved message: its name, channel, subject and body (checked by
    ``broadcasts.services.template_save``)."""

    name = forms.CharField(
        label=_("Template name"),
        max_length=100,
        help_text=_("E.g. Info teknis, Perubahan jadwal, Pengingat, Sertifikat tersedia."),
    )

    field_order = ["name", "kind", "channel", "subject", "body"]
