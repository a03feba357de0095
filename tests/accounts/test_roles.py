"""Each role sees its own navigation and gets 403 on the others' pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role

PAGES = {
    "organiser": "organiser:event_list",
    "door": "checkin:door_home",
    "tickets": "participants:ticket_list",
}
ALLOWED = {
    "participant": {"tickets"},
    "door_staff": {"door"},
    "organiser": {"organiser", "door"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["participant", "door_staff", "organiser"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_role_reaches_only_its_pages(client, user_for_role, role, page):
    client.force_login(user_for_role(role))

    response = client.get(reverse(PAGES[page]))

    assert response.status_code == (200 if page in ALLOWED[role] else 403)


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login(client, page):
    response = client.get(reverse(PAGES[page]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["participant", "door_staff", "organiser"])
def test_navigation_shows_only_the_roles_entries(client, user_for_role, role):
    client.force_login(user_for_role(role))

    response = client.get(reverse("events:home"))

    shown = {item.key for item in response.context["nav_items"]}
    # Entries of the apps above accounts: the record (participants), the JP
    # report (organisers); the HR viewer page needs a permission they lack.
    above = {"participant": {"competency"}, "organiser": {"competency_report"}}
    assert shown == ALLOWED[role] | above.get(role, set())
    for key in PAGES:
        assert (f'data-nav="{key}"' in response.text) == (key in ALLOWED[role])


@pytest.mark.django_db
def test_door_staff_of_another_event_is_not_door_staff_here(client, event):
    from tests.factories import EventFactory, EventStaffFactory

    other_event = EventFactory()
    other = EventStaffFactory(event=other_event).user
    client.force_login(other)

    response = client.get(reverse("checkin:door_home"))

    assert response.status_code == 200
    assert other_event.title in response.text
    assert event.title not in response.text


@pytest.mark.django_db
def test_role_groups_hold_explicit_permissions():
    perms = {
        role: set(Group.objects.get(name=role.value).permissions.values_list("codename", flat=True))
        for role in Role
    }

    assert {"add_event", "change_event", "view_registration"} <= perms[Role.ORGANISER]
    assert "change_event" not in perms[Role.DOOR_STAFF]
    assert perms[Role.PARTICIPANT] == {"add_registration"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["participant", "door_staff", "organiser"])
def test_the_user_menu_offers_my_profile_and_my_data_to_participants_only(
    client, user_for_role, role
):
    client.force_login(user_for_role(role))

    response = client.get(reverse("events:home"))

    shown = role == "participant"
    assert ('data-nav="profile"' in response.text) == shown
    own_data = f'href="{reverse("participants:own_data")}" data-nav="own_data"'
    assert (own_data in response.text) == shown


@pytest.mark.parametrize(
    ("count", "breakpoint"), [(0, "md"), (1, "md"), (2, "lg"), (3, "xl"), (4, "xl"), (6, "xxl")]
)
def test_the_bar_folds_under_menu_below_the_width_its_entries_need(count, breakpoint):
    from accounts.navigation import collapse_breakpoint

    assert collapse_breakpoint(count) == breakpoint
