"""An event's status services: publish, finish, cancel (with their listeners),
closing and reopening registration, deleting a draft.
"""

import datetime as dt

import pytest
from django.utils import timezone

from bimtek import extensions, services
from bimtek.errors import EventError
from bimtek.models import AuditEntry, Event
from bimtek.models.events import EventStatus
from tests.factories import (
    EventFactory,
    organiser_user,
)

pytestmark = pytest.mark.django_db


# --- status -------------------------------------------------------------------------------


@pytest.fixture
def listener_calls(monkeypatch):
    calls = []
    monkeypatch.setattr(extensions.event_status_listeners, "_items", {})
    extensions.event_status_listeners.register(
        extensions.EventStatusListener(key="spy", on_change=lambda **kwargs: calls.append(kwargs))
    )
    return calls


def test_event_publish_turns_a_draft_public_and_tells_listeners_after_commit(
    listener_calls, django_capture_on_commit_callbacks
):
    organiser = organiser_user()
    event = EventFactory(status=EventStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.event_publish(actor=organiser, event=event)
        assert listener_calls == []  # not before commit

    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert len(callbacks) == 1
    assert listener_calls == [
        {
            "event": listener_calls[0]["event"],
            "old_status": "draft",
            "new_status": "published",
            "actor": organiser,
        }
    ]
    assert listener_calls[0]["event"].pk == event.pk
    assert AuditEntry.objects.filter(event=event, action="event.publish").exists()


def test_event_publish_refuses_an_event_that_is_not_a_draft():
    event = EventFactory(status=EventStatus.PUBLISHED)

    with pytest.raises(EventError) as excinfo:
        services.event_publish(actor=None, event=event)

    assert excinfo.value.code == "not_draft"


def test_event_publish_refuses_an_event_already_over():
    past = timezone.localdate() - dt.timedelta(days=10)
    event = EventFactory(
        status=EventStatus.DRAFT,
        start_date=past,
        end_date=past,
        registration_opens_at=None,
        registration_closes_at=None,
    )

    with pytest.raises(EventError) as excinfo:
        services.event_publish(actor=None, event=event)

    assert excinfo.value.code == "event_over"


def test_event_finish_waits_for_the_last_day():
    event = EventFactory()  # two weeks ahead

    with pytest.raises(EventError) as excinfo:
        services.event_finish(actor=None, event=event)

    assert excinfo.value.code == "event_not_over"


def test_event_finish_on_the_last_day(listener_calls, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    event = EventFactory(
        start_date=today - dt.timedelta(days=1),
        end_date=today,
        registration_opens_at=None,
        registration_closes_at=None,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.event_finish(actor=None, event=event)

    event.refresh_from_db()
    assert event.status == EventStatus.FINISHED
    assert [(c["old_status"], c["new_status"]) for c in listener_calls] == [
        ("published", "finished")
    ]


def test_event_finish_refuses_a_draft():
    event = EventFactory(status=EventStatus.DRAFT)

    with pytest.raises(EventError) as excinfo:
        services.event_finish(actor=None, event=event)

    assert excinfo.value.code == "not_published"


def test_event_cancel_needs_a_reason():
    event = EventFactory()

    with pytest.raises(EventError) as excinfo:
        services.event_cancel(actor=None, event=event, reason="   ")

    assert excinfo.value.code == "reason_required"
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED


def test_event_cancel_keeps_the_reason_and_tells_listeners(
    listener_calls, django_capture_on_commit_callbacks
):
    organiser = organiser_user()
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=organiser, event=event, reason="Aula dipakai acara lain.")

    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert event.cancellation_reason == "Aula dipakai acara lain."
    assert listener_calls[0]["new_status"] == "cancelled"
    assert listener_calls[0]["actor"] == organiser


def test_a_failing_listener_does_not_stop_the_others(
    monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    monkeypatch.setattr(extensions.event_status_listeners, "_items", {})

    def broken(**kwargs):
        raise RuntimeError("mail server down")

    extensions.event_status_listeners.register(
        extensions.EventStatusListener(key="a-broken", on_change=broken, order=1)
    )
    extensions.event_status_listeners.register(
        extensions.EventStatusListener(key="b-spy", on_change=lambda **k: calls.append(k), order=2)
    )
    event = EventFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=None, event=event, reason="Banjir.")

    assert len(calls) == 1


def test_event_cancel_refuses_a_draft():
    event = EventFactory(status=EventStatus.DRAFT)

    with pytest.raises(EventError) as excinfo:
        services.event_cancel(actor=None, event=event, reason="x")

    assert excinfo.value.code == "not_published"


def test_event_registration_close_closes_now_and_is_recorded():
    event = EventFactory()
    assert event.registration_phase() == "open"

    services.event_registration_close(actor=None, event=event)

    event.refresh_from_db()
    assert event.registration_phase() == "closed"
    assert event.registration_closes_at <= timezone.now()
    entry = AuditEntry.objects.get(event=event, action="event.registration_close")
    assert set(entry.changes) == {"registration_closes_at"}


def test_event_registration_close_before_it_ever_opened():
    event = EventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=2))

    services.event_registration_close(actor=None, event=event)

    event.refresh_from_db()
    assert event.registration_phase() == "closed"


def test_event_registration_reopen_opens_until_the_event_starts():
    event = EventFactory(registration_closes_at=timezone.now() - dt.timedelta(hours=1))
    assert event.registration_phase() == "closed"

    services.event_registration_reopen(actor=None, event=event)

    event.refresh_from_db()
    assert event.registration_phase() == "open"
    assert event.registration_closes_at == event.starts_at


def test_event_registration_reopen_refuses_once_the_event_started():
    today = timezone.localdate()
    event = EventFactory(
        start_date=today,
        end_date=today + dt.timedelta(days=1),
        registration_opens_at=None,
        registration_closes_at=timezone.now() - dt.timedelta(hours=1),
    )

    with pytest.raises(EventError) as excinfo:
        services.event_registration_reopen(actor=None, event=event)

    assert excinfo.value.code == "event_started"


def test_event_delete_only_a_draft():
    published = EventFactory()
    draft = EventFactory(status=EventStatus.DRAFT)

    with pytest.raises(EventError) as excinfo:
        services.event_delete(actor=None, event=published)
    services.event_delete(actor=None, event=draft)

    assert excinfo.value.code == "not_draft"
    assert list(Event.objects.all()) == [published]
    assert AuditEntry.objects.filter(action="event.delete", event=None).exists()
