"""The organiser's participant list: bulk reject and cancel ask first, and
"select all N matching" takes every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_bulk_reject_asks_with_the_number_and_all_matching_takes_every_page(
    new_context, live_server
):
    event = factories.EventFactory()
    factories.RegistrationFactory.create_batch(52, event=event)  # two pages of 50
    context = new_context()
    sign_in(context, factories.organiser_user(), live_server)
    page = context.new_page()
    page.goto(reverse("participants:organiser_list", kwargs={"code": event.code}))
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.select_option("#bulk-action", "reject")
    page.locator('input[name="registrations"]').first.check()
    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_test_id("bulk-submit").click()
    page.wait_for_timeout(300)
    assert "(1)" in questions[0]
    assert not Registration.objects.filter(status=RegistrationStatus.REJECTED).exists()

    expect(page.get_by_text("Pilih semua 52 yang cocok")).to_be_visible()
    page.get_by_test_id("bulk-matching").check()
    expect(page.locator('input[name="registrations"]:checked')).to_have_count(50)
    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    with page.expect_navigation():
        page.get_by_test_id("bulk-submit").click()
    expect(page.get_by_test_id("registration-counts")).to_be_visible()

    assert "(52)" in questions[1]
    assert Registration.objects.filter(status=RegistrationStatus.REJECTED).count() == 52
