"""A cloned event ("Tahap II") carries the questionnaires over, never the answers."""

import datetime as dt

import pytest

from bimtek.services.events import event_clone
from evaluations.models import Submission
from evaluations.services import answers as answering
from tests.evaluations.conftest import question_ids

pytestmark = pytest.mark.django_db


def test_clone_copies_questionnaires_with_moved_window_and_no_answers(
    organiser, pre_test, evaluation, registration
):
    event = pre_test.event
    pre_test.opens_at = dt.datetime(2026, 7, 8, 1, 0, tzinfo=dt.UTC)
    pre_test.save()
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={question_ids(evaluation)["Materi bermanfaat."]: 5},
    )
    clone = event_clone(
        actor=organiser,
        source=event,
        code="bimtek-tahap-2",
        title="Tahap II",
        start_date=event.start_date + dt.timedelta(days=7),
    )
    kinds = {q.kind: q for q in clone.questionnaires.all()}
    assert set(kinds) == {"pre_test", "event"}
    assert kinds["pre_test"].opens_at == pre_test.opens_at + dt.timedelta(days=7)
    assert kinds["pre_test"].questions.count() == 2
    assert kinds["event"].anonymous
    assert not Submission.objects.filter(questionnaire__event=clone).exists()
