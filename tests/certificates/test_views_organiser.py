"""Organiser pages: the certificate list, exceptions, issuing and
revoking, settings and preview, bulk runs (Django test client)."""

import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from bimtek.models import AuditEntry
from certificates import services
from certificates.models import Certificate, CertificateJob, EligibilityException, JobStatus
from tests import factories
from tests.certificates.pdfcheck import page_count, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def eligible(cert_event):
    registration = factories.RegistrationFactory(
        event=cert_event, participant__full_name="Wulan Lestari"
    )
    factories.attend(registration, cert_event.countable)
    return registration


def url(name, event, **kwargs):
    return reverse(f"certificates:{name}", kwargs={"code": event.code, **kwargs})


# --- who may open what --------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
@pytest.mark.parametrize("page", ["organiser_list", "settings", "preview"])
def test_organiser_pages_are_for_organisers(client, user_for_role, event, role, expected, page):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.get(url(page, event))

    assert response.status_code == expected
    if role == "anonymous":
        assert reverse("account_login") in response["Location"]


# --- organiser list -------------------------------------------------------------


def test_certificate_list_shows_progress_and_counts(client, organiser, cert_event, eligible):
    partial = factories.RegistrationFactory(event=cert_event, participant__full_name="Eko Saputra")
    factories.attend(partial, cert_event.countable[:1])
    client.force_login(organiser)

    response = client.get(url("organiser_list", cert_event))

    assert "Wulan Lestari" in response.text and "Eko Saputra" in response.text
    assert "1 of 4 sessions, 2 of 8 JP" in response.text
    assert response.context["counts"] == {"total": 2, "eligible": 1, "issued": 0, "to_issue": 1}


def test_certificate_list_filters_and_searches(client, organiser, cert_event, eligible):
    factories.RegistrationFactory(event=cert_event, participant__full_name="Eko Saputra")
    client.force_login(organiser)

    eligible_only = client.get(url("organiser_list", cert_event), {"filter": "eligible"})
    searched = client.get(url("organiser_list", cert_event), {"q": "eko"})

    assert "Wulan" in eligible_only.text and "Eko Saputra" not in eligible_only.text
    assert "Eko Saputra" in searched.text and "Wulan" not in searched.text


def test_certificate_list_queries_do_not_grow_with_rows(
    client, organiser, cert_event, django_assert_num_queries
):
    def add(n):
        for _ in range(n):
            registration = factories.RegistrationFactory(event=cert_event)
            factories.attend(registration, cert_event.countable[:2])
            services.eligibility_exception_set(
                actor=organiser, registration=registration, decision="grant", reason="ok"
            )
            services.certificate_issue(actor=organiser, registration=registration)

    add(1)
    client.force_login(organiser)
    client.get(url("organiser_list", cert_event))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url("organiser_list", cert_event))
    add(4)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url("organiser_list", cert_event))
    assert response.context["counts"]["issued"] == 5


# --- organiser actions ----------------------------------------------------------


def test_organiser_grants_an_exception_with_a_reason(client, organiser, cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    client.force_login(organiser)

    missing = client.post(
        url("exception", cert_event, pk=registration.pk), {"decision": "grant", "reason": ""}
    )
    granted = client.post(
        url("exception", cert_event, pk=registration.pk),
        {"decision": "grant", "reason": "Tugas dinas luar kota"},
    )

    assert missing.status_code == 200
    assert missing.context["exception_form"].errors["reason"]
    assert granted.status_code == 302
    assert EligibilityException.objects.get(registration=registration).reason == (
        "Tugas dinas luar kota"
    )


def test_organiser_issues_revokes_and_reissues(client, organiser, eligible):
    event = eligible.event
    client.force_login(organiser)

    client.post(url("issue", event, pk=eligible.pk))
    certificate = Certificate.objects.get(registration=eligible)
    empty = client.post(url("revoke", event, pk=certificate.pk), {"revoke-reason": ""})
    client.post(url("reissue", event, pk=certificate.pk), {"reissue-reason": "Gelar salah"})

    assert empty.status_code == 200 and empty.context["revoke_form"].errors["reason"]
    certificate.refresh_from_db()
    assert certificate.revoke_reason == "Gelar salah"
    replacement = Certificate.objects.get(registration=eligible, revoked_at__isnull=True)
    assert replacement.replaces == certificate
    page = client.get(url("registration", event, pk=eligible.pk))
    assert replacement.number in page.text and "Gelar salah" in page.text


def test_organiser_cannot_reach_another_events_certificate(client, organiser, eligible):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    other_event = factories.EventFactory()
    client.force_login(organiser)

    response = client.get(url("pdf", other_event, pk=certificate.pk))

    assert response.status_code == 404


# --- settings and preview -------------------------------------------------------


def settings_data(event, **overrides):
    from certificates.forms import CertificateSettingsForm

    form = CertificateSettingsForm(instance=event.cert_settings)
    data = {}
    for name in form.Meta.fields:
        value = form.initial.get(name)
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = value
    data.update(overrides)
    return data


def test_settings_are_saved(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("settings", cert_event),
        settings_data(
            cert_event, title="PIAGAM PENGHARGAAN", eligibility_rule="jp_percent", min_percent="75"
        ),
    )

    assert response.status_code == 302
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.title == "PIAGAM PENGHARGAAN"
    assert cert_event.cert_settings.min_percent == 75
    assert AuditEntry.objects.filter(action="certificate.settings").exists()


def test_settings_refuse_bad_input_with_messages_not_500(client, organiser, cert_event):
    client.force_login(organiser)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url("settings", cert_event),
        {
            **settings_data(
                cert_event,
                body_participant="Halo {nama}",
                min_percent="150",
                number_pattern="SERT/{year}",
                signatory_nip="123",
            ),
            "background": SimpleUploadedFile("bg.png", b"<svg>not a png</svg>"),
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"body_participant", "min_percent", "number_pattern", "signatory_nip", "background"} <= (
        set(errors)
    )
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.number_pattern != "SERT/{year}"


def test_preview_shows_unsaved_edits(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("preview", cert_event), settings_data(cert_event, title="PRATINJAU BARU")
    )

    assert response.status_code == 200
    assert "PRATINJAU BARU" in pdf_text(response.content)
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.title != "PRATINJAU BARU"


def test_preview_of_saved_settings_for_each_role(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.get(url("preview", cert_event), {"role": "narasumber"})

    assert response.status_code == 200
    assert "Narasumber" in pdf_text(response.content)


# --- bulk runs ------------------------------------------------------------------


@pytest.fixture
def crowd(cert_event):
    """Three complete attendees, one partial, one speaker (certified by role)."""
    people = []
    for index in range(3):
        registration = factories.RegistrationFactory(
            event=cert_event, participant__full_name=f"Peserta Lengkap {index}"
        )
        factories.attend(registration, cert_event.countable)
        people.append(registration)
    factories.attend(factories.RegistrationFactory(event=cert_event), cert_event.countable[:1])
    people.append(factories.RegistrationFactory(event=cert_event, role="narasumber"))
    return people


@pytest.mark.parametrize(("output", "suffix"), [("zip", ".zip"), ("pdf", ".pdf")])
def test_bulk_run_issues_all_eligible_and_produces_the_file(
    client, organiser, cert_event, crowd, django_capture_on_commit_callbacks, output, suffix
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("job_start", cert_event), {"output": output})

    assert response.status_code == 302
    job = CertificateJob.objects.get(event=cert_event)
    assert job.status == JobStatus.DONE, job.error
    assert (job.issued, job.total, job.processed) == (4, 4, 4)
    status = client.get(url("job_status", cert_event, pk=job.pk)).json()
    assert status["finished"] and status["percent"] == 100 and status["download_url"]
    download = client.get(status["download_url"])
    body = b"".join(download.streaming_content)
    assert download["Content-Disposition"].endswith(f'{suffix}"')
    numbers = set(Certificate.objects.values_list("number", flat=True))
    if output == "zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            texts = [pdf_text(archive.read(name)) for name in archive.namelist()]
        assert len(texts) == 4
        assert {n for n in numbers if any(n in t for t in texts)} == numbers
    else:
        assert page_count(body) == 4


def test_second_bulk_run_is_refused_while_one_is_active(client, organiser, cert_event):
    CertificateJob.objects.create(event=cert_event, output="zip", status=JobStatus.RUNNING)
    client.force_login(organiser)

    response = client.post(url("job_start", cert_event), {"output": "zip"}, follow=True)

    assert "already in progress" in response.text
    assert CertificateJob.objects.filter(event=cert_event).count() == 1


def test_bulk_run_keeps_earlier_certificates_and_numbers(
    client, organiser, cert_event, crowd, django_capture_on_commit_callbacks
):
    first = services.certificate_issue(actor=organiser, registration=crowd[0])
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("job_start", cert_event), {"output": "pdf"})

    job = CertificateJob.objects.get(event=cert_event)
    assert (job.issued, job.total) == (3, 4)
    assert Certificate.objects.get(pk=first.pk).sequence == 1
    assert sorted(Certificate.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]


def test_failed_bulk_run_is_marked_failed_and_keeps_what_it_issued(
    client, organiser, cert_event, crowd, django_capture_on_commit_callbacks, monkeypatch
):
    from certificates.pdf import CertificateRenderer

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(CertificateRenderer, "write_zip", broken)
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("job_start", cert_event), {"output": "zip"})

    job = CertificateJob.objects.get(event=cert_event)
    assert job.status == JobStatus.FAILED
    assert "disk full" in job.error
    assert Certificate.objects.filter(event=cert_event).count() == 4
    status = client.get(url("job_status", cert_event, pk=job.pk)).json()
    assert status["finished"] and not status["download_url"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
def test_design_images_are_served_to_organisers_only(client, user_for_role, event, role, expected):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings = services.certificate_settings_ensure(event=event)
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "red").save(buffer, "PNG")
    services.certificate_settings_update(
        actor=None,
        settings=settings,
        changes={},
        uploads={"logo_left": SimpleUploadedFile("l.png", buffer.getvalue())},
    )
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.get(url("settings_image", event, field="logo_left"))
    body = b"".join(response.streaming_content) if expected == 200 else b""

    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
        assert client.get(url("settings_image", event, field="logo_right")).status_code == 404
        assert client.get(url("settings_image", event, field="event")).status_code == 404


def test_preview_of_invalid_edits_explains_instead_of_failing(client, organiser, cert_event):
    client.force_login(organiser)

    response = client.post(
        url("preview", cert_event), settings_data(cert_event, number_pattern="{bulan}")
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "numbering pattern" in response.text


def test_only_the_newest_bulk_files_are_kept(
    client, organiser, cert_event, crowd, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    client.force_login(organiser)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url("job_start", cert_event), {"output": "pdf"})

    jobs = list(CertificateJob.objects.filter(event=cert_event).order_by("id"))
    assert [bool(job.file) for job in jobs] == [False, True, True]
    assert all(default_storage.exists(job.file.name) for job in jobs[1:])
    assert client.get(url("job_download", cert_event, pk=jobs[0].pk)).status_code == 404


def test_event_dashboard_counts_valid_certificates(client, organiser, cert_event, crowd):
    for registration in crowd[:3]:
        services.certificate_issue(actor=organiser, registration=registration)
    revoked = services.certificate_issue(actor=organiser, registration=crowd[3])
    services.certificate_revoke(actor=organiser, certificate=revoked, reason="Salah")
    factories.EventFactory()
    client.force_login(organiser)

    response = client.get(reverse("organiser:event_list"))

    figures = {
        event.code: {counter.key: value for counter, value in values}
        for event, values in response.context["rows"]
    }
    assert "Certificates issued" in response.text
    assert figures[cert_event.code]["certificates_issued"] == 3


def test_signatory_nips_follow_the_nip_rule_spaces_allowed(client, organiser, cert_event):
    """participants.nip is the NIP's rule: a NIP typed with spaces (as the SPJ
    forms accept it) is stored without them; a wrong one is refused in Indonesian."""
    client.force_login(organiser)

    spaced = client.post(
        url("settings", cert_event),
        settings_data(
            cert_event,
            signatory_nip="1970 0101 199503 1 002",
            signatory2_name="Rahmat Hidayat",
            signatory2_nip="19800101 200501 2 001",
        ),
    )
    assert spaced.status_code == 302
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.signatory_nip == "197001011995031002"
    assert cert_event.cert_settings.signatory2_nip == "198001012005012001"

    bad = client.post(
        url("settings", cert_event),
        settings_data(cert_event, signatory_nip="19701301 199503 1 002"),
    )
    assert bad.status_code == 200
    assert "signatory_nip" in bad.context["form"].errors
    # The NIP rule's message (participants.nip), in the page's language.
    assert "19701301" in bad.text and ("birth date" in bad.text or "tanggal lahir" in bad.text)
    cert_event.cert_settings.refresh_from_db()
    assert cert_event.cert_settings.signatory_nip == "197001011995031002"
