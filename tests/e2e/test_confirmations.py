"""Destructive buttons ask first, on every page (js/confirm.js is in base.html)."""

import pytest
from playwright.sync_api import expect

from checkin.models import DoorDevice
from checkin.services.devices import door_device_create
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_revoking_a_device_key_asks_and_no_keeps_it(new_context, live_server):
    steward = factories.EventStaffFactory().user
    device, _key = door_device_create(user=steward, name="Pintu <utama>")
    context = new_context(phone=True)
    sign_in(context, steward, live_server)
    page = context.new_page()
    page.goto("/door/devices/")
    questions = []

    def answer(dialog, accept):
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.get_by_role("button", name="Cabut").click()
    page.wait_for_timeout(300)
    device.refresh_from_db()
    assert device.revoked_at is None

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Cabut").click()
    expect(page.get_by_role("button", name="Cabut")).to_have_count(0)

    assert questions == [questions[0]] * 2
    assert "Pintu <utama>" in questions[0]
    assert DoorDevice.objects.get().revoked_at is not None
