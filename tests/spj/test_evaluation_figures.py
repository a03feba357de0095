"""The evaluation's results in the laporan kegiatan (issues 19 and 21): the
participants' evaluation of the event, each narasumber's average, the pre-
and post-test averages and the gain, printed in the PDF and the Word file.
Evaluations sits below spj: spj registers the figures and reads them."""

import pytest

from evaluations.models import QuestionKind, QuestionnaireKind
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from spj import extensions
from spj.documents import evaluation, pack
from tests import factories
from tests.evaluations.conftest import options_of, question_ids
from tests.pdfscripts import needs_pdftotext, pdftotext
from tests.spj.test_documents import docx_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(spj_event, organiser):
    """Two participants: the event evaluation (anonymous) 4 and 5, and 3 and 4;
    the speakers' blocks all 5 and all 4; the pre-test 0 and 50, the
    post-test 100 and 100. A third participant answered nothing."""
    event = spj_event["event"]
    people = [factories.RegistrationFactory(event=event) for _ in range(3)]
    survey = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.EVENT, anonymous=True
    )
    for text in ("Materi bermanfaat", "Konsumsi"):
        builder.question_add(
            actor=organiser, questionnaire=survey, kind=QuestionKind.LIKERT, text=text
        )
    speakers = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.SPEAKERS
    )
    builder.speaker_blocks_generate(actor=organiser, questionnaire=speakers)
    tests = {}
    for kind in (QuestionnaireKind.PRE_TEST, QuestionnaireKind.POST_TEST):
        tests[kind] = builder.questionnaire_create(actor=organiser, event=event, kind=kind)
        for text in ("Kepanjangan SPBE?", "Ibu kota Kepri?"):
            builder.question_add(
                actor=organiser, questionnaire=tests[kind], kind=QuestionKind.SINGLE,
                text=text, options="*Benar\nSalah",
            )  # fmt: skip
    ids = question_ids(survey)
    for registration, (useful, food) in zip(people, [(4, 5), (3, 4)], strict=False):
        answering.submission_submit(
            questionnaire=survey,
            registration=registration,
            answers={ids["Materi bermanfaat"]: useful, ids["Konsumsi"]: food},
        )
    for registration, value in zip(people, [5, 4], strict=False):
        answering.submission_submit(
            questionnaire=speakers,
            registration=registration,
            answers=dict.fromkeys(
                speakers.question_source.questions.values_list("pk", flat=True), value
            ),
        )
    for kind, right in (
        (QuestionnaireKind.PRE_TEST, [0, 1]),
        (QuestionnaireKind.POST_TEST, [2, 2]),
    ):
        options = options_of(tests[kind])
        for registration, count in zip(people, right, strict=False):
            answers = {
                question: options[text]["Benar" if index < count else "Salah"]
                for index, (text, question) in enumerate(question_ids(tests[kind]).items())
            }
            answering.submission_submit(
                questionnaire=tests[kind], registration=registration, answers=answers
            )
    return event


def test_the_figures_say_who_answered_the_averages_and_the_gain(evaluated):
    rows = dict(evaluation.figures(evaluated))

    assert rows["Evaluasi penyelenggaraan: responden"] == "2 dari 3 peserta (66 %)"
    # (4 + 5 + 3 + 4) / 4
    assert rows["Evaluasi penyelenggaraan: rata-rata keseluruhan"] == "4,00 dari 5"
    assert rows["Evaluasi penyelenggaraan: Materi bermanfaat"] == "3,50 dari 5"
    assert rows["Narasumber: Dr. Budi Santoso (Kebijakan SPBE)"].startswith("4,50 dari 5")
    assert rows["Pre-test: rata-rata nilai"] == "25,0 dari 100"
    assert rows["Post-test: rata-rata nilai"] == "100,0 dari 100"
    assert rows["Peningkatan rata-rata (pre-test ke post-test)"] == (
        "+75,0 poin (2 peserta mengikuti keduanya)"
    )


def test_spj_registers_the_evaluation_figures():
    assert any(entry.rows is evaluation.figures for entry in extensions.report_figures.all())


def test_an_event_without_questionnaires_prints_no_evaluation(spj_event):
    assert evaluation.figures(spj_event["event"]) == []


@needs_pdftotext
def test_the_laporan_prints_the_results_in_pdf_and_word(evaluated):
    text = " ".join(
        pdftotext(pack.document(event=evaluated, kind="laporan_kegiatan", fmt="pdf")).split()
    )
    word = docx_text(pack.document(event=evaluated, kind="laporan_kegiatan", fmt="docx"))

    for printed in (text, word):
        assert "Evaluasi penyelenggaraan: rata-rata keseluruhan" in printed
        assert "4,00 dari 5" in printed
        assert "Narasumber: Rina Wulandari (Kebijakan SPBE)" in printed
        assert "+75,0 poin" in printed
