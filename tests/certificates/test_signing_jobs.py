"""Signing inside the bulk run: issued, signed, stored; a failing signer
stops the run with its reason and the next run continues without issuing a
number twice; the ZIP holds the stored signed files."""

import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import translation

from certificates import services
from certificates.models import Certificate, CertificateJob, JobStatus, SignedDocument
from certificates.services import signing as signing_service
from certificates.signing import config
from certificates.signing.base import SigningError
from certificates.signing.validation import signatures_in
from certificates.tasks import run_certificate_job
from tests import factories
from tests.certificates.signing_keys import authority, local_signing

__all__ = ["authority", "local_signing"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    translation.deactivate()


@pytest.fixture
def crowd(cert_event):
    people = factories.RegistrationFactory.create_batch(5, event=cert_event)
    for registration in people:
        factories.attend(registration, cert_event.countable)
    return people


def url(name, event, **kwargs):
    return reverse(f"certificates:{name}", kwargs={"code": event.code, **kwargs})


def start(client, event, capture, output="zip"):
    with capture(execute=True):
        response = client.post(url("job_start", event), {"output": output})
    assert response.status_code == 302
    return CertificateJob.objects.filter(event=event).order_by("-id").first()


def _numbers(event) -> list[int]:
    return sorted(Certificate.objects.filter(event=event).values_list("sequence", flat=True))


def test_bulk_run_signs_every_certificate_and_zips_the_stored_files(
    client, organiser, cert_event, crowd, local_signing, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    job = start(client, cert_event, django_capture_on_commit_callbacks)

    assert job.status == JobStatus.DONE, job.error
    assert job.signed == 5
    archive = zipfile.ZipFile(
        io.BytesIO(
            b"".join(client.get(url("job_download", cert_event, pk=job.pk)).streaming_content)
        )
    )
    stored = {services.stored_pdf(document) for document in SignedDocument.objects.all()}
    assert len(archive.namelist()) == 5
    for name in archive.namelist():
        data = archive.read(name)
        assert data in stored  # byte for byte the stored file
        [report] = signatures_in(data)
        assert report.valid
    status = client.get(url("job_status", cert_event, pk=job.pk)).json()
    assert status["signed"] == 5
    assert isinstance(status["ms_per_signature"], int)
    page = client.get(url("organiser_list", cert_event))
    assert "5</span> signed" in page.text
    assert "ms per signature" in page.text


def test_a_failing_signer_stops_the_run_and_the_next_run_continues(
    client,
    organiser,
    cert_event,
    crowd,
    local_signing,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    client.force_login(organiser)
    real_sign = signing_service.certificate_sign
    calls = []

    def refuse_after_two(**kwargs):
        calls.append(1)
        if len(calls) > 2:
            raise SigningError(
                "The signing service refused the signer's passphrase.", code="signer_rejected"
            )
        return real_sign(**kwargs)

    monkeypatch.setattr("certificates.services.job_signing.certificate_sign", refuse_after_two)
    start(client, cert_event, django_capture_on_commit_callbacks)  # the task fails

    failed = CertificateJob.objects.get()
    assert failed.status == JobStatus.FAILED
    assert failed.error.startswith("Signing stopped after 2 certificates:")
    assert "passphrase" in failed.error
    assert _numbers(cert_event) == [1, 2, 3, 4, 5]  # all issued, none signed twice
    assert SignedDocument.objects.count() == 2

    monkeypatch.setattr("certificates.services.job_signing.certificate_sign", real_sign)
    again = start(client, cert_event, django_capture_on_commit_callbacks)

    assert again.status == JobStatus.DONE, again.error
    assert (again.issued, again.signed) == (0, 3)
    assert _numbers(cert_event) == [1, 2, 3, 4, 5]
    assert SignedDocument.objects.count() == 5


def test_a_misconfigured_signer_is_refused_before_any_run(
    client,
    organiser,
    cert_event,
    crowd,
    local_signing,
    tmp_path,
    django_capture_on_commit_callbacks,
):
    client.force_login(organiser)
    local_signing.CERTIFICATE_SIGNING_PKCS12_PASSWORD = "wrong"
    config.forget_signers()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("job_start", cert_event), {"output": "zip"}, follow=True)

    assert "The PKCS#12 file does not open" in response.text
    assert not CertificateJob.objects.exists()
    assert not Certificate.objects.exists()


def test_resume_after_a_killed_worker_signs_the_rest(
    organiser, cert_event, crowd, local_signing, monkeypatch, django_capture_on_commit_callbacks
):
    class Killed(BaseException):
        pass

    real_sign = signing_service.certificate_sign
    done = []

    def sign_then_die(**kwargs):
        if len(done) == 3:
            raise Killed
        done.append(real_sign(**kwargs))
        return done[-1]

    job = CertificateJob.objects.create(event=cert_event, output="pdf", created_by=organiser)
    monkeypatch.setattr("certificates.services.job_signing.certificate_sign", sign_then_die)
    with pytest.raises(Killed):
        services.certificate_job_run(job_id=job.pk)
    monkeypatch.setattr("certificates.services.job_signing.certificate_sign", real_sign)
    CertificateJob.objects.filter(pk=job.pk).update(runner="elsewhere:1:1", heartbeat_at=None)
    CertificateJob.objects.filter(pk=job.pk).update(heartbeat_at=job.created_at.replace(year=2000))

    with django_capture_on_commit_callbacks(execute=True):
        rerun = services.certificate_job_start(
            actor=organiser, event=cert_event, output="pdf", task=run_certificate_job
        )

    rerun.refresh_from_db()
    assert rerun.status == JobStatus.DONE, rerun.error
    assert (rerun.issued, rerun.signed) == (0, 2)
    assert _numbers(cert_event) == [1, 2, 3, 4, 5]
    for document in SignedDocument.objects.all():
        assert all(report.valid for report in signatures_in(services.stored_pdf(document)))
