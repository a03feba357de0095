"""The record page: the person's own record, nobody else's."""

import datetime as dt

import pytest
from django.urls import reverse

from certificates import services
from tests import factories
from tests.competency.test_selectors import attended_event

pytestmark = pytest.mark.django_db
URL = reverse("competency:record")


def test_participant_sees_their_events_jp_numbers_and_downloads(client, organiser):
    user = factories.participant_user()
    today = dt.date.today()
    first = attended_event(user, start=today, sessions=4, attended=4, title="Bimtek Smart City")
    second = attended_event(user, start=today, sessions=7, attended=5, title="Bimtek SPBE")
    numbers = [
        services.certificate_issue(actor=organiser, registration=r).number for r in (first, second)
    ]
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Bimtek Smart City" in page and "Bimtek SPBE" in page
    assert all(number in page for number in numbers)
    assert "18 JP" in page
    assert reverse("certificates:ticket", args=[first.pk]) in page


def test_other_peoples_events_do_not_show(client, organiser):
    user, other = factories.participant_user(), factories.participant_user()
    registration = attended_event(
        other, start=dt.date.today(), sessions=2, attended=2, title="Bimtek Orang Lain"
    )
    services.certificate_issue(actor=organiser, registration=registration)
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Bimtek Orang Lain" not in page


@pytest.mark.parametrize("role", ["anonymous", "door_staff", "organiser"])
def test_only_participants_open_the_record(client, user_for_role, role):
    user = user_for_role(role)
    if user is not None:
        client.force_login(user)

    response = client.get(URL)

    if role == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 403


def test_participant_menu_links_to_the_record(client):
    user = factories.participant_user()
    client.force_login(user)

    page = client.get(reverse("participants:ticket_list")).content.decode()

    assert URL in page
