"""The top bar at a laptop's 1280×800 and a phone's 360×740, for each role:
every entry on one line (a superuser has the most), and a participant reaches
"My data" from the user menu."""

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


def _lines(page) -> list[tuple[str, int]]:
    """(text, lines) of every visible entry of the bar: its height without
    padding over its line height."""
    return page.locator(".navbar .nav-link, .navbar .navbar-brand").evaluate_all(
        """links => links.filter(link => link.offsetParent !== null).map(link => {
            const style = getComputedStyle(link);
            const inner = link.getBoundingClientRect().height
                - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            return [link.textContent.trim(), Math.round(inner / parseFloat(style.lineHeight))];
        })"""
    )


# Who sees the entries in a row at 1280 px, and who under "Menu" (a
# superuser's six entries do not fit a row: accounts.navigation).
FOLDED_AT_1280 = {"superuser"}


def test_every_role_s_bar_holds_on_one_line_at_1280_and_on_a_phone(new_context, live_server):
    for role, user in _users().items():
        for size, options in (("1280", LAPTOP), ("phone", {"phone": True})):
            context = new_context(**options)
            sign_in(context, user, live_server)
            page = context.new_page()
            page.goto("/")
            toggler = page.get_by_role("button", name="Menu")
            folded = size == "phone" or role in FOLDED_AT_1280
            if folded:
                toggler.click()
                expect(page.locator("#main-nav.show")).to_be_visible()
                expect(page.locator("#main-nav.collapsing")).to_have_count(0)
            else:
                expect(toggler).to_be_hidden()
                bar = page.locator("nav.navbar").bounding_box()
                # One row: the brand, the entries and the user menu side by side.
                assert bar["height"] < 80, f"{role} at 1280: the bar is {bar['height']} px high"
            _shot(page, f"nav-{role}-{size}")
            entries = _lines(page)
            assert len(entries) >= 3, (role, size, entries)  # brand, events, user menu
            for text, lines in entries:
                assert lines == 1, f"{role} at {size}: {text!r} wraps onto {lines} lines"
            context.close()


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
