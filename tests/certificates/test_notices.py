"""E-mails to a certificate's holder (issue 14): available (downloads opened,
or a bulk run while they are open), revoked (with the reason), reissued —
each once, after commit, in the holder's language."""

import pytest
from django.core import mail
from django.db import transaction

from certificates import emails, services
from certificates.models import CertificateJob
from certificates.tasks import run_certificate_job
from outbox.models import Delivery, Message
from tests import factories

pytestmark = pytest.mark.django_db


def person(event, *, attended=True, language="en", **participant):
    registration = factories.RegistrationFactory(
        event=event,
        participant__language=language,
        **{f"participant__{k}": v for k, v in participant.items()},
    )
    factories.attend(registration, event.countable if attended else event.countable[:1])
    return registration


def set_downloads(settings, actor, *, open_: bool, capture):
    with capture(execute=True):
        services.certificate_settings_update(
            actor=actor, settings=settings, changes={"downloads_open": open_}
        )


@pytest.fixture
def closed(cert_event):
    cert_event.cert_settings.downloads_open = False
    cert_event.cert_settings.save()
    return cert_event.cert_settings


def test_opening_downloads_emails_each_available_holder_once(
    cert_event, closed, organiser, django_capture_on_commit_callbacks
):
    person(cert_event, email="ready@example.org")
    issued = person(cert_event, email="issued@example.org")
    services.certificate_issue(actor=organiser, registration=issued)
    person(cert_event, attended=False, email="partial@example.org")

    set_downloads(closed, organiser, open_=True, capture=django_capture_on_commit_callbacks)
    first = {m.to[0]: m for m in mail.outbox}
    set_downloads(closed, organiser, open_=False, capture=django_capture_on_commit_callbacks)
    set_downloads(closed, organiser, open_=True, capture=django_capture_on_commit_callbacks)

    assert set(first) == {"ready@example.org", "issued@example.org"}
    message = first["ready@example.org"]
    assert message.subject == f"[Bimtek] Your certificate is ready: {cert_event.title}"
    assert "can now be downloaded" in message.body
    assert issued.certificates.get().number in first["issued@example.org"].body
    assert len(mail.outbox) == 2  # closing and reopening tells nobody again
    [message] = Message.objects.filter(kind="certificate_available")
    assert message.key == f"auto:event:{cert_event.pk}:certificate_available"
    assert sorted(message.deliveries.values_list("status", flat=True)) == ["sent", "sent"]


def test_opening_downloads_in_a_rolled_back_save_emails_nobody(
    cert_event, closed, organiser, django_capture_on_commit_callbacks
):
    person(cert_event)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.certificate_settings_update(
            actor=organiser, settings=closed, changes={"downloads_open": True}
        )
        raise RuntimeError("the save fails after")

    assert mail.outbox == []


def test_bulk_run_emails_the_newly_issued_once_when_downloads_are_open(
    cert_event, organiser, django_capture_on_commit_callbacks
):
    person(cert_event, email="a@example.org")
    person(cert_event, email="b@example.org")

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.certificate_job_start(
                actor=organiser, event=cert_event, output="pdf", task=run_certificate_job
            )

    assert CertificateJob.objects.filter(status="done").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]


def test_bulk_run_with_downloads_closed_emails_nobody_until_they_open(
    cert_event, closed, organiser, django_capture_on_commit_callbacks
):
    person(cert_event, email="a@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_job_start(
            actor=organiser, event=cert_event, output="pdf", task=run_certificate_job
        )
    assert mail.outbox == []
    set_downloads(closed, organiser, open_=True, capture=django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mail.outbox] == ["a@example.org"]


def test_revoking_emails_the_holder_the_reason_once(
    cert_event, organiser, django_capture_on_commit_callbacks
):
    registration = person(cert_event, email="hafiz@example.org")
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(
            actor=organiser, certificate=certificate, reason="Nama tertukar dengan peserta lain"
        )

    [message] = mail.outbox
    assert message.to == ["hafiz@example.org"]
    assert message.subject == f"[Bimtek] Certificate revoked: {cert_event.title}"
    assert certificate.number in message.body
    assert "Reason: Nama tertukar dengan peserta lain" in message.body
    assert "Nama tertukar" in message.alternatives[0][0]
    certificate.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        emails.notify_revoked(certificate)  # queued again: told once
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(message__kind="certificate_revoked").count() == 1


def test_reissuing_emails_one_message_with_both_numbers(
    cert_event, organiser, django_capture_on_commit_callbacks
):
    registration = person(cert_event, email="wulan@example.org")
    old = services.certificate_issue(actor=organiser, registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_reissue(actor=organiser, certificate=old, reason="Gelar salah")

    [message] = mail.outbox
    assert message.subject == f"[Bimtek] Certificate reissued: {cert_event.title}"
    assert old.number in message.body and new.number in message.body
    assert "Reason: Gelar salah" in message.body
    assert new.verify_url in message.body


def test_issuing_after_a_revocation_replaces_it_and_emails_the_holder(
    cert_event, organiser, django_capture_on_commit_callbacks
):
    registration = person(cert_event)
    old = services.certificate_issue(actor=organiser, registration=registration)
    services.certificate_revoke(actor=organiser, certificate=old, reason="Salah ketik")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        new = services.certificate_issue(actor=organiser, registration=registration)

    assert new.replaces == old
    [message] = mail.outbox
    assert "reissued" in message.subject and old.number in message.body


def test_certificate_emails_are_written_in_the_holders_language(
    cert_event, organiser, django_capture_on_commit_callbacks
):
    registration = person(cert_event, language="id", email="siti@example.org")
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_revoke(actor=organiser, certificate=certificate, reason="Data salah")

    [message] = mail.outbox
    assert message.subject == f"[Bimtek] Sertifikat dicabut: {cert_event.title}"
    assert "Alasan: Data salah" in message.body


def test_an_issue_rolled_back_leaves_neither_certificate_nor_its_email(cert_event, organiser):
    registration = person(cert_event, email="a@example.org")

    with pytest.raises(RuntimeError), transaction.atomic():
        services.certificate_issue(actor=organiser, registration=registration, announce=True)
        assert Delivery.objects.filter(recipient_key=f"registration:{registration.pk}").exists()
        raise RuntimeError("the run fails after the issue")

    assert not registration.certificates.exists()
    assert not Delivery.objects.exists()


def test_a_bulk_run_that_dies_after_an_issue_keeps_that_certificates_email(
    cert_event, organiser, monkeypatch, django_capture_on_commit_callbacks
):
    """Before, the run queued its "available" mails after every issue's own
    transaction: a crash in between lost them for good."""
    from certificates.services import jobs

    first = person(cert_event, email="a@example.org")
    person(cert_event, email="b@example.org")
    update = jobs._update_job

    def dies_once_one_is_issued(job, **fields):
        if fields.get("issued"):
            raise RuntimeError("the worker dies")
        update(job, **fields)

    monkeypatch.setattr(jobs, "_update_job", dies_once_one_is_issued)
    monkeypatch.setattr(jobs, "PROGRESS_EVERY", 1)
    with django_capture_on_commit_callbacks(execute=False):
        job = services.certificate_job_start(
            actor=organiser, event=cert_event, output="pdf", task=run_certificate_job
        )
        with pytest.raises(RuntimeError):
            jobs.certificate_job_run(job_id=job.pk)

    [certificate] = first.certificates.all()
    [delivery] = Delivery.objects.filter(message__kind="certificate_available")
    assert delivery.recipient_key == f"registration:{first.pk}"
    assert delivery.payload["certificate"] == certificate.pk


def test_a_failure_queueing_the_reissue_mail_leaves_no_replacement_and_no_delivery(
    cert_event, organiser, monkeypatch
):
    registration = person(cert_event)
    old = services.certificate_issue(actor=organiser, registration=registration)
    services.certificate_revoke(actor=organiser, certificate=old, reason="Salah ketik")

    def broken(*args, **kwargs):
        raise RuntimeError("the queueing fails")

    monkeypatch.setattr(emails, "automatic_queue", broken)
    with pytest.raises(RuntimeError):
        services.certificate_issue(actor=organiser, registration=registration)

    assert list(registration.certificates.values_list("pk", flat=True)) == [old.pk]
    assert not Delivery.objects.filter(message__kind="certificate_reissued").exists()
