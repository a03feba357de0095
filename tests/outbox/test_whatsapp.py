"""The WhatsApp Cloud API client against a local fake, and the webhook."""

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from outbox import services
from outbox.models import Channel, Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def _message(n=2, phone="+6281234567890"):
    return services.message_create(
        topic="event:1",
        subject="Info",
        body="Info",
        created_by=None,
        recipients=[
            services.Recipient(
                key=f"p:{i}",
                name=f"P {i}",
                channel=Channel.WHATSAPP,
                subject="Info",
                body=f"Halo P {i}",
                phone=phone,
                language="id",
            )
            for i in range(n)
        ],
    )


def _send(message):
    ids = list(message.deliveries.values_list("pk", flat=True))
    return services.deliveries_send(delivery_ids=ids)


def test_whatsapp_sends_the_approved_template(fake_whatsapp):
    message = _message(2)

    assert _send(message) == 2

    call = fake_whatsapp.calls[0]
    assert call["path"] == "/v21.0/1234567890/messages"
    assert call["auth"] == "Bearer test-token"
    assert call["body"]["to"] == "6281234567890"
    assert call["body"]["template"]["name"] == "bimtek_pesan"
    text = call["body"]["template"]["components"][0]["parameters"][0]["text"]
    assert text == "Halo P 0"
    ids = set(message.deliveries.values_list("provider_id", flat=True))
    assert ids == {"wamid.1", "wamid.2"}


def test_rate_limit_and_server_errors_are_retried(fake_whatsapp, monkeypatch):
    monkeypatch.setattr("outbox.channels.whatsapp.time.sleep", lambda s: None)
    fake_whatsapp.script = [
        (429, {"error": {"code": 130429}}, {"Retry-After": "1"}),
        (503, {}, {}),
    ]
    message = _message(1)

    assert _send(message) == 1

    assert len(fake_whatsapp.calls) == 3
    assert message.deliveries.get().status == DeliveryStatus.SENT


def test_retries_give_up_and_fail_the_delivery(fake_whatsapp, monkeypatch, settings):
    monkeypatch.setattr("outbox.channels.whatsapp.time.sleep", lambda s: None)
    settings.WHATSAPP_MAX_ATTEMPTS = 2
    fake_whatsapp.script = [(500, {}, {}), (500, {}, {})]
    message = _message(1)

    assert _send(message) == 0

    delivery = message.deliveries.get()
    assert delivery.status == DeliveryStatus.FAILED and "gave up" in delivery.error


def test_number_not_on_whatsapp_is_bounced(fake_whatsapp):
    fake_whatsapp.script = [(400, {"error": {"code": 131026, "message": "undeliverable"}}, {})]
    message = _message(1)

    _send(message)

    assert len(fake_whatsapp.calls) == 1
    assert message.deliveries.get().status == DeliveryStatus.BOUNCED


def _signed(client, payload, secret="app-secret"):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        reverse("outbox:whatsapp_webhook"),
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )


def _status_payload(wamid, status):
    return {
        "entry": [
            {
                "changes": [
                    {
                        "value": {
                            "statuses": [{"id": wamid, "status": status, "timestamp": "1767225600"}]
                        }
                    }
                ]
            }
        ]
    }


def test_webhook_records_delivered_then_read(client, fake_whatsapp):
    message = _message(1)
    _send(message)

    assert _signed(client, _status_payload("wamid.1", "delivered")).status_code == 200
    assert message.deliveries.get().status == DeliveryStatus.DELIVERED
    _signed(client, _status_payload("wamid.1", "read"))
    assert message.deliveries.get().status == DeliveryStatus.READ


def test_webhook_refuses_a_bad_signature(client, fake_whatsapp):
    message = _message(1)
    _send(message)

    response = _signed(client, _status_payload("wamid.1", "read"), secret="wrong")

    assert response.status_code == 403
    assert message.deliveries.get().status == DeliveryStatus.SENT


def test_webhook_refuses_everything_when_no_secret_is_set(client, settings):
    settings.WHATSAPP_APP_SECRET = ""
    assert _signed(client, {}, secret="").status_code == 403


def test_webhook_subscription_check(client, fake_whatsapp):
    url = reverse("outbox:whatsapp_webhook")
    ok = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"}
    )
    wrong = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "no", "hub.challenge": "42"}
    )

    assert ok.status_code == 200 and ok.text == "42"
    assert wrong.status_code == 403


def test_webhook_ignores_garbage_safely(client, fake_whatsapp):
    assert _signed(client, {"entry": [None, {"changes": "x"}]}).status_code in (200, 400)
    assert Delivery.objects.count() == 0
