"""A newcomer logs in with each demo role, in Bahasa Indonesia, on a phone."""

import re

import pytest
from playwright.sync_api import expect

from demo.seed import seed_demo

# role -> (where the login lands, the navigation entries it shows)
EXPECTED = {
    "superuser": ("/organiser/", ["Kelola kegiatan", "Registrasi ulang", "Tiket saya"]),
    "organiser": ("/organiser/", ["Kelola kegiatan", "Registrasi ulang"]),
    "door_supervisor": ("/door/", ["Registrasi ulang"]),
    "door_steward": ("/door/", ["Registrasi ulang"]),
    "participant": ("/tickets/", ["Tiket saya"]),
}
ALL_ENTRIES = {"Kelola kegiatan", "Registrasi ulang", "Tiket saya"}


@pytest.mark.django_db(transaction=True)
def test_each_demo_role_logs_in_in_bahasa_indonesia(new_context, live_server):
    logins = seed_demo().logins

    for role, email, password in logins:
        page = new_context(phone=True).new_page()
        page.goto("/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.get_by_role("heading", name="Masuk")).to_be_visible()

        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(password)
        page.get_by_role("button", name="Masuk", exact=True).click()

        landing, entries = EXPECTED[role]
        expect(page).to_have_url(re.compile(re.escape(landing) + "$"))
        page.get_by_role("button", name="Menu").click()
        nav = page.get_by_test_id("nav-role-items")
        for entry in entries:
            expect(nav.get_by_role("link", name=entry, exact=True)).to_be_visible()
        for entry in ALL_ENTRIES - set(entries):
            expect(nav.get_by_role("link", name=entry, exact=True)).to_have_count(0)
        page.context.close()
