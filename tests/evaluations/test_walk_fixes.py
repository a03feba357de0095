"""Defects found by a browser walk of the running system: a pre-test
changed after the post-test, a re-send counted twice, a zero gain shown as
"—", English decimals in the charts and the score notice, long chart labels
cut at the left edge."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from evaluations import charts, report, selectors
from evaluations.errors import EvaluationError
from evaluations.models import QuestionKind, QuestionnaireKind, Submission
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories
from tests.evaluations.conftest import options_of, question_ids

pytestmark = pytest.mark.django_db

SPBE = "Apa kepanjangan SPBE?"
PILAR = "Pilar smart city?"


def _answers(questionnaire, *, right: bool) -> dict:
    ids, options = question_ids(questionnaire), options_of(questionnaire)
    if right:
        return {
            ids[SPBE]: options[SPBE]["Sistem Pemerintahan Berbasis Elektronik"],
            ids[PILAR]: [options[PILAR]["Smart governance"], options[PILAR]["Smart economy"]],
        }
    return {
        ids[SPBE]: options[SPBE]["Sistem Pemerintahan Berbasis Elektronik"],
        ids[PILAR]: [options[PILAR]["Smart parking lot"]],
    }


@pytest.fixture
def post_test(organiser, event, pre_test):
    """The post-test asks the pre-test's questions."""
    return builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.POST_TEST, bank_pre_test=True
    )


def _ticket(client, registration):
    return client.get(reverse("participants:ticket_detail", kwargs={"pk": registration.pk}))


def _answer_url(registration, questionnaire, name="evaluations:answer"):
    return reverse(name, kwargs={"pk": registration.pk, "questionnaire": questionnaire.pk})


# 1. The pre-test closes once the post-test is begun --------------------------


def test_pre_test_closed_once_post_test_is_sent(client, pre_test, post_test, registration):
    answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=_answers(pre_test, right=False)
    )
    client.force_login(registration.participant.user)
    assert "Ubah jawaban" in _ticket(client, registration).text
    answering.submission_submit(
        questionnaire=post_test, registration=registration, answers=_answers(post_test, right=True)
    )

    for service in (answering.answer_save, answering.submission_submit):
        with pytest.raises(EvaluationError) as refused:
            service(
                questionnaire=pre_test,
                registration=registration,
                answers=_answers(pre_test, right=True),
            )
        assert refused.value.code == "pre_test_closed"
    assert Submission.objects.get(questionnaire=pre_test).score == 50

    ticket = _ticket(client, registration)
    panel = ticket.text.split('data-testid="evaluation-pre_test"')[1].split("</li>")[0]
    assert "Ubah jawaban" not in panel
    assert 'data-testid="pre-test-closed"' in panel

    page = client.get(_answer_url(registration, pre_test))
    assert "post-test sudah Anda mulai" in page.text
    assert 'data-autosave="' not in page.text and "<fieldset disabled" in page.text
    sent = client.post(
        _answer_url(registration, pre_test),
        {f"q{k}": v for k, v in _answers(pre_test, right=True).items()} | {"submit": "1"},
    )
    assert sent.status_code == 400
    assert "post-test sudah Anda mulai" in sent.text
    autosave = client.post(
        _answer_url(registration, pre_test, "evaluations:save"),
        {"answers": {str(k): v for k, v in _answers(pre_test, right=True).items()}},
        content_type="application/json",
    )
    assert autosave.status_code == 400 and autosave.json()["code"] == "pre_test_closed"
    assert Submission.objects.get(questionnaire=pre_test).score == 50


def test_pre_test_closed_by_a_saved_post_test_answer(pre_test, post_test, registration):
    answering.answer_save(
        questionnaire=pre_test, registration=registration, answers=_answers(pre_test, right=False)
    )
    ids = question_ids(post_test)
    answering.answer_save(
        questionnaire=post_test,
        registration=registration,
        answers={ids[SPBE]: options_of(post_test)[SPBE]["Sistem Pemerintahan Berbasis Elektronik"]},
    )
    with pytest.raises(EvaluationError, match="post-test"):
        answering.submission_submit(questionnaire=pre_test, registration=registration)


def test_pre_test_stays_open_for_others_and_without_post_test_answers(
    client, pre_test, post_test, registration, event
):
    other = factories.RegistrationFactory(event=event)
    answering.submission_submit(
        questionnaire=post_test, registration=other, answers=_answers(post_test, right=True)
    )
    # An empty save (nothing answered) does not begin the post-test.
    answering.answer_save(questionnaire=post_test, registration=registration, answers={})
    answering.submission_submit(
        questionnaire=pre_test, registration=registration, answers=_answers(pre_test, right=True)
    )
    client.force_login(registration.participant.user)
    assert "Ubah jawaban" in _ticket(client, registration).text


# 2. and 3. Results page: distinct submissions, one average gain ---------------


def test_results_count_people_and_show_a_zero_gain(client, organiser, pre_test, post_test, event):
    registration = factories.RegistrationFactory(event=event)
    for _ in range(2):  # sent, then sent again with the same answers
        answering.submission_submit(
            questionnaire=pre_test,
            registration=registration,
            answers=_answers(pre_test, right=True),
        )
    answering.submission_submit(
        questionnaire=post_test, registration=registration, answers=_answers(post_test, right=True)
    )
    client.force_login(organiser)
    page = client.get(reverse("evaluations:results", kwargs={"code": event.code})).text
    assert "(1 terkirim" in page and "(2 terkirim" not in page
    gain = re.search(r'data-testid="average-gain">([^<]*)<', page).group(1)
    assert gain == "0,0"
    assert "1 peserta mengikuti keduanya" in page

    results = report.event_results(event)
    assert results.gain == Decimal("0.0") and results.took_both == 1
    assert [a.answered for a in results.answered if a.questionnaire == pre_test] == [1]


def test_average_gain_only_of_those_who_took_both(pre_test, post_test, event):
    both = factories.RegistrationFactory(event=event)
    only_post = factories.RegistrationFactory(event=event)
    answering.submission_submit(
        questionnaire=pre_test, registration=both, answers=_answers(pre_test, right=False)
    )
    answering.submission_submit(
        questionnaire=post_test, registration=both, answers=_answers(post_test, right=True)
    )
    answering.submission_submit(
        questionnaire=post_test, registration=only_post, answers=_answers(post_test, right=False)
    )
    gains, _pre, _post, gain = selectors.score_gains(event)
    assert gain == Decimal("50.0")
    assert [g.registration for g in selectors.took_both(gains)] == [both]


# 4. Charts: the active language's decimals, labels cut at the end -------------


def test_chart_values_in_indonesian_and_long_labels_cut_at_the_end():
    long = "Dimensi smart city yang paling relevan untuk pemerintah kabupaten"
    with translation.override("id"):
        chart = charts.bar_chart([(long, 100.0, True), ("Pendek", 2, False)], unit="%")
    first, second = chart["bars"]
    assert first.value == "100,0%" and second.value == "2%"
    assert first.label.startswith("Dimensi smart city") and first.label.endswith("…")
    assert charts.text_width(first.label) <= chart["label_x"]
    assert first.full_label == long and second.label == "Pendek"
    assert charts.fit_label("W" * 60).endswith("…")
    assert charts.text_width(charts.fit_label("W" * 60)) <= charts.LABEL_ROOM


def test_results_chart_keeps_the_full_label_in_a_title(client, organiser, event):
    long = "Dimensi smart city yang paling relevan untuk pemerintah kabupaten dan kota?"
    evaluation = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.PRE_TEST
    )
    builder.question_add(
        actor=organiser,
        questionnaire=evaluation,
        kind=QuestionKind.SINGLE,
        text="Pilih satu",
        options=f"*{long}\nLainnya",
    )
    registration = factories.RegistrationFactory(event=event)
    question = evaluation.questions.get()
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={question.pk: question.options.get(text=long).pk},
    )
    client.force_login(organiser)
    page = client.get(reverse("evaluations:results", kwargs={"code": event.code})).text
    assert f"<title>{long}</title>" in page
    assert re.search(r">Dimensi smart city[^<]*…</text>", page)
    assert "100,0" in page and "100.0" not in page


# 5. The score notice in the active language ----------------------------------


def test_score_notice_uses_indonesian_decimals(client, pre_test, registration):
    client.force_login(registration.participant.user)
    response = client.post(
        _answer_url(registration, pre_test),
        {f"q{k}": v for k, v in _answers(pre_test, right=False).items()} | {"submit": "1"},
        follow=True,
    )
    assert "Nilai Anda: 50,0 dari 100." in response.text
    assert "50.0" not in response.text
