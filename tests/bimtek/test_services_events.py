import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from bimtek import services
from bimtek.errors import EventError
from bimtek.models import AuditEntry, Event, EventStaff, Session
from bimtek.models.events import EventStatus, StaffRole
from tests.factories import (
    WIB,
    EventFactory,
    EventStaffFactory,
    RegistrationFactory,
    SessionFactory,
    default_team,
    organiser_user,
)

pytestmark = pytest.mark.django_db
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


def _event_fields(**overrides):
    start = timezone.localdate() + dt.timedelta(days=30)
    fields = {
        "title": "Bimtek Tahap I Smart City",
        "code": "bimtek-sc-1",
        "organiser_unit": "Diskominfo Kota Tanjungpinang",
        "venue": "Aula Lantai 3",
        "city": "Tanjungpinang",
        "start_date": start,
        "end_date": start + dt.timedelta(days=1),
        "team": default_team(),
    }
    fields.update(overrides)
    return fields


def _at(day: dt.date, hour: int, minute: int = 0, zone=WIB) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)


# --- create ---------------------------------------------------------------------------


def test_event_create_makes_a_draft_and_records_it():
    organiser = organiser_user()

    event = services.event_create(actor=organiser, **_event_fields())

    assert event.status == EventStatus.DRAFT
    assert event.created_by == organiser
    entry = AuditEntry.objects.get(event=event)
    assert (entry.action, entry.actor) == ("event.create", organiser)


def test_event_create_refuses_an_event_that_ends_before_it_starts():
    start = timezone.localdate() + dt.timedelta(days=30)

    with pytest.raises(EventError) as excinfo:
        services.event_create(
            actor=None, **_event_fields(start_date=start, end_date=start - dt.timedelta(days=1))
        )

    assert excinfo.value.code == "event_ends_before_start"
    assert excinfo.value.field == "end_date"
    assert "berakhir sebelum dimulai" in excinfo.value.message
    assert not Event.objects.exists()


def test_event_create_refuses_registration_closing_after_the_event_starts():
    fields = _event_fields()
    closes = _at(fields["start_date"], 9)  # 09.00 on the first day

    with pytest.raises(EventError) as excinfo:
        services.event_create(actor=None, registration_closes_at=closes, **fields)

    assert excinfo.value.code == "registration_closes_after_start"
    assert excinfo.value.field == "registration_closes_at"


def test_event_create_accepts_registration_closing_at_midnight_before_the_start():
    fields = _event_fields()

    event = services.event_create(
        actor=None, registration_closes_at=_at(fields["start_date"], 0), **fields
    )

    assert event.registration_closes_at == _at(fields["start_date"], 0)


def test_event_create_refuses_a_registration_window_that_closes_before_it_opens():
    fields = _event_fields()
    opens = timezone.now() + dt.timedelta(days=5)

    with pytest.raises(EventError) as excinfo:
        services.event_create(
            actor=None,
            registration_opens_at=opens,
            registration_closes_at=opens - dt.timedelta(hours=1),
            **fields,
        )

    assert excinfo.value.code == "registration_window_order"


def test_event_create_refuses_a_span_of_months():
    start = timezone.localdate()

    with pytest.raises(EventError) as excinfo:
        services.event_create(
            actor=None, **_event_fields(start_date=start, end_date=start + dt.timedelta(days=365))
        )

    assert excinfo.value.code == "event_too_long"


def test_event_create_refuses_a_code_in_use_whatever_its_case():
    EventFactory(code="bimtek-sc-1")

    with pytest.raises(EventError) as excinfo:
        services.event_create(actor=None, **_event_fields(code="BIMTEK-SC-1"))

    assert excinfo.value.code == "code_taken"


# --- update ------------------------------------------------------------------------------


def test_event_update_records_who_changed_which_field_from_what_to_what():
    organiser = organiser_user()
    event = EventFactory(venue="Aula Lantai 3", capacity=100)

    services.event_update(
        actor=organiser, event=event, data={"venue": "Gedung Daerah", "capacity": 120}
    )

    entry = AuditEntry.objects.filter(event=event, action="event.update").get()
    assert entry.actor == organiser
    assert entry.changes == {
        "venue": {"from": "Aula Lantai 3", "to": "Gedung Daerah"},
        "capacity": {"from": 100, "to": 120},
    }
    event.refresh_from_db()
    assert event.venue == "Gedung Daerah"


def test_event_update_without_a_change_records_nothing():
    event = EventFactory()

    services.event_update(actor=None, event=event, data={"title": event.title})

    assert not AuditEntry.objects.filter(action="event.update").exists()


def test_event_update_refuses_dates_that_leave_sessions_outside():
    event = EventFactory()
    SessionFactory(
        event=event,
        title="Penutupan",
        starts_at=_at(event.end_date, 8),
        ends_at=_at(event.end_date, 10),
    )

    with pytest.raises(EventError) as excinfo:
        services.event_update(actor=None, event=event, data={"end_date": event.start_date})

    assert excinfo.value.code == "sessions_outside_event"
    assert "Penutupan" in excinfo.value.message
    event.refresh_from_db()
    assert event.end_date != event.start_date


def test_event_update_moves_sessions_with_the_dates_when_asked():
    event = EventFactory()
    session = SessionFactory(
        event=event, starts_at=_at(event.end_date, 13, 30), ends_at=_at(event.end_date, 15)
    )
    new_start = event.start_date + dt.timedelta(days=7)

    services.event_update(
        actor=None,
        event=event,
        data={"start_date": new_start, "end_date": new_start + dt.timedelta(days=1)},
        shift_sessions=True,
    )

    session.refresh_from_db()
    assert timezone.localtime(session.starts_at, WIB) == _at(event.end_date, 13, 30) + dt.timedelta(
        days=7
    )
    assert timezone.localtime(session.ends_at, WIB).time() == dt.time(15, 0)


def test_event_update_of_the_time_zone_keeps_the_wall_clock_times():
    event = EventFactory()
    session = SessionFactory(
        event=event, starts_at=_at(event.start_date, 8), ends_at=_at(event.start_date, 10)
    )

    services.event_update(actor=None, event=event, data={"timezone": "Asia/Makassar"})

    session.refresh_from_db()
    assert timezone.localtime(session.starts_at, WITA) == _at(event.start_date, 8, zone=WITA)


def test_event_update_refuses_new_dates_for_a_finished_event():
    event = EventFactory(status=EventStatus.FINISHED)

    with pytest.raises(EventError) as excinfo:
        services.event_update(
            actor=None, event=event, data={"start_date": event.start_date - dt.timedelta(days=1)}
        )

    assert excinfo.value.code == "event_locked"


def test_event_update_refuses_a_code_another_event_uses():
    EventFactory(code="bimtek-lain")
    event = EventFactory()

    with pytest.raises(EventError) as excinfo:
        services.event_update(actor=None, event=event, data={"code": "bimtek-lain"})

    assert excinfo.value.code == "code_taken"


# --- clone ---------------------------------------------------------------------------------


def test_event_clone_shifts_every_session_by_the_same_days_at_the_same_time():
    source = EventFactory(title="Bimtek Tahap I", capacity=80, minutes_per_jp=40)
    times = [
        (source.start_date, (8, 0), (9, 0)),
        (source.start_date, (9, 0), (10, 30)),
        (source.start_date, (13, 0), (14, 30)),
        (source.end_date, (8, 0), (9, 30)),
        (source.end_date, (9, 30), (12, 0)),
    ]
    for day, (h1, m1), (h2, m2) in times:
        SessionFactory(
            event=source,
            starts_at=_at(day, h1, m1),
            ends_at=_at(day, h2, m2),
            speakers="Dr. Hendra Wijaya",
            counts_for_certificate=(h1 != 8),
        )
    new_start = source.start_date + dt.timedelta(days=35)

    clone = services.event_clone(
        actor=None,
        source=source,
        code="bimtek-tahap-2",
        title="Bimtek Tahap II",
        start_date=new_start,
    )

    assert clone.status == EventStatus.DRAFT
    assert (clone.title, clone.code) == ("Bimtek Tahap II", "bimtek-tahap-2")
    assert clone.end_date == source.end_date + dt.timedelta(days=35)
    assert (clone.capacity, clone.minutes_per_jp) == (80, 40)
    originals = list(source.sessions.order_by("starts_at"))
    copies = list(clone.sessions.order_by("starts_at"))
    assert len(copies) == len(originals) == 5
    for original, copy in zip(originals, copies, strict=True):
        assert copy.starts_at - original.starts_at == dt.timedelta(days=35)
        assert copy.ends_at - original.ends_at == dt.timedelta(days=35)
        assert (
            timezone.localtime(copy.starts_at, WIB).time()
            == timezone.localtime(original.starts_at, WIB).time()
        )
        assert (copy.title, copy.speakers, copy.counts_for_certificate) == (
            original.title,
            original.speakers,
            original.counts_for_certificate,
        )
    assert source.sessions.count() == 5  # the source is untouched


def test_event_clone_moves_the_registration_window_too():
    source = EventFactory()

    clone = services.event_clone(
        actor=None,
        source=source,
        code="tahap-2",
        title="Tahap II",
        start_date=source.start_date + dt.timedelta(days=14),
    )

    assert clone.registration_closes_at == source.registration_closes_at + dt.timedelta(days=14)
    assert clone.registration_opens_at == source.registration_opens_at + dt.timedelta(days=14)


def test_event_clone_copies_door_staff_only_when_asked_and_never_registrations():
    source = EventFactory()
    EventStaffFactory(event=source, role=StaffRole.SUPERVISOR)
    RegistrationFactory(event=source)
    start = source.start_date + dt.timedelta(days=7)

    without = services.event_clone(
        actor=None, source=source, code="tanpa-petugas", title="A", start_date=start
    )
    with_staff = services.event_clone(
        actor=None,
        source=source,
        code="dengan-petugas",
        title="B",
        start_date=start,
        copy_staff=True,
    )

    assert not without.staff.exists()
    assert list(with_staff.staff.values_list("role", flat=True)) == [StaffRole.SUPERVISOR]
    assert not without.registrations.exists()
    assert not with_staff.registrations.exists()
    assert EventStaff.objects.filter(event=source).count() == 1


def test_event_clone_refuses_a_code_in_use_and_writes_nothing():
    source = EventFactory()
    SessionFactory(event=source)

    with pytest.raises(EventError) as excinfo:
        services.event_clone(
            actor=None, source=source, code=source.code, title="X", start_date=source.start_date
        )

    assert excinfo.value.code == "code_taken"
    assert Event.objects.count() == 1
    assert Session.objects.count() == 1


def test_event_clone_is_recorded_on_the_new_event():
    source = EventFactory(code="tahap-1")

    clone = services.event_clone(
        actor=None,
        source=source,
        code="tahap-2",
        title="Tahap II",
        start_date=source.start_date + dt.timedelta(days=7),
    )

    entry = AuditEntry.objects.get(event=clone, action="event.clone")
    assert entry.changes["source"]["to"] == "tahap-1"
