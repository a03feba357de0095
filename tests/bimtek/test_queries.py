"""The event list's figures come from SQL; they must agree with Session.jp."""

import datetime as dt

import pytest

from bimtek import queries
from bimtek.models import Event
from tests.factories import WIB, EventFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WIB)


def test_total_jp_in_sql_equals_the_sum_of_session_jp():
    event = EventFactory(minutes_per_jp=45)
    day = event.start_date
    sessions = [
        SessionFactory(event=event, starts_at=_at(day, 8), ends_at=_at(day, 9)),  # 1
        SessionFactory(event=event, starts_at=_at(day, 9), ends_at=_at(day, 10, 30)),  # 2
        SessionFactory(event=event, starts_at=_at(day, 10, 30), ends_at=_at(day, 10, 59)),  # 0
        SessionFactory(event=event, starts_at=_at(day, 13), ends_at=_at(day, 14), jp_override=4),
        SessionFactory(
            event=event,
            starts_at=_at(day, 14),
            ends_at=_at(day, 17),
            counts_for_certificate=False,
        ),
    ]
    other = EventFactory(minutes_per_jp=60)
    SessionFactory(
        event=other, starts_at=_at(other.start_date, 8), ends_at=_at(other.start_date, 10)
    )

    rows = {
        e.pk: (e.session_count, e.total_jp)
        for e in queries.annotate_total_jp(queries.annotate_session_count(Event.objects.all()))
    }

    expected = sum(s.jp for s in sessions if s.counts_for_certificate)
    assert expected == 7
    assert rows[event.pk] == (5, 7)
    assert rows[other.pk] == (1, 2)


def test_an_event_without_sessions_counts_zero():
    event = EventFactory()

    annotated = queries.annotate_total_jp(queries.annotate_session_count(Event.objects.all())).get()

    assert (annotated.pk, annotated.session_count, annotated.total_jp) == (event.pk, 0, 0)
