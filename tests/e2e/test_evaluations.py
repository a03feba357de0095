"""Done when (issue 19, without the PDF summary): on a phone, a participant
takes the pre-test, attends, takes the post-test and the evaluation, and the
certificate becomes available only then; the organiser sees the charts and
downloads the XLSX."""

import pytest
from openpyxl import load_workbook
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
    expect(page.get_by_test_id(f"evaluation-{kind}")).to_contain_text("Sudah diisi")


@pytest.mark.django_db(transaction=True)
def test_participant_evaluates_on_phone_then_gets_certificate(new_context, live_server, world):
    registration = world["registration"]
    context = new_context(phone=True)
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
def test_organiser_sees_charts_and_downloads_xlsx(new_context, live_server, world):
    from evaluations.services import answers as answering

    pre = world["event"].questionnaires.get(kind=QuestionnaireKind.PRE_TEST)
    question = pre.questions.get()
    answering.submission_submit(
        questionnaire=pre,
        registration=world["registration"],
        answers={question.pk: question.options.get(correct=True).pk},
    )
    context = new_context(accept_downloads=True)
    sign_in(context, world["organiser"], live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{world['event'].code}/evaluations/results/")
    expect(page.get_by_test_id("gain-section").get_by_test_id("chart")).to_be_visible()
    expect(page.get_by_test_id("results-pre_test").get_by_test_id("chart").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("evaluation-export").click()
    book = load_workbook(download.value.path())
    assert "Nilai" in book.sheetnames
