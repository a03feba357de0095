"""The organiser sees the automatic e-mails (issue 17, item 4): after some
registrations, the Messages tab lists "Konfirmasi pendaftaran" with its
sent count; its page shows each recipient."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participants.services.registrations import registration_create
from tests import factories
from tests.e2e.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_organiser_sees_the_registration_confirmations_and_a_recipient(new_context, live_server):
    event = factories.EventFactory(capacity=50)
    for name in ("Sari Wulandari", "Budi Santoso", "Rahmat Hidayat"):
        registration_create(
            event=event, participant=factories.ParticipantFactory(full_name=name)
        )  # committed: the worker (inline here) sends each confirmation
    context = new_context()
    sign_in(context, factories.organiser_user(), live_server)
    page = context.new_page()

    page.goto(reverse("broadcasts:list", kwargs={"code": event.code}))

    row = page.get_by_test_id("automatic-row").filter(has_text="Konfirmasi pendaftaran")
    expect(row.get_by_test_id("auto-sent")).to_have_text("3")
    expect(row.get_by_test_id("auto-failed")).to_have_text("0")
    row.get_by_test_id("automatic-link").click()

    expect(page.get_by_test_id("automatic-label")).to_have_text("Konfirmasi pendaftaran")
    recipient = page.get_by_test_id("delivery-row").filter(has_text="Sari Wulandari")
    expect(recipient.get_by_test_id("delivery-status")).to_have_text("Terkirim")
