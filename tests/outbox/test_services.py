import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from outbox import services
from outbox.errors import OutboxError
from outbox.models import Channel, Delivery, DeliveryStatus, Suppression
from outbox.selectors import delivery_counts
from tests import factories

pytestmark = pytest.mark.django_db


def _recipients(n, channel=Channel.EMAIL, language="id"):
    return [
        services.Recipient(
            key=f"person:{i}",
            name=f"Person {i}",
            channel=channel,
            subject=f"Info teknis {i}",
            body=f"Halo Person {i},\nbawa laptop. <b>tebal</b>",
            email=f"p{i}@example.org",
            phone="+6281234567890",
            language=language,
        )
        for i in range(n)
    ]


def _create(n=3, **kwargs):
    return services.message_create(
        topic="event:1",
        subject="Info teknis",
        body="Halo {nama}",
        created_by=factories.organiser_user(),
        recipients=_recipients(n, **kwargs),
    )


def test_message_create_sends_each_email_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _create(3)

    assert len(mail.outbox) == 3
    assert sorted(m.to[0] for m in mail.outbox) == [f"p{i}@example.org" for i in range(3)]
    counts = delivery_counts(message)
    assert counts[DeliveryStatus.SENT] == 3 and counts["done"] == 3


def test_email_is_escaped_text_in_the_recipients_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _create(1, language="en")

    sent = mail.outbox[0]
    html = sent.alternatives[0][0]
    assert "&lt;b&gt;tebal&lt;/b&gt;" in html and "<b>" not in html
    assert "Please do not reply" in sent.body
    assert sent.subject.endswith("Info teknis 0")


def test_message_without_recipients_is_refused():
    with pytest.raises(OutboxError) as excinfo:
        services.message_create(
            topic="event:1", subject="s", body="b", created_by=None, recipients=[]
        )
    assert excinfo.value.code == "no_recipients"


def test_sending_again_sends_nobody_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _create(3)
    ids = list(message.deliveries.values_list("pk", flat=True))

    assert services.deliveries_send(delivery_ids=ids) == 0
    services.deliveries_recover()
    assert len(mail.outbox) == 3


def test_worker_killed_mid_batch_is_resumed_without_sending_twice():
    message = _create(5)  # no commit callbacks: nothing sent yet
    ids = list(message.deliveries.order_by("pk").values_list("pk", flat=True))
    services.deliveries_send(delivery_ids=ids[:2])
    # The worker claimed the third and died before it recorded the outcome.
    Delivery.objects.filter(pk=ids[2]).update(
        status=DeliveryStatus.SENDING, claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )

    # Later: the unclaimed ones waited longer than OUTBOX_STALE_MINUTES too.
    result = services.deliveries_recover(now=timezone.now() + timezone.timedelta(hours=1))

    assert result == {"interrupted": 1, "queued": 2, "retried": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "p0@example.org",
        "p1@example.org",
        "p3@example.org",
        "p4@example.org",
    ]
    assert Delivery.objects.get(pk=ids[2]).status == DeliveryStatus.FAILED


def test_resend_failed_sends_only_the_failed(django_capture_on_commit_callbacks):
    message = _create(2)
    first, second = message.deliveries.order_by("pk")
    Delivery.objects.filter(pk=first.pk).update(status=DeliveryStatus.FAILED)
    services.deliveries_send(delivery_ids=[second.pk])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_resend_failed(message=message) == 1

    assert [m.to[0] for m in mail.outbox] == [first.email]


def test_refused_address_is_bounced_and_suppressed(monkeypatch, django_capture_on_commit_callbacks):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"p0@example.org": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        message = _create(1)

    assert message.deliveries.get().status == DeliveryStatus.BOUNCED
    assert Suppression.objects.filter(address="p0@example.org").exists()

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        again = _create(1)
    assert again.deliveries.get().status == DeliveryStatus.BOUNCED
    assert mail.outbox == []


def test_wa_link_deliveries_wait_for_the_organiser(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _create(1, channel=Channel.WA_LINK)
    delivery = message.deliveries.get()
    assert delivery.status == DeliveryStatus.QUEUED and mail.outbox == []

    assert services.delivery_mark_sent(delivery=delivery, actor=None) is True
    assert services.delivery_mark_sent(delivery=delivery, actor=None) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_marking_an_email_delivery_is_refused():
    delivery = _create(1).deliveries.get()
    with pytest.raises(OutboxError) as excinfo:
        services.delivery_mark_sent(delivery=delivery, actor=None)
    assert excinfo.value.code == "not_by_hand"


def test_webhook_statuses_only_move_forward():
    delivery = _create(1, channel=Channel.WHATSAPP).deliveries.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENT, provider_id="w1")

    assert services.delivery_status_record(provider_id="w1", status="read")
    assert not services.delivery_status_record(provider_id="w1", status="delivered")
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.READ


def test_an_unreachable_mail_server_fails_the_deliveries_never_leaves_them_sending(
    settings, django_capture_on_commit_callbacks
):
    # Nothing listens on port 1: the connection is refused at once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    with django_capture_on_commit_callbacks(execute=True):
        message = _create(3)

    statuses = list(message.deliveries.values_list("status", "error"))
    assert [status for status, _error in statuses] == [DeliveryStatus.FAILED] * 3
    assert all(error.startswith("mail server unreachable") for _status, error in statuses)
    # Nothing was sent, so the organiser's "send again to the failed" sends them.
    assert services.deliveries_resend_failed(message=message) == 3


def test_recover_queues_a_waiting_delivery_once_per_stale_period(settings, monkeypatch):
    settings.OUTBOX_STALE_MINUTES = 15
    message = _create(3)  # no commit callbacks: their task is lost
    first, second, third = message.deliveries.order_by("pk")
    now = timezone.now()
    Delivery.objects.filter(pk__in=[first.pk, second.pk]).update(
        status_at=now - timezone.timedelta(minutes=20)
    )
    queued = []
    monkeypatch.setattr(services, "_dispatch_ids", lambda ids, queue: queued.append(ids))

    assert services.deliveries_recover(now=now)["queued"] == 2
    # Ten minutes later (the timer) the backlog is not queued a second time…
    later = now + timezone.timedelta(minutes=10)
    assert services.deliveries_recover(now=later)["queued"] == 0
    # …until it has waited a whole period again since.
    much_later = now + timezone.timedelta(minutes=16)
    assert services.deliveries_recover(now=much_later)["queued"] == 3

    assert queued == [[first.pk, second.pk], [first.pk, second.pk, third.pk]]
