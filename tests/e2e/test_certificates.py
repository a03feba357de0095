"""Done when: on the demo data, a participant with complete attendance
downloads their certificate, its QR code's URL opens the verification page,
and the organiser's bulk ZIP holds one valid PDF per eligible participant."""

import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from accounts.models import User
from certificates import selectors
from checkin.models import CheckIn
from demo.seed import seed_demo
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.certificates.pdfcheck import pdf_text, qr_texts
from tests.e2e.conftest import sign_in


def _attend(registration, sessions):
    for session in sessions:
        CheckIn.objects.get_or_create(
            registration=registration,
            session=session,
            defaults={"checked_in_at": session.starts_at},
        )


@pytest.fixture
def demo(settings, live_server):
    """The demo event with attendance recorded: the demo participant and ten
    others attended every session that counts, five more only the first."""
    settings.SITE_URL = live_server.url  # the printed QR must lead to this server
    event = seed_demo().event
    sessions = selectors.countable_sessions(event)
    approved = Registration.objects.filter(
        event=event, status=RegistrationStatus.APPROVED, role="peserta"
    ).order_by("id")
    mine = approved.get(participant__user__email="peserta@example.org")
    _attend(mine, sessions)
    others = list(approved.exclude(pk=mine.pk)[:15])
    for registration in others[:10]:
        _attend(registration, sessions)
    for registration in others[10:]:
        _attend(registration, sessions[:1])
    return event, mine, sessions


@pytest.mark.django_db(transaction=True)
def test_participant_downloads_certificate_and_its_qr_verifies(new_context, live_server, demo):
    event, mine, sessions = demo
    context = new_context(phone=True, accept_downloads=True)
    sign_in(context, User.objects.get(email="peserta@example.org"), live_server)
    page = context.new_page()

    # The ticket of this event: the demo participant also holds one of the
    # finished demo event, with its own certificate.
    page.goto(mine.get_absolute_url())
    panel = page.get_by_test_id("certificate-panel")
    expect(panel.get_by_test_id("attendance-progress")).to_contain_text(
        f"{len(sessions)} dari {len(sessions)} sesi"
    )
    with page.expect_download() as download_info:
        panel.get_by_role("button", name="Unduh sertifikat (PDF)").click()
    data = Path(download_info.value.path()).read_bytes()

    name = mine.participant.display_name
    assert name in " ".join(pdf_text(data).split())
    [url] = qr_texts(data)
    assert re.fullmatch(re.escape(live_server.url) + r"/v/[A-Z2-7]{20}/", url)

    page.goto(url)
    expect(page.get_by_test_id("verify-status")).to_contain_text("Sah")
    expect(page.get_by_test_id("verify-details")).to_contain_text(name)
    expect(page.get_by_test_id("verify-details")).to_contain_text(event.title)


@pytest.mark.django_db(transaction=True)
def test_organiser_bulk_zip_holds_one_pdf_per_eligible_participant(new_context, live_server, demo):
    event, _mine, _sessions = demo
    registrations = list(
        Registration.objects.filter(event=event).select_related("participant", "event")
    )
    progress = selectors.eligibility_for_registrations(event=event, registrations=registrations)
    eligible = {r.participant.display_name for r in registrations if progress[r.pk].eligible}
    assert len(eligible) == 16  # 11 complete attendances + 2 speakers, 1 moderator, 2 panitia

    context = new_context(accept_downloads=True)
    sign_in(context, User.objects.get(email="panitia@example.org"), live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/")
    page.get_by_role("link", name="Sertifikat").click()
    expect(page.get_by_test_id("count-eligible")).to_have_text(str(len(eligible)))

    page.get_by_label("Satu PDF per orang (berkas ZIP, latar dikompresi untuk dikirim)").check()
    # the size is said before the run, for the 16 certificates it will hold
    expect(page.get_by_test_id("expected-size-zip")).to_contain_text(
        f"({len(eligible)} PDF, masing-masing sekitar"
    )
    page.get_by_test_id("bulk-order").select_option("name")
    page.get_by_test_id("bulk-start").click()
    link = page.get_by_test_id("job-download").first
    expect(link).to_be_visible()
    expect(link).to_contain_text("MB")  # the finished file's size on the button
    with page.expect_download() as download_info:
        link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download_info.value.path()).read_bytes()))

    names = archive.namelist()
    assert len(names) == len(eligible)
    printed_names = set()
    for member in names:
        reader = pypdf.PdfReader(io.BytesIO(archive.read(member)))
        assert len(reader.pages) == 1
        text = " ".join(reader.pages[0].extract_text().split())
        printed_names.update(n for n in eligible if n in text)
    assert printed_names == eligible
    expect(page.get_by_test_id("count-issued")).to_have_text(str(len(eligible)))


@pytest.mark.django_db(transaction=True)
def test_organiser_edits_the_template_with_live_preview(new_context, live_server):
    event = seed_demo().event
    organiser = User.objects.get(email="panitia@example.org")

    desktop = new_context()
    sign_in(desktop, organiser, live_server)
    page = desktop.new_page()
    page.goto(f"/organiser/events/{event.code}/certificates/settings/")
    with page.expect_response(lambda r: "preview.pdf" in r.url and r.request.method == "POST") as p:
        page.get_by_label("Judul").fill("PIAGAM PENGHARGAAN")
    preview = p.value
    # the edit was posted (unsaved) and answered with a PDF (the view's own
    # test checks the PDF's text; Chromium's viewer takes over the body here)
    assert preview.status == 200
    assert preview.headers["content-type"] == "application/pdf"
    assert b"PIAGAM PENGHARGAAN" in preview.request.post_data_buffer

    phone = new_context(phone=True)
    sign_in(phone, organiser, live_server)
    page = phone.new_page()
    page.goto(f"/organiser/events/{event.code}/certificates/settings/")
    page.get_by_label("Judul").fill("PIAGAM PENGHARGAAN")
    page.get_by_label("NIP penanda tangan", exact=True).fill("123")
    page.get_by_test_id("settings-save").click()
    expect(
        page.get_by_text("NIP terdiri atas tepat 18 digit (boleh memakai spasi); yang ini 3 digit.")
    ).to_be_visible()
    page.get_by_label("NIP penanda tangan", exact=True).fill("197204041998031006")
    page.get_by_test_id("settings-save").click()
    expect(page.get_by_text("Pengaturan sertifikat disimpan.")).to_be_visible()
    expect(page.get_by_label("Judul")).to_have_value("PIAGAM PENGHARGAAN")


@pytest.mark.django_db(transaction=True)
def test_bulk_progress_is_polled_until_the_download_appears(new_context, live_server):
    from django.core.files.base import ContentFile

    from certificates.models import CertificateJob, JobStatus

    event = seed_demo().event
    job = CertificateJob.objects.create(
        event=event, output="pdf", status=JobStatus.RUNNING, total=40, processed=10
    )
    context = new_context(phone=True)
    sign_in(context, User.objects.get(email="panitia@example.org"), live_server)
    page = context.new_page()
    page.goto(f"/organiser/events/{event.code}/certificates/")
    item = page.locator(".certificate-job").first
    expect(item.locator("[data-job-field=processed]")).to_have_text("10")
    expect(page.get_by_test_id("job-download")).to_be_hidden()

    job.processed = 40
    job.status = JobStatus.DONE
    job.file.save("sertifikat.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    job.save()

    expect(item.locator("[data-job-field=processed]")).to_have_text("40")
    expect(item.locator("[data-job-field=status_label]")).to_have_text("Selesai")
    expect(page.get_by_test_id("job-download")).to_be_visible()
