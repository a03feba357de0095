"""The ticket's evaluation panel on a 360-px phone: the "Isi" and "Ubah
jawaban" buttons stay small, on their item's line, and line up on the right
(a walk found them oversized and misaligned)."""

import os

import pytest
from django.urls import reverse

from evaluations.models import QuestionKind, QuestionnaireKind
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories
from tests.e2e.conftest import sign_in


@pytest.fixture
def ticket(db):
    organiser = factories.organiser_user(email="panitia-panel@example.org")
    event = factories.EventFactory()
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
    registration = factories.RegistrationFactory(
        event=event, participant__user=factories.participant_user()
    )
    question = pre.questions.get()
    answering.submission_submit(
        questionnaire=pre,
        registration=registration,
        answers={question.pk: question.options.get(correct=True).pk},
    )
    return registration


def test_panel_buttons_small_and_aligned_on_a_phone(new_context, live_server, ticket):
    context = new_context(phone=True)
    sign_in(context, ticket.participant.user, live_server)
    page = context.new_page()
    page.goto(live_server.url + _ticket_url(ticket))
    panel = page.get_by_test_id("evaluation-panel")
    panel.scroll_into_view_if_needed()
    shot = os.environ.get("EVALUATION_PANEL_SCREENSHOT")
    if shot:
        panel.screenshot(path=shot)
    change = panel.get_by_test_id("evaluation-change").bounding_box()
    answer = panel.get_by_test_id("evaluation-open").bounding_box()
    viewport = page.viewport_size["width"]
    for kind, box in (("pre_test", change), ("post_test", answer)):
        assert 32 <= box["height"] <= 37  # tappable, not a 44-px slab
        assert box["width"] <= viewport / 2
        assert box["x"] + box["width"] <= viewport
        # On its item's line, right of the title (not wrapped below it).
        title = panel.get_by_test_id(f"evaluation-{kind}").locator("span").first.bounding_box()
        assert box["x"] >= title["x"] + title["width"]
    # One width, both on the right edge.
    assert abs(change["width"] - answer["width"]) <= 1
    assert abs((change["x"] + change["width"]) - (answer["x"] + answer["width"])) <= 1


def _ticket_url(registration):
    return reverse("participants:ticket_detail", kwargs={"pk": registration.pk})
