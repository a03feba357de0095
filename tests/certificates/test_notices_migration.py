"""The upgrade that moved certificate e-mails into the outbox carries the
notices already sent: after it, closing and reopening the downloads tells
nobody who was told before (certificates migration 0010)."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certificates import services
from outbox.models import Delivery, DeliveryStatus, Message
from tests.certificates.test_notices import person, set_downloads

BEFORE = ("certificates", "0009_alter_certificatesettings_signatory2_nip_and_more")


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_notices_sent_before_the_upgrade_are_not_sent_again(
    cert_event, organiser, django_capture_on_commit_callbacks
):
    settings = cert_event.cert_settings
    told = person(cert_event, email="told@example.org")
    new = person(cert_event, email="new@example.org")
    corrected = person(cert_event, email="corrected@example.org")
    certificate = services.certificate_issue(actor=organiser, registration=corrected)
    Delivery.objects.all().delete()
    Message.objects.all().delete()

    executor = _executor()
    executor.migrate([BEFORE])
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "certificates"]
    old = executor.loader.project_state([BEFORE, *others]).apps
    notice = old.get_model("certificates", "CertificateNotice")
    notice.objects.create(kind="available", registration_id=told.pk)
    notice.objects.create(
        kind="revoked", registration_id=corrected.pk, certificate_id=certificate.pk
    )

    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())

    available = Message.objects.get(key=f"auto:event:{cert_event.pk}:certificate_available")
    assert (available.topic, available.kind) == (f"event:{cert_event.pk}", "certificate_available")
    [carried] = available.deliveries.all()
    assert carried.recipient_key == f"registration:{told.pk}"
    assert (carried.status, carried.email) == (DeliveryStatus.SENT, "told@example.org")
    assert carried.sent_at is not None and carried.builder == "certificates.notice"
    revoked = Delivery.objects.get(message__key=f"auto:event:{cert_event.pk}:certificate_revoked")
    assert revoked.recipient_key == f"certificate:{certificate.pk}"
    assert revoked.status == DeliveryStatus.SENT

    set_downloads(settings, organiser, open_=False, capture=django_capture_on_commit_callbacks)
    set_downloads(settings, organiser, open_=True, capture=django_capture_on_commit_callbacks)

    told_again = sorted(m.to[0] for m in mail.outbox)
    assert told_again == sorted(["new@example.org", "corrected@example.org"])
    assert new.pk  # told for the first time
