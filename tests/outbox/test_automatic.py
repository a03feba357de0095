"""Automatic messages in the outbox: a registered builder writes each e-mail
when the worker sends it; grouped per key, idempotent per recipient key,
created in the caller's transaction; skipped when no longer true; temporary
failures retried by themselves with back-off, never one that may have gone
out."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation

from outbox import builders, services
from outbox.automatic import AutoRecipient, automatic_queue
from outbox.models import Delivery, DeliveryStatus, Message, Suppression, SuppressionReason
from outbox.verp import return_path

pytestmark = pytest.mark.django_db

BUILT = []  # (payload, language) per call
HOLDS = {"yes": True}


def _build(payload):
    BUILT.append((payload, translation.get_language()))
    if not HOLDS["yes"]:
        raise builders.NoLongerHolds("Not true any more.")
    message = EmailMultiAlternatives(
        subject=f"Tiket {payload['n']}",
        body=f"Halo {payload['n']} ({translation.get_language()})",
        to=[f"p{payload['n']}@example.org"],
    )
    message.attach("tiket.pdf", b"%PDF-1.4 call " + str(len(BUILT)).encode(), "application/pdf")
    return message


@pytest.fixture(autouse=True)
def test_builder():
    BUILT.clear()
    HOLDS["yes"] = True
    builders.register(builders.Builder(name="test.ticket", build=_build, labels={"t": "Tiket"}))
    yield


def _queue(*numbers, key="auto:test:1:t", language="en", renew_skipped=False):
    return automatic_queue(
        key=key,
        topic="test:1",
        kind="t",
        builder="test.ticket",
        recipients=[
            AutoRecipient(
                key=f"person:{n}",
                name=f"Person {n}",
                email=f"p{n}@example.org",
                language=language,
                payload={"n": n},
            )
            for n in numbers
        ],
        renew_skipped=renew_skipped,
    )


def test_the_builder_writes_the_mail_in_the_recipients_language_with_the_outboxs_headers(
    django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_BOUNCE_ADDRESS = "bounces@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1, language="en")

    [sent] = mail.outbox
    delivery = Delivery.objects.get()
    assert BUILT == [({"n": 1}, "en")]
    assert sent.extra_headers["X-Bimtek-Delivery"] == str(delivery.pk)
    assert sent.from_email == return_path(delivery.pk)  # VERP envelope
    assert sent.extra_headers["From"] == settings.DEFAULT_FROM_EMAIL
    assert sent.attachments[0][0] == "tiket.pdf"
    assert delivery.status == DeliveryStatus.SENT
    assert (delivery.subject, delivery.body) == ("Tiket 1", "Halo 1 (en)")
    assert builders.label("t") == "Tiket"


def test_one_message_per_key_and_one_delivery_per_recipient_key(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1, 2)
    with django_capture_on_commit_callbacks(execute=True):
        _queue(2, 3)

    [message] = Message.objects.all()
    assert message.key == "auto:test:1:t" and message.kind == "t"
    assert message.deliveries.count() == 3
    assert sorted(m.to[0] for m in mail.outbox) == [
        "p1@example.org",
        "p2@example.org",
        "p3@example.org",
    ]


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _queue(1)
        raise RuntimeError("the change fails")

    assert not Delivery.objects.exists() and not Message.objects.exists()
    assert mail.outbox == []


def test_no_longer_holds_is_skipped_with_the_reason(django_capture_on_commit_callbacks):
    HOLDS["yes"] = False
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1)

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SKIPPED and delivery.error == "Not true any more."
    assert mail.outbox == []

    # queued again later, when it holds: a skipped one may be renewed
    HOLDS["yes"] = True
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1, renew_skipped=True)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(mail.outbox) == 1


def test_resend_calls_the_builder_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.deliveries_resend_failed(message=delivery.message) == 1

    assert len(BUILT) == 2
    first, second = (m.attachments[0][1] for m in mail.outbox)
    assert first != second  # written anew, not a stored copy


def test_a_hard_bounced_address_is_not_tried(django_capture_on_commit_callbacks):
    Suppression.objects.create(address="p1@example.org", reason=SuppressionReason.BOUNCED)
    Suppression.objects.create(address="p2@example.org", reason=SuppressionReason.OPTED_OUT)

    with django_capture_on_commit_callbacks(execute=True):
        _queue(1, 2)

    statuses = dict(Delivery.objects.values_list("recipient_key", "status"))
    assert statuses == {"person:1": DeliveryStatus.BOUNCED, "person:2": DeliveryStatus.SENT}
    assert [m.to[0] for m in mail.outbox] == ["p2@example.org"]  # essential: opted out gets it
    assert BUILT == [({"n": 2}, "en")]


def test_a_mail_server_down_is_retried_with_back_off_until_the_limit(
    django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.OUTBOX_RETRY_ATTEMPTS = 3
    settings.OUTBOX_RETRY_MINUTES = 5

    def unreachable(self, *args, **kwargs):
        raise ConnectionRefusedError("down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.open", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1)
    waits = []
    for _try in range(3):
        delivery = Delivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        if delivery.retry_at is None:
            break
        waits.append(delivery.retry_at - delivery.status_at)
        with django_capture_on_commit_callbacks(execute=True):
            assert services.deliveries_retry_due(now=delivery.retry_at) == 1

    assert waits == [dt.timedelta(minutes=5), dt.timedelta(minutes=10)]
    assert Delivery.objects.get().attempts == 3 and mail.outbox == []


def test_an_smtp_4xx_is_retried_and_a_5xx_is_not(django_capture_on_commit_callbacks, monkeypatch):
    answers = iter(
        [
            smtplib.SMTPDataError(451, b"try again later"),
            smtplib.SMTPDataError(554, b"rejected"),
        ]
    )

    def refuse(self, *args, **kwargs):
        raise next(answers)

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1)
        _queue(2)

    retry = dict(Delivery.objects.values_list("recipient_key", "retry_at"))
    assert retry["person:1"] is not None and retry["person:2"] is None


def test_an_interrupted_delivery_is_never_retried_by_itself(django_capture_on_commit_callbacks):
    _queue(1)  # not committed by the test's capture: nothing sent
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING,
        attempts=1,
        claim="x",
        claimed_at=timezone.now() - dt.timedelta(hours=1),
    )

    services.deliveries_recover()
    result = services.deliveries_recover(now=timezone.now() + dt.timedelta(days=1))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.retry_at is None
    assert result["retried"] == 0 and mail.outbox == []


def test_outbox_recover_retries_what_is_due(django_capture_on_commit_callbacks):
    _queue(1)
    delivery = Delivery.objects.get()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, retry_at=timezone.now() - dt.timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = services.deliveries_recover()

    assert result["retried"] == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and delivery.retry_at is None


def test_a_builder_that_breaks_fails_the_delivery_retried_by_itself(
    django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_RETRY_ATTEMPTS = 2
    builders.register(builders.Builder(name="test.ticket", build=lambda payload: 1 / 0, labels={}))
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1)

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and "could not be written" in delivery.error
    assert delivery.retry_at is not None  # nothing was sent: tried again later

    with django_capture_on_commit_callbacks(execute=True):
        services.deliveries_retry_due(now=delivery.retry_at)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert delivery.retry_at is None  # bounded: resendable by hand from now on


def test_a_batch_that_failed_for_a_while_asks_the_queue_for_one_later_run(
    django_capture_on_commit_callbacks, monkeypatch
):
    from outbox import tasks

    later = []

    class Deferred:
        supports_defer = True

    class Recorder:
        def get_backend(self):
            return Deferred()

        def using(self, *, run_after):
            later.append(run_after)
            return self

        def enqueue(self):
            pass

    def unreachable(self, *args, **kwargs):
        raise ConnectionRefusedError("down")

    monkeypatch.setattr(tasks, "retry_deliveries", Recorder())
    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.open", unreachable)
    with django_capture_on_commit_callbacks(execute=True):
        _queue(1, 2, 3)

    retry_times = list(Delivery.objects.values_list("retry_at", flat=True))
    assert all(retry_times) and later == [max(retry_times)]
