"""The organiser's check-in window on the attendance pages, and when it can
no longer be changed."""

import pytest

from bimtek.models.events import EventStatus
from checkin.models import CheckInWindowOverride
from tests import factories
from tests.checkin.test_attendance_views import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event, title="Kebijakan Smart City")


def test_a_finished_event_has_no_session_now_and_no_window_to_open(
    client, organiser, event, session
):
    event.status = EventStatus.FINISHED
    event.save(update_fields=["status"])
    client.force_login(organiser)

    overview = client.get(url("attendance", event)).text
    page = client.get(url("attendance_session", event, session)).text
    refused = client.post(url("attendance_session_window", event, session), {"action": "open-30"})

    assert session.title in overview and "Sekarang / berikutnya" not in overview
    assert 'data-testid="window-closed-for-good"' in page
    assert 'value="open-30"' not in page
    assert refused.status_code == 302
    assert not CheckInWindowOverride.objects.filter(session=session).exists()


def test_a_running_event_still_offers_to_open_check_in(client, organiser, event, session):
    client.force_login(organiser)

    page = client.get(url("attendance_session", event, session)).text

    assert 'value="open-30"' in page
