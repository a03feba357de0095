"""The worker claims a chunk of deliveries with one UPDATE and renders the
e-mail frame once per language (issue 17, docs/benchmarks.md): the same
mails as before, fewer queries and renders, still at most once."""

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import timezone

from outbox import services
from outbox.channels import email as email_channel
from outbox.models import Channel, Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "email", "certificates"],
    }
}


def _create(n, *, body="Yth. Bapak/Ibu, bawa laptop.", language="id", unsubscribe_url=""):
    return services.message_create(
        topic="event:1",
        subject="Info",
        body=body,
        created_by=None,
        recipients=[
            services.Recipient(
                key=f"p:{i}",
                name=f"P {i}",
                channel=Channel.EMAIL,
                subject=f"Info <{i}>",
                body=body,
                email=f"p{i}@example.org",
                language=language if i % 2 else "en",
                unsubscribe_url=unsubscribe_url,
            )
            for i in range(n)
        ],
    )


def _ids(message):
    return list(message.deliveries.order_by("pk").values_list("pk", flat=True))


def test_queries_do_not_grow_three_per_delivery(settings, django_assert_max_num_queries):
    settings.OUTBOX_CLAIM_SIZE = 50
    ids = _ids(_create(40))

    # Two to claim the chunk, one to record each outcome, the savepoint-free rest.
    with django_assert_max_num_queries(40 + 4):
        assert services.deliveries_send(delivery_ids=ids) == 40

    assert len(mail.outbox) == 40


def test_the_frame_is_rendered_once_per_language(monkeypatch):
    renders = []
    real = email_channel.render_to_string

    def counting(name, context=None, *args, **kwargs):
        renders.append(name)
        return real(name, context, *args, **kwargs)

    monkeypatch.setattr(email_channel, "render_to_string", counting)
    ids = _ids(_create(30))

    services.deliveries_send(delivery_ids=ids)

    assert len(mail.outbox) == 30
    assert len(renders) == 4  # text + HTML, for "id" and "en"


def test_a_mail_is_what_the_template_gave_before(settings):
    body = (
        "Yth. Budi,\n\n<script>alert(1)</script> & lihat https://example.org/a?b=1&c=2\n"
        "BIMTEKBODY tetap teks."
    )
    url = "http://testserver/unsubscribe/1:abc/"
    ids = _ids(_create(2, body=body, unsubscribe_url=url))

    services.deliveries_send(delivery_ids=ids)

    english, indonesian = sorted(mail.outbox, key=lambda m: m.to[0])
    html = indonesian.alternatives[0][0]
    expected = Template("{{ body|urlize|linebreaks }}").render(Context({"body": body}))
    assert expected in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<title>Info &lt;1&gt;</title>" in html
    assert f'<a href="{url}">' in html
    assert indonesian.body.startswith(body + "\n\n-- \n")
    assert f"Berhenti berlangganan: {url}" in indonesian.body
    assert f"Unsubscribe: {url}" in english.body
    assert "BIMTEKBODY tetap teks." in indonesian.body


def test_a_killed_chunk_leaves_only_the_one_in_flight_interrupted(settings):
    settings.TASKS = DUMMY_TASKS
    ids = _ids(_create(5))
    _token, claimed = services._claim_chunk(ids)
    assert [d.pk for d in claimed] == ids
    # The worker sent the first two, was sending the third, and died.
    Delivery.objects.filter(pk__in=ids[:2]).update(status=DeliveryStatus.SENT)
    Delivery.objects.filter(pk__in=ids).update(
        claimed_at=timezone.now() - timezone.timedelta(hours=1)
    )

    result = services.deliveries_recover()

    assert result == {"interrupted": 1, "queued": 2, "retried": 0}
    statuses = dict(Delivery.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses[ids[2]] == DeliveryStatus.FAILED
    assert statuses[ids[3]] == statuses[ids[4]] == DeliveryStatus.QUEUED
    assert services.deliveries_send(delivery_ids=ids) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["p3@example.org", "p4@example.org"]


def test_a_chunk_past_its_deadline_is_given_back_untried(settings, monkeypatch):
    settings.TASKS = DUMMY_TASKS
    settings.OUTBOX_CLAIM_SIZE = 3
    ids = _ids(_create(5))
    clock = iter([0.0, 0.0, 10**6])  # the deadline, the first delivery, then far too late
    monkeypatch.setattr(services.time, "monotonic", lambda: next(clock, 10**6))

    assert services.deliveries_send(delivery_ids=ids) == 1

    statuses = list(
        Delivery.objects.filter(pk__in=ids).order_by("pk").values_list("status", flat=True)
    )
    assert statuses == [DeliveryStatus.SENT] + [DeliveryStatus.QUEUED] * 4
    assert Delivery.objects.filter(pk__in=ids, claim="").count() == 4
