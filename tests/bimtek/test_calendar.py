import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import WIB, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_ics_carries_every_session_in_western_indonesian_time(client):
    event = EventFactory(title="Bimtek Smart City")
    SessionFactory(
        event=event,
        title="Pembukaan",
        starts_at=dt.datetime(2026, 12, 7, 8, 0, tzinfo=WIB),
        ends_at=dt.datetime(2026, 12, 7, 10, 30, tzinfo=WIB),
    )
    SessionFactory(event=event, title="Penutupan")

    response = client.get(f"/events/{event.code}/agenda.ics")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    items = {item["summary"]: item for item in calendar.walk("VEVENT")}
    assert set(items) == {"Pembukaan", "Penutupan"}
    start = items["Pembukaan"].decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)
    assert items["Pembukaan"].decoded("dtend").hour == 10
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]


def test_ics_of_a_draft_is_hidden_from_the_public(client):
    event = EventFactory(status="draft")

    assert client.get(f"/events/{event.code}/agenda.ics").status_code == 404
