"""The door entry of the navigation: "assigned to at least one event's door"
is read with the other permission facts (accounts.permission_facts), not by
a query of its own on every page, and a change is seen by the next page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from bimtek.models import EventStaff
from tests import factories

pytestmark = pytest.mark.django_db

DOOR_ENTRY = 'data-nav="door"'


def _own_eventstaff_reads(queries) -> int:
    table = connection.ops.quote_name("bimtek_eventstaff")
    return sum(
        1
        for query in queries
        if query["sql"].startswith("SELECT")
        and f"FROM {table}" in query["sql"]
        and "UNION ALL" not in query["sql"]
    )


def test_a_participant_page_reads_no_door_assignment_of_its_own(client):
    client.force_login(factories.participant_user())
    client.get(reverse("participants:ticket_list"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("participants:ticket_list"))
    assert response.status_code == 200
    assert DOOR_ENTRY not in response.text
    assert _own_eventstaff_reads(captured.captured_queries) == 0


def test_the_door_entry_follows_the_assignment_on_the_next_page(client):
    # Door staff by role (as an earlier assignment leaves them), no assignment now.
    user = factories.UserFactory(roles=[Role.PARTICIPANT, Role.DOOR_STAFF])
    client.force_login(user)
    url = reverse("participants:ticket_list")
    assert DOOR_ENTRY not in client.get(url).text

    assignment = factories.EventStaffFactory(user=user)
    assert DOOR_ENTRY in client.get(url).text
    assert client.get(reverse("checkin:door_home")).status_code == 200

    EventStaff.objects.filter(pk=assignment.pk).delete()
    assert DOOR_ENTRY not in client.get(url).text
    assert client.get(reverse("checkin:door_home")).status_code == 403
