"""Answering: saving as one goes, sending, scoring (participants), and
re-scoring after an organiser changes a test's correct answers."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek.services import audit_record
from evaluations.errors import EvaluationError
from evaluations.models import (
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Submission,
)
from evaluations.selectors import post_test_started
from participants.models import Registration
from participants.models.registrations import RegistrationStatus

MAX_TEXT = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 4000}


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    """The questions asked, with their options, in order."""
    return list(
        Question.objects.filter(questionnaire=questionnaire.question_source)
        .prefetch_related("options")
        .select_related("session")
        .order_by("position", "id")
    )


def _check_may_answer(questionnaire: Questionnaire, registration: Registration, at) -> None:
    if registration.event_id != questionnaire.event_id:
        raise EvaluationError(_("This questionnaire belongs to another event."), code="wrong_event")
    if registration.status != RegistrationStatus.APPROVED:
        raise EvaluationError(_("Only approved participants can answer."), code="not_approved")
    state = questionnaire.state(at)
    if state == "not_yet":
        raise EvaluationError(_("This questionnaire is not open yet."), code="not_open")
    if state == "closed":
        raise EvaluationError(
            _("This questionnaire has closed; answers can no longer be changed."), code="closed"
        )
    if post_test_started(questionnaire, registration):
        raise EvaluationError(
            _("You have started the post-test; the pre-test can no longer be changed."),
            code="pre_test_closed",
        )


def clean_value(question: Question, raw) -> dict | None:
    """An answer as stored (``{"o": [ids]}``, ``{"n": 1..5}``, ``{"t": text}``),
    None when empty; an answer outside the question's options is refused."""
    if question.is_choice:
        values = raw if isinstance(raw, list) else [raw]
        values = [v for v in values if v not in (None, "")]
        if not values:
            return None
        try:
            chosen = sorted({int(v) for v in values})
        except (TypeError, ValueError):
            chosen = None
        valid = {option.pk for option in question.options.all()}
        if chosen is None or not set(chosen) <= valid:
            raise EvaluationError(
                _("“%(question)s”: choose one of the options given.") % {"question": question.text},
                code="invalid_option",
            )
        if question.kind == QuestionKind.SINGLE and len(chosen) > 1:
            raise EvaluationError(
                _("“%(question)s”: choose only one option.") % {"question": question.text},
                code="invalid_option",
            )
        return {"o": chosen}
    if question.kind == QuestionKind.LIKERT:
        if raw in (None, ""):
            return None
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise EvaluationError(
                _("“%(question)s”: choose a value from 1 to 5.") % {"question": question.text},
                code="invalid_scale",
            )
        return {"n": number}
    text = str(raw or "").strip()
    if not text:
        return None
    limit = MAX_TEXT.get(question.kind, 300)
    if len(text) > limit:
        raise EvaluationError(
            _("“%(question)s”: at most %(limit)s characters.")
            % {"question": question.text, "limit": limit},
            code="too_long",
        )
    return {"t": text}


def _submission_for(questionnaire, registration) -> Submission:
    """The registration's submission, created at the first answer; two tabs
    creating it at once end with one row (the unique constraint decides)."""
    submission = (
        Submission.objects.select_for_update()
        .filter(questionnaire=questionnaire, registration=registration)
        .first()
    )
    if submission is not None:
        return submission
    try:
        with transaction.atomic():
            Submission.objects.create(questionnaire=questionnaire, registration=registration)
    except IntegrityError:
        pass  # created meanwhile by the other tab
    return Submission.objects.select_for_update().get(
        questionnaire=questionnaire, registration=registration
    )


def answer_save(
    *,
    questionnaire: Questionnaire,
    registration: Registration,
    answers: dict,
    at=None,
    questions: list[Question] | None = None,
) -> Submission:
    """Keep answers being written (``{question id: value}``), as the
    participant goes: a dropped connection loses at most the last one. An
    anonymous questionnaire's sent answers cannot be changed (the link to the
    person is gone). ``questions``: ``questions_of(questionnaire)`` when the
    caller has read them already."""
    at = at or timezone.now()
    _check_may_answer(questionnaire, registration, at)
    if questions is None:
        questions = questions_of(questionnaire)
    questions = {question.pk: question for question in questions}
    cleaned = {}
    for key, raw in answers.items():
        try:
            question = questions[int(key)]
        except (KeyError, TypeError, ValueError):
            raise EvaluationError(_("Unknown question."), code="unknown_question") from None
        cleaned[str(question.pk)] = clean_value(question, raw)
    with transaction.atomic():
        submission = _submission_for(questionnaire, registration)
        if submission.is_submitted and questionnaire.anonymous:
            raise EvaluationError(
                _("Your anonymous answers were sent and can no longer be changed."),
                code="already_submitted",
            )
        draft = dict(submission.draft)
        for key, value in cleaned.items():
            if value is None:
                draft.pop(key, None)
            else:
                draft[key] = value
        submission.draft = draft
        submission.save(update_fields=["draft", "updated_at"])
    return submission


def _score(questions: list[Question], answers: dict[int, dict]) -> tuple[Decimal | None, dict]:
    """The score out of 100 and whether each choice answer is right."""
    scored = [q for q in questions if q.is_choice]
    if not scored:
        return None, {}
    verdicts = {}
    for question in scored:
        correct = {o.pk for o in question.options.all() if o.correct}
        chosen = set((answers.get(question.pk) or {}).get("o", []))
        verdicts[question.pk] = bool(chosen) and chosen == correct
    right = sum(verdicts.values())
    return (Decimal(right * 100) / len(scored)).quantize(Decimal("0.1")), verdicts


def submission_submit(
    *,
    questionnaire: Questionnaire,
    registration: Registration,
    answers: dict | None = None,
    at=None,
    questions: list[Question] | None = None,
) -> Submission:
    """Send the answers: every required question answered, one submission per
    registration; a test is scored at once. Sending again before the window
    closes replaces the answers (not for an anonymous questionnaire)."""
    at = at or timezone.now()
    if questions is None:
        questions = questions_of(questionnaire)
    if answers:
        answer_save(
            questionnaire=questionnaire,
            registration=registration,
            answers=answers,
            at=at,
            questions=questions,
        )
    _check_may_answer(questionnaire, registration, at)
    with transaction.atomic():
        submission = _submission_for(questionnaire, registration)
        if submission.is_submitted and questionnaire.anonymous:
            raise EvaluationError(
                _("Your anonymous answers were sent already."), code="already_submitted"
            )
        values = {int(k): v for k, v in submission.draft.items()}
        missing = [q for q in questions if q.required and not values.get(q.pk)]
        if missing:
            raise EvaluationError(
                _("Answer every required question first (%(count)s left).")
                % {"count": len(missing)},
                code="incomplete",
            )
        score, verdicts = _score(questions, values) if questionnaire.is_test else (None, {})
        if questionnaire.anonymous:
            response = Response.objects.create(questionnaire=questionnaire)
        else:
            response, _created = Response.objects.get_or_create(
                submission=submission, defaults={"questionnaire": questionnaire}
            )
            response.answers.all().delete()
        by_id = {q.pk: q for q in questions}
        Answer.objects.bulk_create(
            Answer(
                response=response,
                question=by_id[pk],
                option_ids=value.get("o", []),
                number=value.get("n"),
                text=value.get("t", ""),
                correct=verdicts.get(pk),
            )
            for pk, value in values.items()
            if pk in by_id and value
        )
        submission.submitted_at = at
        submission.score = score
        if questionnaire.anonymous:
            submission.draft = {}  # nothing of the answers stays with the person
        submission.save()
    return submission


def questionnaire_rescore(*, actor, questionnaire: Questionnaire) -> int:
    """Score every sent submission again (after the correct answers changed);
    recorded in the audit trail with the number of scores that changed."""
    questions = questions_of(questionnaire)
    changed = 0
    with transaction.atomic():
        submissions = Submission.objects.select_for_update(of=("self",)).filter(
            questionnaire=questionnaire, submitted_at__isnull=False
        )
        for submission in submissions.select_related("response"):
            answers = {
                answer.question_id: {"o": answer.option_ids}
                for answer in submission.response.answers.all()
            }
            score, verdicts = _score(questions, answers)
            for answer in submission.response.answers.all():
                if answer.question_id in verdicts:
                    answer.correct = verdicts[answer.question_id]
                    answer.save(update_fields=["correct"])
            if score != submission.score:
                changed += 1
                submission.score = score
                submission.save(update_fields=["score", "updated_at"])
        audit_record(
            actor=actor,
            action="evaluation.rescore",
            target=questionnaire,
            event=questionnaire.event,
            summary=questionnaire.title,
            changes={"scores_changed": [0, changed]},
        )
    return changed
