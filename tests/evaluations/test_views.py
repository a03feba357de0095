"""Pages of evaluations: the builder (organisers of the event's team), the
answer page and its autosave (the ticket's holder), the results and export."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import QuestionnaireKind, Response, Submission
from evaluations.services import answers as answering
from tests import factories
from tests.evaluations.conftest import options_of, question_ids

pytestmark = pytest.mark.django_db


def _answer_url(registration, questionnaire, name="evaluations:answer"):
    return reverse(name, kwargs={"pk": registration.pk, "questionnaire": questionnaire.pk})


def test_organiser_creates_questionnaire_and_adds_question(client, organiser, event):
    client.force_login(organiser)
    response = client.post(
        reverse("evaluations:organiser_list", kwargs={"code": event.code}),
        {"kind": QuestionnaireKind.PRE_TEST},
    )
    questionnaire = event.questionnaires.get()
    assert response.status_code == 302
    url = reverse("evaluations:question_add", kwargs={"code": event.code, "pk": questionnaire.pk})
    refused = client.post(url, {"kind": "single", "text": "Ibu kota Kepri?", "options": "a\nb"})
    assert refused.status_code == 200
    assert "*" in refused.text and questionnaire.questions.count() == 0
    client.post(
        url, {"kind": "single", "text": "Ibu kota Kepri?", "options": "*Tanjungpinang\nBatam"}
    )
    assert questionnaire.questions.get().options.filter(correct=True).count() == 1


def test_other_team_organiser_gets_404_or_403(client, pre_test):
    other = factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")])
    client.force_login(other)
    url = reverse(
        "evaluations:organiser_detail", kwargs={"code": pre_test.event.code, "pk": pre_test.pk}
    )
    assert client.get(url).status_code in (403, 404)


def test_participant_answers_and_sees_score(client, pre_test, registration):
    client.force_login(registration.participant.user)
    ids, options = question_ids(pre_test), options_of(pre_test)
    page = client.get(_answer_url(registration, pre_test))
    assert page.status_code == 200 and "Apa kepanjangan SPBE?" in page.text
    response = client.post(
        _answer_url(registration, pre_test),
        {
            f"q{ids['Apa kepanjangan SPBE?']}": options["Apa kepanjangan SPBE?"][
                "Sistem Pemerintahan Berbasis Elektronik"
            ],
            f"q{ids['Pilar smart city?']}": [options["Pilar smart city?"]["Smart governance"]],
            "submit": "1",
        },
        follow=True,
    )
    assert "50,0" in response.text or "50.0" in response.text
    assert Submission.objects.get().score == 50


def test_autosave_keeps_answers_and_refuses_foreign_option(client, pre_test, registration):
    client.force_login(registration.participant.user)
    ids, options = question_ids(pre_test), options_of(pre_test)
    url = _answer_url(registration, pre_test, "evaluations:save")
    question = ids["Apa kepanjangan SPBE?"]
    ok = client.post(
        url,
        json.dumps(
            {
                "answers": {
                    question: options["Apa kepanjangan SPBE?"]["Sistem Pelayanan Berbasis Email"]
                }
            }
        ),
        content_type="application/json",
    )
    assert ok.json() == {"ok": True}
    bad = client.post(
        url, json.dumps({"answers": {question: 999999}}), content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_option"
    malformed = client.post(url, "{", content_type="application/json")
    assert malformed.status_code == 400
    page = client.get(_answer_url(registration, pre_test))
    assert "checked" in page.text


def test_someone_elses_ticket_is_404(client, pre_test, registration):
    stranger = factories.RegistrationFactory(
        event=pre_test.event, participant__user=factories.participant_user()
    )
    client.force_login(stranger.participant.user)
    assert client.get(_answer_url(registration, pre_test)).status_code == 404


def test_ticket_page_shows_questionnaires(client, pre_test, registration):
    client.force_login(registration.participant.user)
    page = client.get(reverse("participants:ticket_detail", kwargs={"pk": registration.pk}))
    assert 'data-testid="evaluation-panel"' in page.text
    assert _answer_url(registration, pre_test) in page.text


def test_qr_link_leads_to_own_questionnaire(client, pre_test, registration):
    client.force_login(registration.participant.user)
    response = client.get(reverse("evaluations:link", kwargs={"code": pre_test.code}))
    assert response["Location"] == _answer_url(registration, pre_test)


def test_anonymous_results_and_export_name_nobody(client, organiser, evaluation, registration):
    registration.participant.full_name = "Rahasia Sekali"
    registration.participant.save()
    ids = question_ids(evaluation)
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={ids["Materi bermanfaat."]: 4, ids["Saran"]: '=HYPERLINK("x")'},
    )
    client.force_login(organiser)
    code = evaluation.event.code
    page = client.get(reverse("evaluations:results", kwargs={"code": code}))
    assert page.status_code == 200 and 'data-testid="chart"' in page.text
    assert "Rahasia Sekali" not in page.text
    export = client.get(reverse("evaluations:export", kwargs={"code": code}))
    book = load_workbook(io.BytesIO(export.content))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row]
    assert "Rahasia Sekali" not in cells
    assert '=HYPERLINK("x")' in cells  # written as text, never a formula
    assert Response.objects.get().submission_id is None


def test_results_page_query_count_flat(client, organiser, pre_test, django_assert_max_num_queries):
    client.force_login(organiser)
    url = reverse("evaluations:results", kwargs={"code": pre_test.event.code})
    for _ in range(3):
        registration = factories.RegistrationFactory(event=pre_test.event)
        ids, options = question_ids(pre_test), options_of(pre_test)
        answering.submission_submit(
            questionnaire=pre_test,
            registration=registration,
            answers={
                ids["Apa kepanjangan SPBE?"]: options["Apa kepanjangan SPBE?"][
                    "Sistem Pemerintahan Berbasis Elektronik"
                ],
                ids["Pilar smart city?"]: [options["Pilar smart city?"]["Smart economy"]],
            },
        )
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200
