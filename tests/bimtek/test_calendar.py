import datetime as dt

import pytest
from icalendar import Calendar

from bimtek.models.events import EventStatus
from tests.factories import WIB, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _get(client, event):
    response = client.get(f"/events/{event.code}/agenda.ics")
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def test_ics_carries_every_session_in_western_indonesian_time(client):
    event = EventFactory(title="Bimtek Smart City")
    SessionFactory(
        event=event,
        title="Pembukaan",
        starts_at=dt.datetime(2026, 12, 7, 8, 0, tzinfo=WIB),
        ends_at=dt.datetime(2026, 12, 7, 10, 30, tzinfo=WIB),
    )
    SessionFactory(event=event, title="Penutupan")

    response, calendar = _get(client, event)

    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == f'attachment; filename="{event.code}.ics"'
    items = {item["summary"]: item for item in calendar.walk("VEVENT")}
    assert set(items) == {"Pembukaan", "Penutupan"}
    start = items["Pembukaan"].decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert start.astimezone(dt.UTC) == dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)
    end = items["Pembukaan"].decoded("dtend")
    assert end.astimezone(dt.UTC) == dt.datetime(2026, 12, 7, 3, 30, tzinfo=dt.UTC)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Jakarta"]
    assert calendar["x-wr-timezone"] == "Asia/Jakarta"


def test_ics_is_what_google_calendar_and_outlook_expect(client):
    event = EventFactory(
        title="Bimtek, Tahap I; Smart City", venue="Aula Lantai 3", city="Tanjungpinang"
    )
    session = SessionFactory(
        event=event,
        title="Kebijakan Gerakan Menuju 100 Smart City: "
        "sebuah pengantar yang sangat panjang sekali",
        speakers="Dr. Ir. Hendra Wijaya, M.Sc.\nProf. Dr. Sri Wahyuni, M.T.",
        room="Ruang Rapat 2",
    )

    response, calendar = _get(client, event)

    raw = response.content
    # RFC 5545: CRLF line ends, lines folded at 75 octets
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert calendar["version"] == "2.0" and calendar["prodid"]
    assert calendar["method"] == "PUBLISH"
    # Outlook needs the zone defined before it is used
    assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")
    assert b"DTSTART;TZID=Asia/Jakarta:" in raw
    (item,) = calendar.walk("VEVENT")
    assert item["uid"] == f"session-{session.pk}.{event.code}@testserver"
    assert item.decoded("dtstamp").tzinfo is not None
    assert item["location"] == "Ruang Rapat 2, Aula Lantai 3, Tanjungpinang"
    assert item["status"] == "CONFIRMED"
    description = str(item["description"])
    assert "Narasumber: Dr. Ir. Hendra Wijaya, M.Sc.; Prof. Dr. Sri Wahyuni, M.T." in description
    assert f"http://testserver{event.get_absolute_url()}" in description
    assert calendar["x-wr-calname"] == "Bimtek, Tahap I; Smart City"


def test_ics_keeps_its_uids_when_downloaded_again(client):
    event = EventFactory()
    SessionFactory.create_batch(3, event=event)

    _r1, first = _get(client, event)
    _r2, second = _get(client, event)

    uids = [item["uid"] for item in first.walk("VEVENT")]
    assert uids == [item["uid"] for item in second.walk("VEVENT")]
    assert len(set(uids)) == 3


def test_ics_of_a_venue_in_central_indonesia_is_in_utc_plus_8(client):
    event = EventFactory(timezone="Asia/Makassar")
    SessionFactory(
        event=event,
        starts_at=dt.datetime(2026, 12, 7, 9, 0, tzinfo=WIB),  # 10.00 WITA
        ends_at=dt.datetime(2026, 12, 7, 10, 0, tzinfo=WIB),
    )

    _response, calendar = _get(client, event)

    (item,) = calendar.walk("VEVENT")
    start = item.decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=8)
    assert start.hour == 10
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Makassar"]


def test_ics_of_a_cancelled_event_cancels_every_entry(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    SessionFactory.create_batch(2, event=event)

    _response, calendar = _get(client, event)

    assert {item["status"] for item in calendar.walk("VEVENT")} == {"CANCELLED"}


def test_ics_without_sessions_still_has_the_event_days(client):
    event = EventFactory()

    _response, calendar = _get(client, event)

    (item,) = calendar.walk("VEVENT")
    assert item.decoded("dtstart") == event.start_date
    assert item.decoded("dtend") == event.end_date + dt.timedelta(days=1)


def test_ics_of_a_draft_is_hidden_from_the_public(client):
    event = EventFactory(status="draft")

    assert client.get(f"/events/{event.code}/agenda.ics").status_code == 404


def test_ics_of_an_unknown_event_is_404(client):
    assert client.get("/events/tidak-ada/agenda.ics").status_code == 404


def test_ics_sequence_grows_when_the_agenda_changes(client):
    from django.utils import timezone

    from bimtek import services
    from bimtek.models import Event

    event = EventFactory()
    session = SessionFactory(event=event)
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    Event.objects.filter(pk=event.pk).update(created_at=an_hour_ago, updated_at=an_hour_ago)
    _r, before = _get(client, event)

    services.session_update(actor=None, session=session, data={"title": "Judul baru"})

    _r, after = _get(client, event)
    (old,) = before.walk("VEVENT")
    (new,) = after.walk("VEVENT")
    assert new["uid"] == old["uid"]
    assert int(new["sequence"]) > int(old["sequence"])


@pytest.mark.parametrize(
    ("room", "venue", "city", "location"),
    [
        (
            "Aula Lantai 3",
            "Aula Lantai 3, Kantor Wali Kota Tanjungpinang",
            "Tanjungpinang",
            "Aula Lantai 3, Kantor Wali Kota Tanjungpinang",
        ),
        (
            "Ruang Rapat 2",
            "Kantor Wali Kota",
            "Tanjungpinang",
            "Ruang Rapat 2, Kantor Wali Kota, Tanjungpinang",
        ),
        ("", "Hotel Aston", "Tanjungpinang", "Hotel Aston, Tanjungpinang"),
    ],
)
def test_ics_location_names_the_room_venue_and_city_once_each(client, room, venue, city, location):
    event = EventFactory(venue=venue, city=city)
    SessionFactory(event=event, title="Pembukaan", room=room)

    _response, calendar = _get(client, event)

    assert [str(item["location"]) for item in calendar.walk("VEVENT")] == [location]
