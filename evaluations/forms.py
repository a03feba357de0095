"""Forms of the questionnaire builder (organisers); participants' answers
are read by ``evaluations.services.answers.clean_value``, not by a form."""

import zoneinfo

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bimtek.forms import DateTimeLocalInput
from evaluations.models import QuestionKind, Questionnaire, QuestionnaireKind


class QuestionnaireForm(forms.ModelForm):
    """A questionnaire's settings; its window typed in the venue's time zone."""

    class Meta:
        model = Questionnaire
        fields = [
            "title",
            "instructions",
            "opens_at",
            "closes_at",
            "anonymous",
            "show_score",
            "required_for_certificate",
            "min_score",
        ]
        widgets = {
            "opens_at": DateTimeLocalInput(),
            "closes_at": DateTimeLocalInput(),
            "instructions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, event=None, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event or self.instance.event
        kind = kind or self.instance.kind
        if self.instance.pk:
            zone = self.event.tzinfo
            for name in ("opens_at", "closes_at"):
                value = getattr(self.instance, name)
                if value:
                    self.initial[name] = timezone.localtime(value, zone).replace(tzinfo=None)
        if kind in (QuestionnaireKind.PRE_TEST, QuestionnaireKind.POST_TEST):
            del self.fields["anonymous"]
        else:
            del self.fields["show_score"]
        if kind != QuestionnaireKind.POST_TEST:
            del self.fields["min_score"]
        else:
            self.fields["min_score"].validators.append(MaxValueValidator(100))
            self.fields["min_score"].widget.attrs["max"] = 100
        if "anonymous" in self.fields:
            self.fields["anonymous"].help_text = _(
                "Answers are not linked to people in any page or export; only who has "
                "answered is known. Participants are told before they answer. It cannot be "
                "changed once answers exist."
            )

    def clean(self):
        cleaned = super().clean()
        zone = zoneinfo.ZoneInfo(self.event.timezone)
        current = timezone.get_current_timezone()
        for name in ("opens_at", "closes_at"):
            value = cleaned.get(name)
            if value:
                cleaned[name] = timezone.make_naive(value, current).replace(tzinfo=zone)
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class QuestionnaireCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionnaireKind.choices)
    bank_pre_test = forms.BooleanField(
        label=_("Ask the pre-test's questions (post-test only)"), required=False
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    options = forms.CharField(
        label=_("Options"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Choice questions: one option a line; start the correct answer(s) of a test with a *."
        ),
    )
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    topic = forms.CharField(
        label=_("Competency / topic"),
        required=False,
        max_length=100,
        help_text=_(
            "Tests: questions of the pre-test and the post-test with the same topic are "
            "compared in the results."
        ),
    )

    def __init__(self, *args, questionnaire=None, **kwargs):
        super().__init__(*args, **kwargs)
        if questionnaire is not None and not questionnaire.is_test:
            del self.fields["topic"]


class TopicForm(forms.Form):
    topic = forms.CharField(label=_("Competency / topic"), required=False, max_length=100)


class OptionsForm(forms.Form):
    options = forms.CharField(
        label=_("Options"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    rescore = forms.BooleanField(label=_("Re-score the submissions"), required=False)


class CopyForm(forms.Form):
    source = forms.ChoiceField(label=_("Copy the questionnaires of"))

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(e.code, f"{e.title} ({e.code})") for e in events]
