"""Automatic e-mails under the registration rush (PostgreSQL): parallel
sign-ups each get their confirmation delivery, and two transactions that
create the event's message at once never fail each other."""

import threading

import pytest
from django.db import connection, transaction

from outbox.automatic import AutoRecipient, automatic_queue
from outbox.models import Delivery, Message
from participants.models import Registration
from tests.factories import EventFactory
from tests.participants.test_concurrency import _sign_ups

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_sign_ups_each_get_their_confirmation_delivery():
    event = EventFactory(capacity=100)

    codes = _sign_ups(event, 8)

    assert codes == [302] * 8
    [message] = Message.objects.filter(key=f"auto:event:{event.pk}:confirmed")
    registrations = set(Registration.objects.filter(event=event).values_list("pk", flat=True))
    payloads = {d.payload["registration"] for d in Delivery.objects.filter(message=message)}
    assert payloads == registrations and len(registrations) == 8


def _waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_two_transactions_creating_the_message_at_once_both_commit():
    """The first inserts the message and waits, uncommitted, until the
    second is blocked on the same key; then both commit, with one message."""
    first_inserted = threading.Event()
    errors = []

    def queue(name, before_commit=None):
        try:
            with transaction.atomic():
                automatic_queue(
                    key="auto:event:0:confirmed",
                    topic="event:0",
                    kind="confirmed",
                    builder="participants.registration",
                    recipients=[
                        AutoRecipient(
                            key=name,
                            name=name,
                            email=f"{name}@example.org",
                            language="id",
                            # no such registration: the worker skips it
                            payload={"registration": 0, "kind": "confirmed"},
                        )
                    ],
                )
                if before_commit:
                    before_commit()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def hold_until_the_other_waits():
        first_inserted.set()
        for _poll in range(3000):  # until the second blocks on our row
            if _waiting_for_a_lock():
                return
            threading.Event().wait(0.01)

    first = threading.Thread(target=queue, args=("a", hold_until_the_other_waits))
    first.start()
    assert first_inserted.wait(30)
    second = threading.Thread(target=queue, args=("b",))
    second.start()
    first.join(60)
    second.join(60)

    assert errors == []
    [message] = Message.objects.filter(key="auto:event:0:confirmed")
    assert sorted(message.deliveries.values_list("recipient_key", flat=True)) == ["a", "b"]
