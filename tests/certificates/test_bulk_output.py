"""What a bulk run writes and shows (issue 14): its counts from the start,
the order the organiser chose, what it leaves revoked, and a ZIP of one PDF
per person sized for sending, its size said before the download."""

import io
import zipfile

import pypdf
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from certificates import services
from certificates.models import Certificate, CertificateJob, JobStatus
from tests import factories
from tests.certificates.pdfcheck import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    yield
    # a request leaves its language active in the thread: give the next test
    # the default (test_jobs asserts an Indonesian message)
    translation.deactivate()


def url(name, event, **kwargs):
    return reverse(f"certificates:{name}", kwargs={"code": event.code, **kwargs})


def eligible(event, name, institution=None):
    extra = {"participant__institution__name": institution} if institution else {}
    registration = factories.RegistrationFactory(event=event, participant__full_name=name, **extra)
    factories.attend(registration, event.countable)
    return registration


def run(client, event, capture, **data):
    with capture(execute=True):
        response = client.post(url("job_start", event), data)
    assert response.status_code == 302
    job = CertificateJob.objects.filter(event=event).order_by("-id").first()
    assert job.status == JobStatus.DONE, job.error
    return job, b"".join(client.get(url("job_download", event, pk=job.pk)).streaming_content)


def test_a_run_knows_what_it_will_issue_and_write_from_the_start(client, organiser, cert_event):
    done = eligible(cert_event, "Sudah Terbit")
    services.certificate_issue(actor=organiser, registration=done)
    for index in range(3):
        eligible(cert_event, f"Belum {index}")
    client.force_login(organiser)

    client.post(url("job_start", cert_event), {"output": "pdf"})  # queued, not run
    job = CertificateJob.objects.get(event=cert_event)
    status = client.get(url("job_status", cert_event, pk=job.pk)).json()
    page = client.get(url("organiser_list", cert_event))

    assert (job.status, job.to_issue, job.total, job.issued) == (JobStatus.QUEUED, 3, 4, 0)
    assert (status["issued"], status["to_issue"], status["total"]) == (0, 3, 4)
    assert '<span data-job-field="to_issue">3</span> issued' in page.text
    assert '<span data-job-field="total">4</span> written' in page.text


def test_a_run_leaves_what_the_organiser_revoked_revoked(
    client, organiser, cert_event, django_capture_on_commit_callbacks
):
    revoked = eligible(cert_event, "Dicabut")
    certificate = services.certificate_issue(actor=organiser, registration=revoked)
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Salah orang")
    eligible(cert_event, "Baru")
    client.force_login(organiser)

    job, _body = run(client, cert_event, django_capture_on_commit_callbacks, output="pdf")

    assert (job.to_issue, job.issued, job.total) == (1, 1, 1)
    assert not Certificate.objects.filter(registration=revoked, revoked_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("number", ["Citra", "Adi", "Bayu"]),
        ("name", ["Adi", "Bayu", "Citra"]),
        ("institution", ["Citra", "Bayu", "Adi"]),  # Bank…, BPS, PT…
    ],
)
def test_merged_pdf_follows_the_chosen_order(
    client, organiser, cert_event, django_capture_on_commit_callbacks, order, expected
):
    for name, institution in [("Citra", "Bank Riau Kepri"), ("Adi", "PT Pelindo"), ("Bayu", "BPS")]:
        services.certificate_issue(
            actor=organiser, registration=eligible(cert_event, name, institution)
        )
    client.force_login(organiser)

    job, body = run(
        client, cert_event, django_capture_on_commit_callbacks, output="pdf", order=order
    )

    pages = [pdf_text(body, page=index) for index in range(3)]
    printed = [next(name for name in expected if name in text) for text in pages]
    assert job.order == order and printed == expected


def test_zip_in_name_order_lists_its_files_in_that_order(
    client, organiser, cert_event, django_capture_on_commit_callbacks
):
    for name in ["Zainal", "Ani", "Made"]:
        eligible(cert_event, name)
    client.force_login(organiser)

    _job, body = run(
        client, cert_event, django_capture_on_commit_callbacks, output="zip", order="name"
    )

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = archive.namelist()
    assert names == sorted(names)
    assert [name.split("-")[1] for name in names] == ["ani", "made", "zainal"]


def noisy_background() -> SimpleUploadedFile:
    """An A4 background at 300 dpi that compresses like a photo."""
    noise = Image.effect_noise((877, 620), 60).resize((3508, 2480))
    image = Image.merge("RGB", [noise, noise.rotate(180), noise]).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return SimpleUploadedFile("background.jpg", out.getvalue(), content_type="image/jpeg")


def test_zip_pdfs_carry_a_compact_background_and_the_page_says_the_size_before(
    client, organiser, cert_event, django_capture_on_commit_callbacks
):
    settings = cert_event.cert_settings
    services.certificate_settings_update(
        actor=organiser, settings=settings, changes={}, uploads={"background": noisy_background()}
    )
    for index in range(4):
        eligible(cert_event, f"Peserta {index}")
    client.force_login(organiser)
    page = client.get(url("organiser_list", cert_event))

    job, body = run(client, cert_event, django_capture_on_commit_callbacks, output="zip")

    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        first = archive.read(archive.namelist()[0])
    background = (
        pypdf.PdfReader(io.BytesIO(first))
        .pages[0]["/Resources"]["/XObject"]["/FormXob.background"]
        .get_object()
    )
    assert background["/Width"] <= 1754  # 150 dpi on A4, not the stored 2480
    single = client.get(url("pdf", cert_event, pk=Certificate.objects.first().pk)).content
    assert len(first) < 0.6 * len(single)  # the download keeps the stored background
    said = page.text.split('data-testid="expected-size-zip">')[1].split("</div>")[0]
    assert "4 PDFs of about" in said
    from certificates import rendering

    expected = rendering.output_sizes(settings, 4)["zip"]
    assert abs(expected - job.file_size) < 0.1 * job.file_size
    assert 'data-testid="expected-size-pdf"' in page.text
