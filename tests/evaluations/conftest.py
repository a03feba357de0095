import pytest

from evaluations.models import QuestionKind, QuestionnaireKind
from evaluations.services import questionnaires as builder
from tests import factories


@pytest.fixture
def pre_test(organiser, event):
    questionnaire = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.PRE_TEST
    )
    builder.question_add(
        actor=organiser,
        questionnaire=questionnaire,
        kind=QuestionKind.SINGLE,
        text="Apa kepanjangan SPBE?",
        options="*Sistem Pemerintahan Berbasis Elektronik\nSistem Pelayanan Berbasis Email",
    )
    builder.question_add(
        actor=organiser,
        questionnaire=questionnaire,
        kind=QuestionKind.MULTIPLE,
        text="Pilar smart city?",
        options="*Smart governance\n*Smart economy\nSmart parking lot",
    )
    return questionnaire


@pytest.fixture
def evaluation(organiser, event):
    questionnaire = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.EVENT, anonymous=True
    )
    builder.question_add(
        actor=organiser,
        questionnaire=questionnaire,
        kind=QuestionKind.LIKERT,
        text="Materi bermanfaat.",
    )
    builder.question_add(
        actor=organiser,
        questionnaire=questionnaire,
        kind=QuestionKind.LONG_TEXT,
        text="Saran",
        required=False,
    )
    return questionnaire


@pytest.fixture
def registration(event):
    return factories.RegistrationFactory(
        event=event, participant__user=factories.participant_user()
    )


def options_of(questionnaire):
    """{question text: {option text: id}}."""
    return {
        q.text: {o.text: o.pk for o in q.options.all()}
        for q in questionnaire.question_source.questions.all()
    }


def question_ids(questionnaire):
    return {q.text: q.pk for q in questionnaire.question_source.questions.all()}
