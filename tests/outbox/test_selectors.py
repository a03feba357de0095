"""Which person a delivery is addressed to: one rule for the query
(``deliveries_addressed_to``) and for rows already read (``owning_key``)."""

import pytest

from outbox.automatic import event_message_key, event_topic
from outbox.models import Channel, Delivery, Message
from outbox.selectors import deliveries_addressed_to, owning_key


def test_owning_key_is_the_key_or_one_it_extends_with_a_colon():
    keys = {"registration:17", "registration:5"}
    assert owning_key("registration:17", keys) == "registration:17"
    assert owning_key("registration:17:confirmed:1a2b", keys) == "registration:17"
    assert owning_key("registration:170", keys) is None
    assert owning_key("certificate:17", keys) is None


@pytest.mark.django_db
def test_the_query_and_the_rows_agree():
    message = Message.objects.create(topic=event_topic(3), subject="s", body="b")
    for key in ("registration:17", "registration:17:x:y", "registration:170", "invitation:17"):
        Delivery.objects.create(
            message=message, recipient_key=key, name="n", channel=Channel.EMAIL, subject="s"
        )
    keys = {"registration:17"}

    found = [d.recipient_key for d in deliveries_addressed_to(keys=keys, emails=[])]

    assert found == ["registration:17", "registration:17:x:y"]
    assert [k for k in found if owning_key(k, keys)] == found


def test_event_topic_and_message_key_share_one_format():
    assert event_topic(42) == "event:42"
    assert event_message_key(42, "confirmed") == "auto:event:42:confirmed"
    assert event_message_key(42, "").startswith(f"auto:{event_topic(42)}:")
