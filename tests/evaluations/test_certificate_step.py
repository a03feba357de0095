"""The certificate's extra step: a required evaluation or a post-test with
a minimum score (certificates.extensions.eligibility_steps)."""

import pytest

from certificates import selectors
from certificates.models import CertificateJob
from certificates.selectors import Reason
from certificates.services.jobs import certificate_job_run, certificate_job_start
from evaluations.models import QuestionKind, QuestionnaireKind
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories
from tests.evaluations.conftest import question_ids

pytestmark = pytest.mark.django_db


class _NoQueue:
    def enqueue(self, *, job_id):
        return None


@pytest.fixture
def setup(organiser):
    settings = factories.CertificateSettingsFactory()
    event = settings.event
    session = factories.SessionFactory(event=event)
    evaluation = builder.questionnaire_create(
        actor=organiser,
        event=event,
        kind=QuestionnaireKind.EVENT,
        anonymous=True,
        required_for_certificate=True,
    )
    builder.question_add(
        actor=organiser, questionnaire=evaluation, kind=QuestionKind.LIKERT, text="Puas?"
    )
    registration = factories.RegistrationFactory(event=event)
    factories.CheckInFactory(registration=registration, session=session)
    return event, evaluation, registration


def test_attendance_without_evaluation_is_not_enough(setup):
    _event, _evaluation, registration = setup
    progress = selectors.eligibility_for_registration(registration)
    assert not progress.eligible
    assert progress.reason == Reason.STEPS_PENDING
    assert [s.label for s in progress.steps_pending] == [_evaluation.title]


def test_evaluation_sent_makes_eligible(setup):
    _event, evaluation, registration = setup
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={question_ids(evaluation)["Puas?"]: 5},
    )
    progress = selectors.eligibility_for_registration(registration)
    assert progress.eligible
    assert selectors.certificate_availability(registration).available


def test_post_test_minimum_score(setup, organiser):
    event, evaluation, registration = setup
    evaluation.required_for_certificate = False
    evaluation.save()
    post = builder.questionnaire_create(
        actor=organiser,
        event=event,
        kind=QuestionnaireKind.POST_TEST,
        required_for_certificate=True,
        min_score=70,
    )
    question = builder.question_add(
        actor=organiser, questionnaire=post, kind=QuestionKind.SINGLE, text="?", options="*a\nb"
    )
    wrong = question.options.get(text="b").pk
    answering.submission_submit(
        questionnaire=post, registration=registration, answers={question.pk: wrong}
    )
    progress = selectors.eligibility_for_registration(registration)
    assert progress.reason == Reason.STEPS_PENDING
    assert "70" in progress.steps_pending[0].detail
    right = question.options.get(text="a").pk
    answering.submission_submit(
        questionnaire=post, registration=registration, answers={question.pk: right}
    )
    assert selectors.eligibility_for_registration(registration).eligible


def test_bulk_run_skips_those_without_evaluation(setup, organiser):
    event, evaluation, registration = setup
    done = factories.RegistrationFactory(event=event)
    factories.CheckInFactory(registration=done, session=event.sessions.first())
    answering.submission_submit(
        questionnaire=evaluation, registration=done, answers={question_ids(evaluation)["Puas?"]: 4}
    )
    job = certificate_job_start(actor=organiser, event=event, output="pdf", task=_NoQueue())
    certificate_job_run(job_id=job.pk)
    job = CertificateJob.objects.get(pk=job.pk)
    assert job.issued == 1
    rows = selectors.certificate_rows(
        event=event, settings=event.certificate_settings, filter_by="steps_pending"
    )
    assert [row.registration for row in rows] == [registration]


def test_speakers_are_not_asked(setup):
    event, _evaluation, _registration = setup
    speaker = factories.RegistrationFactory(event=event, role="narasumber")
    progress = selectors.eligibility_for_registration(speaker)
    assert progress.steps == ()
