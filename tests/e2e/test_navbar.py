"""The top bar: a participant reaches "My data" from the user menu."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests import factories
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"viewport": {"width": 1280, "height": 800}}
SHOTS = os.environ.get("BIMTEK_SHOTS")  # a folder to keep screenshots in, to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"))


def _users():
    superuser = factories.UserFactory(is_superuser=True, is_staff=True)
    factories.ParticipantFactory(user=superuser, email=superuser.email)
    participant = factories.participant_user()
    factories.ParticipantFactory(user=participant, email=participant.email)
    return {
        "superuser": superuser,
        "organiser": factories.organiser_user(),
        "door": factories.UserFactory(roles=[Role.DOOR_STAFF]),
        "participant": participant,
    }


@pytest.mark.parametrize("phone", [False, True], ids=["1280", "phone"])
def test_a_participant_reaches_my_data_from_the_user_menu(new_context, live_server, phone):
    participant = _users()["participant"]
    context = new_context(**({"phone": True} if phone else LAPTOP))
    sign_in(context, participant, live_server)
    page = context.new_page()
    page.goto("/")

    if phone:
        page.get_by_role("button", name="Menu").click()
    page.get_by_test_id("user-menu").click()
    menu = page.locator(".dropdown-menu.show")
    expect(menu.get_by_role("link", name="Profil saya")).to_be_visible()
    _shot(page, f"user-menu-participant-{'phone' if phone else '1280'}")
    menu.get_by_role("link", name="Data saya").click()

    expect(page).to_have_url(f"{live_server.url}/my-data/")
    expect(page.get_by_role("heading", name="Data saya", level=1)).to_be_visible()
