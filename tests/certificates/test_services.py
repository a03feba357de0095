"""Issuing, numbering, snapshots, revoking, reissuing, exceptions, settings."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bimtek.models import AuditEntry
from certificates import services
from certificates.errors import CertificateError
from certificates.models import Certificate, CertificateCounter
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def eligible(cert_event):
    registration = factories.RegistrationFactory(
        event=cert_event,
        participant__full_name="Siti Aisyah",
        participant__title_front="Dr.",
        participant__title_back="S.Kom., M.T.",
    )
    factories.attend(registration, cert_event.countable)
    return registration


def png_upload(name="logo.png", size=(64, 48), mode="RGBA", fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_issue_numbers_the_certificate_with_the_event_pattern(cert_event, eligible, organiser):
    cert_event.cert_settings.signing_date = dt.date(2019, 7, 9)
    cert_event.cert_settings.save()

    certificate = services.certificate_issue(actor=organiser, registration=eligible)

    assert certificate.sequence == 1
    assert certificate.number == "001/SERT/BIMTEK-SC/VII/2019"
    assert len(certificate.code) == 20
    assert AuditEntry.objects.filter(action="certificate.issue", event=cert_event).count() == 1


def test_numbers_follow_each_other_per_event(cert_event, organiser):
    numbers = []
    for _ in range(3):
        registration = factories.RegistrationFactory(event=cert_event)
        factories.attend(registration, cert_event.countable)
        numbers.append(services.certificate_issue(actor=organiser, registration=registration))

    assert [c.sequence for c in numbers] == [1, 2, 3]
    assert CertificateCounter.objects.get(event=cert_event).last_sequence == 3


def test_snapshot_holds_what_is_printed(cert_event, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    printed = certificate.snapshot

    assert printed["name"] == "Dr. Siti Aisyah, S.Kom., M.T."
    assert printed["institution"] == eligible.participant.institution.name
    assert printed["event"] == cert_event.title
    assert printed["jp"] == 8
    assert printed["role_label"] == "Peserta"
    assert "s.d." in printed["dates"]
    assert printed["number"] == certificate.number
    assert printed["signatory"]["nip"] == "196801011990031001"
    assert "8 jam pelajaran" in printed["body"]
    assert "nip" not in printed  # nothing personal beyond what is printed


def test_snapshot_is_frozen_at_issue(cert_event, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    participant = eligible.participant
    participant.full_name = "Siti Aisyah Berubah"
    participant.save()
    cert_event.title = "Judul Baru"
    cert_event.save()
    settings = cert_event.cert_settings
    settings.signatory_name = "Orang Lain"
    settings.save()

    certificate.refresh_from_db()

    assert certificate.snapshot["name"] == "Dr. Siti Aisyah, S.Kom., M.T."
    assert certificate.snapshot["event"] != "Judul Baru"
    assert certificate.snapshot["signatory"]["name"] == "Teguh Ahmad Syafari"


def test_issue_refuses_the_not_eligible(cert_event, organiser):
    registration = factories.RegistrationFactory(event=cert_event)

    with pytest.raises(CertificateError) as excinfo:
        services.certificate_issue(actor=organiser, registration=registration)

    assert excinfo.value.code == "not_eligible"
    assert not Certificate.objects.exists()
    assert not CertificateCounter.objects.filter(event=cert_event, last_sequence__gt=0).exists()


def test_issue_twice_is_refused_without_using_a_number(cert_event, eligible, organiser):
    services.certificate_issue(actor=organiser, registration=eligible)

    with pytest.raises(CertificateError) as excinfo:
        services.certificate_issue(actor=organiser, registration=eligible)

    assert excinfo.value.code == "already_issued"
    assert CertificateCounter.objects.get(event=cert_event).last_sequence == 1


def test_get_or_issue_returns_the_existing_certificate(eligible, organiser):
    first = services.certificate_get_or_issue(actor=organiser, registration=eligible)
    second = services.certificate_get_or_issue(actor=organiser, registration=eligible)

    assert first.pk == second.pk


def test_revoke_records_date_reason_and_audit(eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)

    revoked = services.certificate_revoke(
        actor=organiser, certificate=certificate, reason="Salah nama"
    )

    assert revoked.revoked_at is not None
    assert revoked.revoke_reason == "Salah nama"
    assert AuditEntry.objects.filter(action="certificate.revoke").exists()


def test_revoke_needs_a_reason_and_happens_once(eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)

    with pytest.raises(CertificateError) as excinfo:
        services.certificate_revoke(actor=organiser, certificate=certificate, reason="  ")
    assert excinfo.value.code == "reason_required"

    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Salah")
    with pytest.raises(CertificateError) as excinfo:
        services.certificate_revoke(actor=organiser, certificate=certificate, reason="Lagi")
    assert excinfo.value.code == "already_revoked"


def test_reissue_corrects_with_a_new_number_and_todays_data(cert_event, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    eligible.participant.full_name = "Siti Aisyah Putri"
    eligible.participant.save()

    replacement = services.certificate_reissue(
        actor=organiser, certificate=certificate, reason="Nama kurang lengkap"
    )

    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert replacement.replaces_id == certificate.pk
    assert replacement.sequence == 2
    assert replacement.code != certificate.code
    assert replacement.snapshot["name"] == "Dr. Siti Aisyah Putri, S.Kom., M.T."
    assert certificate.snapshot["name"] == "Dr. Siti Aisyah, S.Kom., M.T."
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"certificate.revoke", "certificate.reissue"} <= actions


def test_exception_requires_a_reason_and_is_audited(cert_event, organiser):
    registration = factories.RegistrationFactory(event=cert_event)

    with pytest.raises(CertificateError) as excinfo:
        services.eligibility_exception_set(
            actor=organiser, registration=registration, decision="grant", reason=""
        )
    assert excinfo.value.code == "reason_required"

    services.eligibility_exception_set(
        actor=organiser, registration=registration, decision="grant", reason="Tugas dinas"
    )
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    assert certificate.pk
    assert AuditEntry.objects.filter(action="certificate.exception_grant").exists()


def test_exception_refused_for_cancelled_registration(cert_event, organiser):
    registration = factories.RegistrationFactory(event=cert_event, status="cancelled")

    with pytest.raises(CertificateError) as excinfo:
        services.eligibility_exception_set(
            actor=organiser, registration=registration, decision="grant", reason="x"
        )

    assert excinfo.value.code == "not_approved"


def test_exception_clear_restores_the_rule(cert_event, organiser):
    registration = factories.RegistrationFactory(event=cert_event)
    services.eligibility_exception_set(
        actor=organiser, registration=registration, decision="grant", reason="Tugas dinas"
    )

    services.eligibility_exception_clear(actor=organiser, registration=registration)

    with pytest.raises(CertificateError):
        services.certificate_issue(actor=organiser, registration=registration)


def test_acting_signatory_prints_no_nip_or_pangkat(cert_event, eligible, organiser):
    settings = cert_event.cert_settings
    settings.signatory_acting = "Plt."
    settings.signatory_print_titles = True
    settings.signatory_title_front = "Dr."
    settings.save()

    signatory = services.certificate_issue(actor=organiser, registration=eligible).snapshot[
        "signatory"
    ]

    assert signatory["nip"] == "" and signatory["pangkat"] == ""
    assert signatory["position"].startswith("Plt. Kepala Dinas")
    assert signatory["name"] == "Dr. Teguh Ahmad Syafari, S.Kom., M.Si."


def test_signatory_name_printed_without_titles_by_default(eligible, organiser):
    signatory = services.certificate_issue(actor=organiser, registration=eligible).snapshot[
        "signatory"
    ]

    assert signatory["name"] == "Teguh Ahmad Syafari"


def test_settings_update_stores_reencoded_images_and_audits(cert_event, organiser):
    settings = cert_event.cert_settings

    services.certificate_settings_update(
        actor=organiser,
        settings=settings,
        changes={"title": "PIAGAM"},
        uploads={"logo_left": png_upload(), "background": png_upload("bg.png", (300, 212))},
    )

    settings.refresh_from_db()
    assert settings.title == "PIAGAM"
    assert settings.logo_left.name.endswith(".png")
    assert settings.background.name.endswith(".jpg")  # backgrounds become JPEG
    entry = AuditEntry.objects.get(action="certificate.settings")
    assert set(entry.changes["fields"]) == {"title", "logo_left", "background"}


def test_settings_update_refuses_unknown_placeholders(cert_event, organiser):
    settings = cert_event.cert_settings

    with pytest.raises(ValidationError) as excinfo:
        services.certificate_settings_update(
            actor=organiser, settings=settings, changes={"body_participant": "Halo {nama}"}
        )

    assert "body_participant" in excinfo.value.error_dict


def test_refused_settings_leave_no_new_file_behind(cert_event, organiser):
    from django.core.files.storage import default_storage

    settings = cert_event.cert_settings
    before = (
        set(default_storage.listdir(f"certificates/{cert_event.pk}/design")[1])
        if (default_storage.exists(f"certificates/{cert_event.pk}/design"))
        else set()
    )

    with pytest.raises(ValidationError):
        services.certificate_settings_update(
            actor=organiser,
            settings=settings,
            changes={"number_pattern": "no-seq"},
            uploads={"logo_left": png_upload()},
        )

    after = set(default_storage.listdir(f"certificates/{cert_event.pk}/design")[1])
    assert after == before
    settings.refresh_from_db()
    assert not settings.logo_left


def test_a_pattern_printing_a_used_number_refuses_the_issue(cert_event, eligible, organiser):
    first = factories.RegistrationFactory(event=cert_event)
    factories.attend(first, cert_event.countable)
    services.certificate_issue(actor=organiser, registration=first)
    settings = cert_event.cert_settings
    settings.number_pattern = "SERT/{year}/{seq:0>3}-BIS"
    settings.save()
    Certificate.objects.filter(registration=first).update(
        number=f"SERT/{dt.date.today().year}/002-BIS"
    )

    with pytest.raises(CertificateError) as refused:
        services.certificate_issue(actor=organiser, registration=eligible)

    assert refused.value.code == "invalid"
    assert not Certificate.objects.filter(registration=eligible).exists()
