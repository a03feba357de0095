"""Questionnaires of an event and their questions (docs/evaluations.md)."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bimtek.models import Event, Session


class QuestionnaireKind(models.TextChoices):
    PRE_TEST = "pre_test", _("Pre-test")
    POST_TEST = "post_test", _("Post-test")
    EVENT = "event", _("Event evaluation")
    SPEAKERS = "speakers", _("Speaker evaluation")


TEST_KINDS = (QuestionnaireKind.PRE_TEST, QuestionnaireKind.POST_TEST)


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Scale 1–5")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)

# The usual Indonesian scale (sangat tidak setuju … sangat setuju).
LIKERT_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neutral"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


def new_questionnaire_code() -> str:
    return secrets.token_urlsafe(16)


class Questionnaire(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questionnaires", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionnaireKind.choices)
    title = models.CharField(_("title"), max_length=200)
    instructions = models.TextField(_("instructions"), max_length=2000, blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_("Answers are not linked to people; only who has answered is known."),
    )
    show_score = models.BooleanField(_("show the score to the participant"), default=True)
    required_for_certificate = models.BooleanField(_("required for the certificate"), default=False)
    min_score = models.PositiveSmallIntegerField(
        _("minimum score for the certificate"),
        default=0,
        help_text=_("0 to 100; only for a post-test."),
    )
    bank = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("questions of"),
        help_text=_("A post-test may ask the pre-test's questions."),
    )
    code = models.CharField(
        _("link code"), max_length=32, unique=True, default=new_questionnaire_code
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["event", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind"], name="questionnaire_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(min_score__lte=100), name="questionnaire_min_score_max_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event.code}: {self.title}"

    @property
    def is_test(self) -> bool:
        return self.kind in TEST_KINDS

    @property
    def question_source(self) -> "Questionnaire":
        """Whose questions are asked: the bank's, or its own."""
        return self.bank if self.bank_id else self

    def state(self, at=None) -> str:
        """``not_yet``, ``open`` or ``closed``."""
        at = at or timezone.now()
        if self.opens_at and at < self.opens_at:
            return "not_yet"
        if self.closes_at and at >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, at=None) -> bool:
        return self.state(at) == "open"


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("questionnaire"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    # A speaker evaluation asks its questions once per speaker of a session.
    session = models.ForeignKey(
        Session,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("session"),
    )
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    # Links a pre-test question to the post-test question(s) on the same
    # competency when the two tests have their own questions
    # (evaluations.prepost.pre_post_comparison).
    topic = models.CharField(
        _("competency / topic"),
        max_length=100,
        blank=True,
        help_text=_(
            "Tests: questions of the pre-test and the post-test with the same topic are "
            "compared in the results."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "id"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


class Option(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options", verbose_name=_("question")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("option"), max_length=300)
    correct = models.BooleanField(_("correct answer"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["question", "position", "id"]

    def __str__(self) -> str:
        return self.text
