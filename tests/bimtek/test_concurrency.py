"""Two organisers at once: the event's row lock and the unique constraints
decide, and the loser gets a clear refusal, not an error page."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from bimtek import services
from bimtek.errors import EventError
from bimtek.models import Event, Session
from tests.factories import WIB, EventFactory, default_team

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(work, count: int = 2) -> list:
    """Run ``work(index)`` in ``count`` threads released together; return
    each result or the exception it raised."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_organisers_cannot_both_book_the_same_room_and_time():
    event = EventFactory()
    start = dt.datetime.combine(event.start_date, dt.time(9), tzinfo=WIB)

    results = _race(
        lambda index: services.session_create(
            actor=None,
            event=event,
            title=f"Sesi {index}",
            room="Aula Lantai 3",
            starts_at=start + dt.timedelta(minutes=15 * index),
            ends_at=start + dt.timedelta(minutes=60 + 15 * index),
        )
    )

    created = [r for r in results if isinstance(r, Session)]
    refused = [r for r in results if isinstance(r, EventError)]
    assert len(created) == 1
    assert [error.code for error in refused] == ["session_overlap"]
    assert Session.objects.filter(event=event).count() == 1


def test_two_organisers_cannot_both_take_the_same_code():
    start = timezone.localdate() + dt.timedelta(days=30)
    team = default_team()

    results = _race(
        lambda index: services.event_create(
            actor=None,
            title=f"Bimtek {index}",
            code="bimtek-sc-1",
            organiser_unit="Diskominfo",
            venue="Aula",
            city="Tanjungpinang",
            start_date=start,
            end_date=start,
            team=team,
        )
    )

    assert sum(isinstance(r, Event) for r in results) == 1
    assert [r.code for r in results if isinstance(r, EventError)] == ["code_taken"]
    assert Event.objects.filter(code="bimtek-sc-1").count() == 1
