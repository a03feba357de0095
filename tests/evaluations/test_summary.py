"""The one-page PDF summary and the archive's evaluation tables."""

import pypdf
import pytest
from django.urls import reverse

from evaluations.models import QuestionKind, QuestionnaireKind
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories
from tests.evaluations.conftest import question_ids

pytestmark = pytest.mark.django_db


def _answered_event(organiser):
    event = factories.EventFactory()
    factories.SessionFactory(event=event, speakers="Dr. Andi Wijaya")
    speakers = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.SPEAKERS
    )
    builder.speaker_blocks_generate(actor=organiser, questionnaire=speakers)
    registration = factories.RegistrationFactory(event=event)
    answering.submission_submit(
        questionnaire=speakers,
        registration=registration,
        answers=dict.fromkeys(question_ids(speakers).values(), 4),
    )
    evaluation = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.EVENT, anonymous=True
    )
    builder.question_add(
        actor=organiser, questionnaire=evaluation, kind=QuestionKind.LIKERT, text="Konsumsi"
    )
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={question_ids(evaluation)["Konsumsi"]: 5},
    )
    return event, registration


def test_summary_pdf_one_page_with_speaker_and_no_names(client, organiser, tmp_path):
    event, registration = _answered_event(organiser)
    client.force_login(organiser)
    response = client.get(reverse("evaluations:summary", kwargs={"code": event.code}))
    assert response.status_code == 200
    path = tmp_path / "summary.pdf"
    path.write_bytes(response.content)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Dr. Andi Wijaya" in text and "4,0" in text and "4.0" not in text
    assert registration.participant.full_name not in text


def test_archive_holds_results_without_names(organiser):
    from archive.tables import TABLES, Context

    event, registration = _answered_event(organiser)
    table = next(t for t in TABLES if t.name == "12_evaluasi_hasil")
    rows = list(table.rows(Context.for_event(event)))
    assert any(row[3] == "Dr. Andi Wijaya" for row in rows)
    flat = [str(value) for row in rows for value in row]
    assert registration.participant.full_name not in flat
