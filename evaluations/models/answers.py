"""Who answered (a submission per registration) and what was answered (a
response and its answers). An anonymous questionnaire's response has no link
to its submission, so no view, export or admin page can lead from an answer
to a person (docs/evaluations.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.models.questionnaires import Question, Questionnaire
from participants.models import Registration


class Submission(models.Model):
    """One per registration and questionnaire (a database constraint): the
    answers being written (``draft``, saved as they go) and, once sent,
    ``submitted_at`` and the score of a test."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("questionnaire"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="evaluation_submissions",
        verbose_name=_("registration"),
    )
    draft = models.JSONField(_("answers being written"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "registration"], name="submission_one_per_registration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire_id}/{self.registration_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Response(models.Model):
    """The answers as sent. ``submission`` is empty for an anonymous
    questionnaire: the response cannot be traced to anyone."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("questionnaire"),
    )
    submission = models.OneToOneField(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("submission"),
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    option_ids = models.JSONField(_("chosen options"), default=list, blank=True)
    number = models.PositiveSmallIntegerField(_("scale value"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=4000, blank=True)
    correct = models.BooleanField(_("correct"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=1, number__lte=5),
                name="answer_scale_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
