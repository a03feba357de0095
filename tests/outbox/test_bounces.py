"""Bounces reported later by the mail server (delivery status notifications):
the e-mail leaves with a signed return address, and a permanent failure that
comes back to it marks the delivery bounced and suppresses the address."""

import io
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import call_command

from outbox import services
from outbox.bounces import bounce_record
from outbox.models import Channel, Delivery, DeliveryStatus, Suppression
from outbox.verp import return_path
from tests import factories

pytestmark = pytest.mark.django_db

BOUNCES = "bounces@dinas.example.go.id"


@pytest.fixture(autouse=True)
def collecting(settings):
    settings.OUTBOX_BOUNCE_ADDRESS = BOUNCES
    settings.DEFAULT_FROM_EMAIL = "Bimtek Diskominfo <bimtek@dinas.example.go.id>"


def _send(address="andi@example.org", django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_create(
            topic="event:1",
            subject="Info teknis",
            body="Bawa laptop.",
            created_by=factories.organiser_user(),
            recipients=[
                services.Recipient(
                    key="person:1",
                    name="Andi",
                    channel=Channel.EMAIL,
                    subject="Info teknis",
                    body="Bawa laptop.",
                    email=address,
                    language="id",
                )
            ],
        )
    return message.deliveries.get()


def _dsn(to: str, *, action="failed", status="5.1.1", diagnostic="smtp; 550 5.1.1 No such user"):
    """A delivery status notification as Postfix writes one (RFC 3464)."""
    return (
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
        f"To: {to}\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B1"\n'
        "\n"
        "--B1\n"
        "Content-Type: text/plain\n"
        "\n"
        "I'm sorry to have to inform you that your message could not be delivered.\n"
        "--B1\n"
        "Content-Type: message/delivery-status\n"
        "\n"
        "Reporting-MTA: dns; mx.example.org\n"
        "\n"
        "Final-Recipient: rfc822; andi@example.org\n"
        f"Action: {action}\n"
        f"Status: {status}\n"
        f"Diagnostic-Code: {diagnostic}\n"
        "\n"
        "--B1--\n"
    ).encode()


def test_the_email_leaves_with_a_signed_return_address_and_the_sites_from(
    django_capture_on_commit_callbacks,
):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    [sent] = mail.outbox
    assert sent.from_email == return_path(delivery.pk)
    assert sent.from_email.startswith(f"bounces+d{delivery.pk}-")
    assert sent.message()["From"] == "Bimtek Diskominfo <bimtek@dinas.example.go.id>"


def test_without_a_bounce_address_the_envelope_is_the_sites_address(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_BOUNCE_ADDRESS = ""
    _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL


def test_a_permanent_failure_reported_later_marks_the_delivery_and_the_address(
    django_capture_on_commit_callbacks,
):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert delivery.status == DeliveryStatus.SENT

    result = bounce_record(_dsn(return_path(delivery.pk)))

    delivery.refresh_from_db()
    assert result == "bounced"
    assert delivery.status == DeliveryStatus.BOUNCED
    assert "No such user" in delivery.error
    assert Suppression.objects.filter(address="andi@example.org", reason="bounced").exists()


def test_a_later_message_to_a_bounced_address_is_not_sent(django_capture_on_commit_callbacks):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    bounce_record(_dsn(return_path(delivery.pk)))
    mail.outbox.clear()

    again = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    assert again.status == DeliveryStatus.BOUNCED
    assert mail.outbox == []


def test_a_temporary_failure_changes_nothing(django_capture_on_commit_callbacks):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    result = bounce_record(
        _dsn(return_path(delivery.pk), action="delayed", status="4.2.2", diagnostic="mailbox full")
    )

    delivery.refresh_from_db()
    assert result == "temporary"
    assert delivery.status == DeliveryStatus.SENT
    assert not Suppression.objects.exists()


def test_a_forged_return_address_suppresses_nobody(django_capture_on_commit_callbacks):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    forged = f"bounces+d{delivery.pk}-000000000000@dinas.example.go.id"

    result = bounce_record(_dsn(forged))

    delivery.refresh_from_db()
    assert result == "unknown delivery"
    assert delivery.status == DeliveryStatus.SENT
    assert not Suppression.objects.exists()


def test_an_auto_reply_is_not_a_bounce(django_capture_on_commit_callbacks):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    reply = EmailMessage()
    reply["To"] = return_path(delivery.pk)
    reply["Subject"] = "Cuti: kembali 14 Desember"
    reply.set_content("Saya sedang cuti.")

    assert bounce_record(reply.as_bytes()) == "not a bounce"
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_garbage_on_the_pipe_is_answered_not_raised():
    assert bounce_record(b"\x00\xff not a mail at all") == "unknown delivery"


def test_the_command_reads_the_pipe_and_files(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    delivery = _send(django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    raw = _dsn(return_path(delivery.pk))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()

    call_command("outbox_bounce", stdout=out)

    assert "-: bounced" in out.getvalue()
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.BOUNCED

    (tmp_path / "1").write_bytes(raw)
    out = io.StringIO()
    call_command("outbox_bounce", str(tmp_path / "1"), "--delete", stdout=out)
    assert "bounced" in out.getvalue() and not (tmp_path / "1").exists()
