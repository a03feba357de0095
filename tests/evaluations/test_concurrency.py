"""Two tabs (or a double tap) sending the same questionnaire at once: one
submission, one response. Real threads against PostgreSQL, each with its
own connection."""

import threading

import pytest
from django.db import close_old_connections, connection

from evaluations.errors import EvaluationError
from evaluations.models import Answer, QuestionKind, QuestionnaireKind, Response, Submission
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TABS = 6


def _in_threads(work, count):
    barrier = threading.Barrier(count)
    errors = []

    def target(index):
        try:
            barrier.wait()
            work(index)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()
    return errors


def _questionnaire(kind, **fields):
    event = factories.EventFactory()
    questionnaire = builder.questionnaire_create(actor=None, event=event, kind=kind, **fields)
    question = builder.question_add(
        actor=None, questionnaire=questionnaire, kind=QuestionKind.LIKERT, text="Puas?"
    )
    registration = factories.RegistrationFactory(event=event)
    return questionnaire, question, registration


def test_tabs_sending_at_once_make_one_submission():
    questionnaire, question, registration = _questionnaire(QuestionnaireKind.EVENT)

    errors = _in_threads(
        lambda i: answering.submission_submit(
            questionnaire=questionnaire,
            registration=registration,
            answers={question.pk: 1 + i % 5},
        ),
        TABS,
    )

    assert errors == []
    assert Submission.objects.filter(questionnaire=questionnaire).count() == 1
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1
    assert Answer.objects.filter(question=question).count() == 1


def test_anonymous_tabs_sending_at_once_make_one_response():
    questionnaire, question, registration = _questionnaire(QuestionnaireKind.EVENT, anonymous=True)

    errors = _in_threads(
        lambda i: answering.submission_submit(
            questionnaire=questionnaire, registration=registration, answers={question.pk: 4}
        ),
        TABS,
    )

    assert all(isinstance(e, EvaluationError) and e.code == "already_submitted" for e in errors)
    assert len(errors) == TABS - 1
    assert Submission.objects.filter(questionnaire=questionnaire).count() == 1
    assert Response.objects.filter(questionnaire=questionnaire).count() == 1
