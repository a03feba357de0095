import datetime as dt

import pytest
from django.utils import timezone

from bimtek import services
from bimtek.errors import EventError
from bimtek.models import AuditEntry, Session
from bimtek.models.events import EventStatus
from tests.factories import WIB, EventFactory, SessionFactory, organiser_user

pytestmark = pytest.mark.django_db


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


def _add(event, start, end, *, title="Sesi", room="Aula Lantai 3", **extra) -> Session:
    return services.session_create(
        actor=None, event=event, title=title, room=room, starts_at=start, ends_at=end, **extra
    )


@pytest.fixture
def event(db):
    return EventFactory()


def _local_times(sessions) -> list[tuple[str, str, str]]:
    return [
        (
            s.title,
            timezone.localtime(s.starts_at, WIB).strftime("%H:%M"),
            timezone.localtime(s.ends_at, WIB).strftime("%H:%M"),
        )
        for s in sessions
    ]


# --- the rules -----------------------------------------------------------------------


def test_session_create_adds_it_and_records_it(event):
    organiser = organiser_user()

    session = services.session_create(
        actor=organiser,
        event=event,
        title="  Kebijakan   Smart City ",
        room=" Aula  Lantai 3 ",
        speakers="Dr. Hendra Wijaya\n\n  Prof. Sri Wahyuni  \n",
        starts_at=_at(event.start_date, 9),
        ends_at=_at(event.start_date, 10, 30),
    )

    assert session.title == "Kebijakan Smart City"
    assert session.room == "Aula Lantai 3"
    assert session.speaker_list == ["Dr. Hendra Wijaya", "Prof. Sri Wahyuni"]
    assert session.jp == 2  # 90 minutes of 45
    entry = AuditEntry.objects.get(action="session.create")
    assert entry.actor == organiser
    assert entry.changes["title"] == {"from": None, "to": "Kebijakan Smart City"}


def test_session_outside_the_event_dates_is_refused(event):
    day_before = event.start_date - dt.timedelta(days=1)

    with pytest.raises(EventError) as excinfo:
        _add(event, _at(day_before, 9), _at(day_before, 10))

    assert excinfo.value.code == "session_outside_event"
    assert not Session.objects.exists()


def test_session_after_the_last_day_is_refused(event):
    day_after = event.end_date + dt.timedelta(days=1)

    with pytest.raises(EventError) as excinfo:
        _add(event, _at(day_after, 9), _at(day_after, 10))

    assert excinfo.value.code == "session_outside_event"


def test_session_ending_before_it_starts_is_refused(event):
    with pytest.raises(EventError) as excinfo:
        _add(event, _at(event.start_date, 10), _at(event.start_date, 9))

    assert excinfo.value.code == "session_ends_before_start"
    assert excinfo.value.field == "ends_at"
    assert "berakhir setelah dimulai" in excinfo.value.message


def test_session_of_no_length_is_refused(event):
    with pytest.raises(EventError) as excinfo:
        _add(event, _at(event.start_date, 10), _at(event.start_date, 10))

    assert excinfo.value.code == "session_ends_before_start"


def test_sessions_overlapping_in_the_same_room_are_refused(event):
    _add(event, _at(event.start_date, 9), _at(event.start_date, 10, 30), title="Pembukaan")

    with pytest.raises(EventError) as excinfo:
        _add(event, _at(event.start_date, 10), _at(event.start_date, 11), room="aula lantai 3")

    assert excinfo.value.code == "session_overlap"
    assert "Pembukaan" in excinfo.value.message
    assert "09.00–10.30 WIB" in excinfo.value.message
    assert Session.objects.count() == 1


def test_sessions_without_a_room_share_the_main_hall(event):
    _add(event, _at(event.start_date, 9), _at(event.start_date, 10), room="")

    with pytest.raises(EventError) as excinfo:
        _add(event, _at(event.start_date, 9, 30), _at(event.start_date, 11), room="")

    assert excinfo.value.code == "session_overlap"


@pytest.mark.parametrize(("first", "second"), [("", "Aula"), ("Aula", "")])
def test_a_session_without_a_room_clashes_with_any_room(event, first, second):
    _add(event, _at(event.start_date, 9), _at(event.start_date, 10), room=first)

    with pytest.raises(EventError) as excinfo:
        _add(event, _at(event.start_date, 9, 30), _at(event.start_date, 11), room=second)

    assert excinfo.value.code == "session_overlap"


def test_parallel_sessions_in_different_rooms_are_fine(event):
    _add(event, _at(event.start_date, 9), _at(event.start_date, 10), room="Aula")

    _add(event, _at(event.start_date, 9), _at(event.start_date, 10), room="Ruang Rapat 2")

    assert Session.objects.count() == 2


def test_back_to_back_sessions_do_not_overlap(event):
    _add(event, _at(event.start_date, 9), _at(event.start_date, 10))

    _add(event, _at(event.start_date, 10), _at(event.start_date, 11))

    assert Session.objects.count() == 2


def test_session_in_another_event_at_the_same_time_is_fine(event):
    other = EventFactory(start_date=event.start_date, end_date=event.end_date)
    _add(other, _at(event.start_date, 9), _at(event.start_date, 10))

    _add(event, _at(event.start_date, 9), _at(event.start_date, 10))

    assert Session.objects.count() == 2


def test_session_update_does_not_collide_with_itself_and_records_the_change(event):
    session = _add(event, _at(event.start_date, 9), _at(event.start_date, 10))

    services.session_update(
        actor=None,
        session=session,
        data={"ends_at": _at(event.start_date, 10, 30), "room": "Ruang Rapat"},
    )

    entry = AuditEntry.objects.get(action="session.update")
    assert set(entry.changes) == {"ends_at", "room"}
    assert entry.changes["room"] == {"from": "Aula Lantai 3", "to": "Ruang Rapat"}


def test_session_update_into_another_session_is_refused(event):
    _add(event, _at(event.start_date, 9), _at(event.start_date, 10), title="A")
    second = _add(event, _at(event.start_date, 10), _at(event.start_date, 11), title="B")

    with pytest.raises(EventError) as excinfo:
        services.session_update(
            actor=None, session=second, data={"starts_at": _at(event.start_date, 9, 30)}
        )

    assert excinfo.value.code == "session_overlap"
    second.refresh_from_db()
    assert timezone.localtime(second.starts_at, WIB).hour == 10


def test_agenda_of_a_finished_event_is_locked(event):
    session = _add(event, _at(event.start_date, 9), _at(event.start_date, 10))
    event.status = EventStatus.FINISHED
    event.save()

    with pytest.raises(EventError) as excinfo:
        _add(event, _at(event.start_date, 11), _at(event.start_date, 12))
    with pytest.raises(EventError) as excinfo_delete:
        services.session_delete(actor=None, session=session)

    assert excinfo.value.code == "agenda_locked"
    assert excinfo_delete.value.code == "agenda_locked"


def test_session_delete_removes_it_and_records_it(event):
    session = _add(event, _at(event.start_date, 9), _at(event.start_date, 10), title="Sesi X")

    services.session_delete(actor=None, session=session)

    assert not Session.objects.exists()
    assert AuditEntry.objects.filter(action="session.delete", summary__contains="Sesi X").exists()


def test_session_that_has_started_cannot_be_deleted():
    today = timezone.localdate()
    event = EventFactory(
        start_date=today,
        end_date=today,
        registration_opens_at=None,
        registration_closes_at=None,
    )
    now = timezone.now()
    session = SessionFactory(
        event=event, starts_at=now - dt.timedelta(minutes=1), ends_at=now + dt.timedelta(minutes=1)
    )

    with pytest.raises(EventError) as excinfo:
        services.session_delete(actor=None, session=session)

    assert excinfo.value.code == "session_started"


# --- JP ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "per_jp", "expected"),
    [(45, 45, 1), (44, 45, 0), (90, 45, 2), (120, 45, 2), (135, 45, 3), (60, 60, 1), (100, 50, 2)],
)
def test_jp_is_the_length_in_whole_jp_rounded_down(minutes, per_jp, expected):
    event = EventFactory(minutes_per_jp=per_jp)
    start = _at(event.start_date, 8)

    session = _add(event, start, start + dt.timedelta(minutes=minutes))

    assert session.jp == expected


def test_jp_override_wins(event):
    session = _add(event, _at(event.start_date, 8), _at(event.start_date, 9), jp_override=3)

    assert session.jp == 3


# --- reorder ------------------------------------------------------------------------------


@pytest.fixture
def day_with_lunch(event):
    day = event.start_date
    return [
        _add(event, _at(day, 8), _at(day, 9), title="Pembukaan"),
        _add(event, _at(day, 9), _at(day, 10, 30), title="Materi 1"),
        _add(event, _at(day, 10, 30), _at(day, 12), title="Materi 2"),
        # lunch 12.00–13.00
        _add(event, _at(day, 13), _at(day, 14, 30), title="Materi 3"),
    ]


def test_reorder_keeps_the_start_the_gaps_and_each_length(event, day_with_lunch):
    opening, first, second, third = day_with_lunch

    services.session_reorder(
        actor=None,
        event=event,
        day=event.start_date,
        order=[opening.pk, third.pk, first.pk, second.pk],
    )

    sessions = event.sessions.order_by("starts_at")
    assert _local_times(sessions) == [
        ("Pembukaan", "08:00", "09:00"),
        ("Materi 3", "09:00", "10:30"),
        ("Materi 1", "10:30", "12:00"),
        ("Materi 2", "13:00", "14:30"),
    ]
    entry = AuditEntry.objects.get(action="session.reorder")
    assert entry.changes["order"]["to"] == ["Pembukaan", "Materi 3", "Materi 1", "Materi 2"]


def test_reorder_with_sessions_of_different_lengths(event):
    day = event.start_date
    short = _add(event, _at(day, 8), _at(day, 8, 30), title="Pendek")
    long = _add(event, _at(day, 8, 30), _at(day, 10, 30), title="Panjang")

    services.session_reorder(actor=None, event=event, day=day, order=[long.pk, short.pk])

    assert _local_times(event.sessions.order_by("starts_at")) == [
        ("Panjang", "08:00", "10:00"),
        ("Pendek", "10:00", "10:30"),
    ]


def test_reorder_refuses_a_day_with_parallel_sessions(event):
    day = event.start_date
    first = _add(event, _at(day, 9), _at(day, 10), room="Aula")
    second = _add(event, _at(day, 9), _at(day, 10), room="Ruang 2")

    with pytest.raises(EventError) as excinfo:
        services.session_reorder(actor=None, event=event, day=day, order=[second.pk, first.pk])

    assert excinfo.value.code == "parallel_sessions"


def test_reorder_refuses_a_stale_list(event, day_with_lunch):
    with pytest.raises(EventError) as excinfo:
        services.session_reorder(
            actor=None, event=event, day=event.start_date, order=[day_with_lunch[0].pk]
        )

    assert excinfo.value.code == "reorder_stale"


def test_move_down_swaps_with_the_next_session(event, day_with_lunch):
    opening, *_rest = day_with_lunch

    services.session_move(actor=None, session=opening, direction="down")

    assert [s.title for s in event.sessions.order_by("starts_at")][:2] == ["Materi 1", "Pembukaan"]


def test_move_up_of_the_first_session_changes_nothing(event, day_with_lunch):
    assert services.session_move(actor=None, session=day_with_lunch[0], direction="up") == []
    assert not AuditEntry.objects.filter(action="session.reorder").exists()
