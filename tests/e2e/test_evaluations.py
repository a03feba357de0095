"""Done when (issue 19): on a phone, a participant
takes the pre-test, attends, takes the post-test and the evaluation, and the
certificate becomes available only then; the organiser sees the charts and
downloads the XLSX and the PDF summary (rendered to PNG and checked for
the chart)."""

import pypdfium2
import pytest
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import expect

from evaluations.models import QuestionKind, QuestionnaireKind, Submission
from evaluations.services import questionnaires as builder
from tests import factories
from tests.e2e.conftest import sign_in


@pytest.fixture
def world(db):
    organiser = factories.organiser_user(email="panitia-eval@example.org")
    settings = factories.CertificateSettingsFactory()
    event = settings.event
    session = factories.SessionFactory(event=event, speakers="Dr. Andi Wijaya")
    pre = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.PRE_TEST
    )
    builder.question_add(
        actor=organiser,
        questionnaire=pre,
        kind=QuestionKind.SINGLE,
        text="Apa kepanjangan SPBE?",
        options="*Sistem Pemerintahan Berbasis Elektronik\nSistem Pelayanan Berbasis Email",
    )
    builder.questionnaire_create(
        actor=organiser,
        event=event,
        kind=QuestionnaireKind.POST_TEST,
        bank_pre_test=True,
        required_for_certificate=True,
        min_score=50,
    )
    evaluation = builder.questionnaire_create(
        actor=organiser,
        event=event,
        kind=QuestionnaireKind.EVENT,
        anonymous=True,
        required_for_certificate=True,
    )
    builder.question_add(
        actor=organiser,
        questionnaire=evaluation,
        kind=QuestionKind.LIKERT,
        text="Materi bermanfaat",
    )
    builder.question_add(
        actor=organiser,
        questionnaire=evaluation,
        kind=QuestionKind.LONG_TEXT,
        text="Saran",
        required=False,
    )
    participant = factories.participant_user(email="peserta-eval@example.org")
    registration = factories.RegistrationFactory(event=event, participant__user=participant)
    return {
        "organiser": organiser,
        "event": event,
        "session": session,
        "participant": participant,
        "registration": registration,
    }


def _take(page, kind, choose):
    page.get_by_test_id(f"evaluation-{kind}").get_by_test_id("evaluation-open").click()
    choose(page)
    page.get_by_test_id("evaluation-submit").click()
    expect(page.get_by_test_id(f"evaluation-{kind}")).to_contain_text("Sudah diisi", timeout=30_000)


@pytest.mark.django_db(transaction=True)
def test_participant_evaluates_on_phone_then_gets_certificate(new_context, live_server, world):
    registration = world["registration"]
    context = new_context(phone=True)
    context.set_default_timeout(30_000)  # a shared 2-core machine: slow first pages
    sign_in(context, world["participant"], live_server)
    page = context.new_page()
    ticket = f"/tickets/{registration.pk}/"
    page.goto(ticket)

    _take(page, "pre_test", lambda p: p.get_by_label("Sistem Pelayanan Berbasis Email").check())
    expect(page.get_by_test_id("evaluation-pre_test")).to_contain_text("Nilai 0")

    factories.CheckInFactory(registration=registration, session=world["session"])
    page.reload()
    expect(page.get_by_test_id("certificate-reason")).to_contain_text("Kehadiran sudah memenuhi")

    def right(p):
        p.get_by_label("Sistem Pemerintahan Berbasis Elektronik").check()
        # saved as it goes: the server has it before "Send"
        expect(p.locator("[data-autosave-status]")).to_have_text("Tersimpan.")

    _take(page, "post_test", right)
    assert Submission.objects.get(questionnaire__kind="post_test").score == 100
    expect(page.get_by_test_id("certificate-reason")).to_be_visible()

    def evaluate(p):
        expect(p.get_by_test_id("anonymous-notice")).to_be_visible()
        p.locator("label[for$='-4']").first.click()
        p.get_by_role("textbox").fill("Tambah sesi praktik")

    _take(page, "event", evaluate)
    expect(page.get_by_test_id("certificate-download")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_organiser_sees_charts_and_downloads_xlsx_and_pdf(
    new_context, live_server, world, tmp_path
):
    from evaluations.services import answers as answering

    pre = world["event"].questionnaires.get(kind=QuestionnaireKind.PRE_TEST)
    question = pre.questions.get()
    answering.submission_submit(
        questionnaire=pre,
        registration=world["registration"],
        answers={question.pk: question.options.get(correct=True).pk},
    )
    context = new_context(accept_downloads=True)
    context.set_default_timeout(30_000)
    sign_in(context, world["organiser"], live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{world['event'].code}/evaluations/results/")
    expect(page.get_by_test_id("gain-section").get_by_test_id("chart")).to_be_visible()
    expect(page.get_by_test_id("results-pre_test").get_by_test_id("chart").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("evaluation-export").click()
    with open(download.value.path(), "rb") as file:
        book = load_workbook(file)
    assert "Nilai" in book.sheetnames

    with page.expect_download() as download:
        page.get_by_test_id("evaluation-summary").click()
    document = pypdfium2.PdfDocument(download.value.path())
    try:
        assert len(document) == 1
        image = document[0].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    png = tmp_path / "summary.png"
    image.save(png)
    # the pre-test's average (100) drawn as a bar in the chart's blue (#0d6efd)
    data = Image.open(png).convert("RGB").tobytes()
    blue = sum(
        1
        for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True)
        if abs(r - 13) < 20 and abs(g - 110) < 20 and abs(b - 253) < 20
    )
    assert blue > 5_000


def test_organiser_compares_pre_and_post_test_per_topic(new_context, live_server, tmp_path):
    """Separate question banks linked by topic: the results page shows the
    share of right answers per topic before and after, and each person's
    improvement."""
    from evaluations.services import answers as answering

    organiser = factories.organiser_user(email="panitia-prepost@example.org")
    event = factories.EventFactory(title="Bimtek Arsitektur SPBE")
    tests = {}
    for kind, questions in (
        (
            QuestionnaireKind.PRE_TEST,
            [
                ("Apa kepanjangan SPBE?", "Arsitektur SPBE"),
                ("Ciri e-mail phishing?", "Keamanan informasi"),
                ("Apa fungsi API?", "Interoperabilitas"),
            ],
        ),
        (
            QuestionnaireKind.POST_TEST,
            [
                ("Sebutkan domain arsitektur SPBE.", "arsitektur spbe"),
                ("Tautan mana yang mencurigakan?", "Keamanan Informasi"),
                ("Format pertukaran data antarinstansi?", "Interoperabilitas"),
            ],
        ),
    ):
        tests[kind] = builder.questionnaire_create(actor=organiser, event=event, kind=kind)
        for text, topic in questions:
            builder.question_add(
                actor=organiser,
                questionnaire=tests[kind],
                kind=QuestionKind.SINGLE,
                text=text,
                options="*Jawaban benar\nJawaban salah",
                topic=topic,
            )
    names = ["Ani Lestari", "Budi Santoso", "Citra Dewi", "Dedi Kurniawan"]
    right = {
        QuestionnaireKind.PRE_TEST: [(0, 1, 0), (1, 1, 0), (0, 0, 1), (0, 1, 1)],
        QuestionnaireKind.POST_TEST: [(1, 1, 1), (1, 1, 1), (1, 0, 1), (1, 1, 0)],
    }
    for index, name in enumerate(names):
        registration = factories.RegistrationFactory(event=event, participant__full_name=name)
        for kind, questionnaire in tests.items():
            questions = list(questionnaire.questions.order_by("position"))
            answering.submission_submit(
                questionnaire=questionnaire,
                registration=registration,
                answers={
                    q.pk: q.options.get(correct=bool(ok)).pk
                    for q, ok in zip(questions, right[kind][index], strict=True)
                },
            )
    context = new_context()
    context.set_default_timeout(30_000)
    sign_in(context, organiser, live_server)
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/organiser/events/{event.code}/evaluations/results/")

    section = page.get_by_test_id("comparison-section")
    expect(section.get_by_test_id("chart")).to_be_visible()
    topics = section.get_by_test_id("comparison-topics")
    expect(topics).to_contain_text("Arsitektur SPBE")
    expect(topics).to_contain_text("+75,0")  # 1 of 4 right before, 4 of 4 after
    section.get_by_test_id("comparison-people").locator("summary").click()
    expect(section.get_by_test_id("comparison-people")).to_contain_text("Dedi Kurniawan")
    expect(section.get_by_test_id("comparison-people")).to_contain_text("+33,3")
    section.screenshot(path=str(tmp_path / "evaluations-pre-post.png"))
