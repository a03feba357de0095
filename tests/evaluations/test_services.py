"""Building questionnaires, answering, scoring, re-scoring."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluations.errors import EvaluationError
from evaluations.models import Answer, QuestionKind, QuestionnaireKind, Response, Submission
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories
from tests.evaluations.conftest import options_of, question_ids

pytestmark = pytest.mark.django_db


def _right_answers(questionnaire):
    options, ids = options_of(questionnaire), question_ids(questionnaire)
    return {
        ids["Apa kepanjangan SPBE?"]: options["Apa kepanjangan SPBE?"][
            "Sistem Pemerintahan Berbasis Elektronik"
        ],
        ids["Pilar smart city?"]: [
            options["Pilar smart city?"]["Smart governance"],
            options["Pilar smart city?"]["Smart economy"],
        ],
    }


def test_test_scored_at_once(pre_test, registration):
    submission = answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=_right_answers(pre_test)
    )
    assert submission.score == Decimal("100.0")


def test_multiple_choice_half_right_scores_zero_for_that_question(pre_test, registration):
    answers = _right_answers(pre_test)
    ids = question_ids(pre_test)
    answers[ids["Pilar smart city?"]] = answers[ids["Pilar smart city?"]][:1]
    submission = answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=answers
    )
    assert submission.score == Decimal("50.0")


def test_answer_outside_options_refused(pre_test, registration, event):
    other = builder.questionnaire_create(
        actor=None, event=factories.EventFactory(), kind=QuestionnaireKind.PRE_TEST
    )
    foreign = builder.question_add(
        actor=None, questionnaire=other, kind=QuestionKind.SINGLE, text="x", options="*a\nb"
    )
    ids = question_ids(pre_test)
    with pytest.raises(EvaluationError) as error:
        answering.answer_save(
            questionnaire=pre_test,
            registration=registration,
            answers={ids["Apa kepanjangan SPBE?"]: foreign.options.first().pk},
        )
    assert error.value.code == "invalid_option"


def test_single_choice_refuses_two_options(pre_test, registration):
    ids, options = question_ids(pre_test), options_of(pre_test)
    with pytest.raises(EvaluationError) as error:
        answering.answer_save(
            questionnaire=pre_test,
            registration=registration,
            answers={ids["Apa kepanjangan SPBE?"]: list(options["Apa kepanjangan SPBE?"].values())},
        )
    assert error.value.code == "invalid_option"


def test_answers_saved_as_they_go_survive_and_submit(pre_test, registration):
    answers = _right_answers(pre_test)
    for key, value in answers.items():
        answering.answer_save(
            questionnaire=pre_test, registration=registration, answers={key: value}
        )
    submission = answering.submission_submit(questionnaire=pre_test, registration=registration)
    assert submission.score == Decimal("100.0")
    assert Submission.objects.filter(questionnaire=pre_test).count() == 1


def test_incomplete_refused(pre_test, registration):
    with pytest.raises(EvaluationError) as error:
        answering.submission_submit(questionnaire=pre_test, registration=registration)
    assert error.value.code == "incomplete"


def test_after_window_refused(pre_test, registration):
    pre_test.closes_at = timezone.now() - dt.timedelta(minutes=1)
    pre_test.save()
    with pytest.raises(EvaluationError) as error:
        answering.submission_submit(
            questionnaire=pre_test, registration=registration, answers=_right_answers(pre_test)
        )
    assert error.value.code == "closed"


def test_before_window_refused(pre_test, registration):
    pre_test.opens_at = timezone.now() + dt.timedelta(hours=1)
    pre_test.save()
    with pytest.raises(EvaluationError) as error:
        answering.answer_save(questionnaire=pre_test, registration=registration, answers={})
    assert error.value.code == "not_open"


def test_resubmission_replaces_answers_one_submission(pre_test, registration):
    answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=_right_answers(pre_test)
    )
    ids, options = question_ids(pre_test), options_of(pre_test)
    wrong = {
        ids["Apa kepanjangan SPBE?"]: options["Apa kepanjangan SPBE?"][
            "Sistem Pelayanan Berbasis Email"
        ]
    }
    submission = answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=wrong
    )
    assert submission.score == Decimal("50.0")
    assert Submission.objects.count() == 1
    assert Response.objects.count() == 1


def test_anonymous_second_submission_refused(evaluation, registration):
    ids = question_ids(evaluation)
    answering.submission_submit(
        questionnaire=evaluation, registration=registration, answers={ids["Materi bermanfaat."]: 4}
    )
    with pytest.raises(EvaluationError) as error:
        answering.submission_submit(
            questionnaire=evaluation,
            registration=registration,
            answers={ids["Materi bermanfaat."]: 5},
        )
    assert error.value.code == "already_submitted"


def test_anonymous_answer_has_no_path_to_a_person(evaluation, registration):
    ids = question_ids(evaluation)
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={ids["Materi bermanfaat."]: 4, ids["Saran"]: "Tambah waktu praktik"},
    )
    response = Response.objects.get(questionnaire=evaluation)
    assert response.submission_id is None
    submission = Submission.objects.get(questionnaire=evaluation)
    assert submission.is_submitted and submission.draft == {}
    # no field of the response or its answers points at a person
    for model in (Response, Answer):
        related = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert Submission not in related or model is Response
    assert Answer.objects.filter(response__submission__isnull=False).count() == 0


def test_scale_outside_1_to_5_refused(evaluation, registration):
    with pytest.raises(EvaluationError) as error:
        answering.answer_save(
            questionnaire=evaluation,
            registration=registration,
            answers={question_ids(evaluation)["Materi bermanfaat."]: 9},
        )
    assert error.value.code == "invalid_scale"


def test_test_question_without_correct_answer_refused(pre_test):
    with pytest.raises(EvaluationError) as error:
        builder.question_add(
            actor=None, questionnaire=pre_test, kind=QuestionKind.SINGLE, text="?", options="a\nb"
        )
    assert error.value.code == "no_correct"


def test_changing_correct_answer_after_submissions_needs_rescore(pre_test, registration, organiser):
    answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=_right_answers(pre_test)
    )
    question = pre_test.questions.get(text="Apa kepanjangan SPBE?")
    flipped = "Sistem Pemerintahan Berbasis Elektronik\n*Sistem Pelayanan Berbasis Email"
    with pytest.raises(EvaluationError) as error:
        builder.question_set_options(actor=organiser, question=question, options=flipped)
    assert error.value.code == "rescore_needed"
    builder.question_set_options(actor=organiser, question=question, options=flipped, rescore=True)
    assert Submission.objects.get().score == Decimal("50.0")
    from bimtek.models import AuditEntry

    assert AuditEntry.objects.filter(action="evaluation.rescore").exists()


def test_post_test_from_pre_test_bank(pre_test, organiser, event, registration):
    post = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.POST_TEST, bank_pre_test=True
    )
    submission = answering.submission_submit(
        questionnaire=post, registration=registration, answers=_right_answers(pre_test)
    )
    assert submission.score == Decimal("100.0")


def test_one_questionnaire_per_kind(pre_test, organiser, event):
    with pytest.raises(EvaluationError) as error:
        builder.questionnaire_create(actor=organiser, event=event, kind=QuestionnaireKind.PRE_TEST)
    assert error.value.code == "duplicate_kind"


def test_speaker_blocks_from_agenda(organiser, event):
    factories.SessionFactory(event=event, speakers="Dr. Andi\nIr. Budi")
    questionnaire = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.SPEAKERS
    )
    added = builder.speaker_blocks_generate(actor=organiser, questionnaire=questionnaire)
    assert added == 2 * len(builder.SPEAKER_QUESTIONS)
    assert builder.speaker_blocks_generate(actor=organiser, questionnaire=questionnaire) == 0
    assert set(questionnaire.questions.values_list("speaker", flat=True)) == {
        "Dr. Andi",
        "Ir. Budi",
    }


def test_reorder_and_duplicate(pre_test, organiser):
    first, second = list(pre_test.questions.order_by("position"))
    builder.question_move(actor=organiser, question=second, up=True)
    assert list(pre_test.questions.order_by("position")) == [second, first]
    copy = builder.question_duplicate(actor=organiser, question=first)
    assert copy.options.filter(correct=True).count() == 1


def test_copy_from_another_event(pre_test, organiser):
    target = factories.EventFactory()
    assert builder.questionnaires_copy(actor=organiser, source=pre_test.event, event=target) == 1
    copied = target.questionnaires.get()
    assert copied.questions.count() == 2
    assert copied.code != pre_test.code


def test_admin_offers_no_path_to_answers():
    from django.contrib import admin

    for model in (Response, Answer, Submission):
        assert model not in admin.site._registry
