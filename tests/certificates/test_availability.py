"""When a holder may download their certificate: the one selector
(``selectors.certificate_availability``) and the issuing service that obeys
it for the holder's own download."""

import pytest

from certificates import selectors, services
from certificates.errors import CertificateError
from certificates.models import Certificate
from certificates.selectors import Availability
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def eligible(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)
    return registration


@pytest.fixture
def partial(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable[:3])
    return registration


def close_downloads(event):
    event.cert_settings.downloads_open = False
    event.cert_settings.save()


# --- the selector -----------------------------------------------------------------


def test_availability_of_an_eligible_holder_is_available_to_issue(eligible):
    availability = selectors.certificate_availability(eligible)

    assert availability.code == Availability.AVAILABLE
    assert availability.can_issue and availability.certificate is None
    assert availability.progress.eligible


def test_availability_with_a_valid_certificate_offers_that_certificate(eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)

    availability = selectors.certificate_availability(eligible)

    assert availability.code == Availability.AVAILABLE
    assert availability.certificate == certificate and not availability.can_issue


def test_availability_of_an_incomplete_attendance_is_not_eligible(partial):
    availability = selectors.certificate_availability(partial)

    assert availability.code == Availability.NOT_ELIGIBLE
    assert availability.progress.sessions_attended == 3


def test_availability_before_downloads_open_is_closed_even_when_issued(eligible, organiser):
    services.certificate_issue(actor=organiser, registration=eligible)
    close_downloads(eligible.event)

    availability = selectors.certificate_availability(eligible)

    assert availability.code == Availability.DOWNLOADS_CLOSED
    assert availability.downloads_closed and not availability.available


def test_availability_after_a_revocation_is_revoked(eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Gelar salah")

    availability = selectors.certificate_availability(eligible)

    assert availability.code == Availability.REVOKED
    assert availability.certificate is None and not availability.can_issue


def test_availability_after_a_reissue_offers_the_replacement(eligible, organiser):
    first = services.certificate_issue(actor=organiser, registration=eligible)
    replacement = services.certificate_reissue(actor=organiser, certificate=first, reason="Typo")

    availability = selectors.certificate_availability(eligible)

    assert availability.code == Availability.AVAILABLE
    assert availability.certificate == replacement


def test_valid_certificate_stays_available_when_the_rule_no_longer_holds(eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    services.eligibility_exception_set(
        actor=organiser, registration=eligible, decision="deny", reason="Titip absen"
    )

    availability = selectors.certificate_availability(eligible)

    assert not availability.progress.eligible
    assert availability.code == Availability.AVAILABLE and availability.certificate == certificate


def test_ticket_certificates_agrees_with_the_single_selector(eligible, partial, organiser):
    revoked = factories.RegistrationFactory(event=eligible.event)
    factories.attend(revoked, eligible.event.countable)
    services.certificate_revoke(
        actor=organiser,
        certificate=services.certificate_issue(actor=organiser, registration=revoked),
        reason="Salah",
    )
    registrations = [eligible, partial, revoked]

    many = selectors.ticket_certificates(registrations)

    assert [many[r.pk].code for r in registrations] == ["available", "not_eligible", "revoked"]
    assert all(many[r.pk] == selectors.certificate_availability(r) for r in registrations)


# --- the service: the holder's own download --------------------------------------


def test_holder_download_issues_on_first_use_then_returns_the_same(eligible):
    holder = factories.participant_user()

    first = services.certificate_get_or_issue(actor=holder, registration=eligible)
    second = services.certificate_get_or_issue(actor=holder, registration=eligible)

    assert first.pk == second.pk
    assert Certificate.objects.get(registration=eligible).number == first.number


def test_holder_download_refused_while_downloads_are_closed(eligible):
    close_downloads(eligible.event)

    with pytest.raises(CertificateError) as excinfo:
        services.certificate_get_or_issue(actor=None, registration=eligible)

    assert excinfo.value.code == "downloads_closed"
    assert excinfo.value.message == "Sertifikat kegiatan ini belum dapat diunduh."
    assert not Certificate.objects.exists()


def test_holder_download_refused_with_a_closed_event_even_if_issued(eligible, organiser):
    services.certificate_issue(actor=organiser, registration=eligible)
    close_downloads(eligible.event)

    with pytest.raises(CertificateError) as excinfo:
        services.certificate_get_or_issue(actor=None, registration=eligible)

    assert excinfo.value.code == "downloads_closed"


def test_holder_download_refused_when_not_eligible(partial):
    with pytest.raises(CertificateError) as excinfo:
        services.certificate_get_or_issue(actor=None, registration=partial)

    assert excinfo.value.code == "not_eligible"
    assert excinfo.value.message == "Pendaftaran ini belum memenuhi syarat sertifikat."
    assert not Certificate.objects.exists()


def test_holder_cannot_issue_again_what_the_organiser_revoked(eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Salah orang")

    with pytest.raises(CertificateError) as excinfo:
        services.certificate_get_or_issue(actor=None, registration=eligible)

    assert excinfo.value.code == "revoked"
    assert Certificate.objects.filter(registration=eligible).count() == 1


# --- the service: an organiser ------------------------------------------------------


def test_organiser_download_ignores_closed_downloads_and_revocations(eligible, organiser):
    close_downloads(eligible.event)
    first = services.certificate_get_or_issue(
        actor=organiser, registration=eligible, as_organiser=True
    )
    services.certificate_revoke(actor=organiser, certificate=first, reason="Salah")

    second = services.certificate_get_or_issue(
        actor=organiser, registration=eligible, as_organiser=True
    )

    assert second.pk != first.pk and second.revoked_at is None


def test_organiser_download_still_needs_eligibility(partial, organiser):
    with pytest.raises(CertificateError) as excinfo:
        services.certificate_get_or_issue(actor=organiser, registration=partial, as_organiser=True)

    assert excinfo.value.code == "not_eligible"
