"""Verification of a signed certificate: /v/<code>/ and the API say who
signed and whether the signature is intact; "check a file" tells the stored
file from a changed one; downloads serve the stored file byte for byte."""

import io
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfWriter

from certificates import services
from tests import factories
from tests.certificates.signing_keys import authority, local_signing

__all__ = ["authority", "local_signing"]

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def issue(event, organiser, **participant):
    registration = factories.RegistrationFactory(
        event=event, **{f"participant__{k}": v for k, v in participant.items()}
    )
    factories.attend(registration, event.countable)
    return services.certificate_issue(actor=organiser, registration=registration)


@pytest.fixture
def signed(local_signing, cert_event, organiser):
    certificate = issue(cert_event, organiser)
    document = services.certificate_sign(certificate=certificate)
    return certificate, services.stored_pdf(document)


def check(client, certificate, data, name="sertifikat.pdf"):
    return client.post(
        reverse("certificates:verify_check", kwargs={"code": certificate.code}),
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def test_verification_page_shows_who_signed_and_that_it_is_intact(client, signed):
    certificate, _data = signed

    response = client.get(certificate.get_absolute_url())

    assert response.status_code == 200
    assert "Signed electronically by Kepala Dinas Kominfo, Pemerintah Kota Contoh" in response.text
    assert "Valid signature" in response.text
    assert "Check a file" in response.text


def test_api_says_the_certificate_is_signed_by_whom_and_intact(client, signed):
    certificate, _data = signed

    data = client.get(reverse("api:certificate_verify", kwargs={"code": certificate.code})).json()

    assert data["signed_electronically"] is True
    [signature] = data["signatures"]
    assert signature["signer"] == "Kepala Dinas Kominfo, Pemerintah Kota Contoh"
    assert (signature["intact"], signature["trusted"], signature["level"]) == (True, True, "B-B")
    assert signature["signed_at"]


def test_an_unsigned_certificate_says_so(client, cert_event, organiser, settings):
    settings.CERTIFICATE_SIGNER = ""
    certificate = issue(cert_event, organiser)

    page = client.get(certificate.get_absolute_url())
    data = client.get(reverse("api:certificate_verify", kwargs={"code": certificate.code})).json()

    assert "Signed electronically" not in page.text
    assert "Check a file" not in page.text
    assert (data["signed_electronically"], data["signatures"]) == (False, [])


def test_checking_the_stored_file_says_it_is_the_issued_one(client, signed):
    certificate, data = signed

    response = check(client, certificate, data)

    assert response.status_code == 200
    assert "is the certificate issued for this code" in response.text


def test_checking_a_changed_file_says_it_is_not_intact(client, signed):
    certificate, data = signed
    changed = bytearray(data)
    position = changed.index(b"/MediaBox") + 12
    changed[position] = ord("7") if changed[position] != ord("7") else ord("8")

    response = check(client, certificate, bytes(changed))

    assert "was changed after it was signed" in response.text


def test_checking_another_certificates_file_says_it_is_not_this_one(
    client, signed, cert_event, organiser
):
    certificate, _data = signed
    other = issue(cert_event, organiser)
    other_data = services.stored_pdf(services.certificate_sign(certificate=other))

    response = check(client, certificate, other_data)

    assert "it is not the file issued for this code" in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not really", "not a readable PDF"),
        (b"<html>hello</html>", "not a readable PDF"),
    ],
)
def test_checking_something_else_gives_a_message_not_an_error(client, signed, data, message):
    certificate, _data = signed

    response = check(client, certificate, data)

    assert response.status_code == 200
    assert message in response.text


def test_checking_an_unsigned_pdf_says_it_has_no_signature(client, signed):
    certificate, _data = signed
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(out)

    response = check(client, certificate, out.getvalue())

    assert "carries no electronic signature" in response.text


def test_an_oversized_file_is_refused_with_a_message(client, signed, monkeypatch):
    certificate, data = signed
    monkeypatch.setattr("certificates.forms.MAX_UPLOAD", 100)

    response = check(client, certificate, data)

    assert response.status_code == 400
    assert "too large" in response.text


def test_file_checks_are_rate_limited(client, signed, monkeypatch):
    certificate, _data = signed
    # The limit counts per minute (a fixed window); twelve checks of a signed
    # file take seconds, and a minute that ends among them starts a new count.
    # One instant for the whole test.
    monkeypatch.setattr("accounts.ratelimits.time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    answers = [check(client, certificate, b"x").status_code for _ in range(12)]

    assert answers[:10] == [200] * 10
    assert answers[-1] == 429


def test_the_holder_downloads_the_stored_signed_file_byte_for_byte(
    client, local_signing, cert_event, organiser
):
    cert_event.certificate_settings.downloads_open = True
    cert_event.certificate_settings.save()
    user = factories.participant_user()
    registration = factories.RegistrationFactory(event=cert_event)
    registration.participant.user = user
    registration.participant.save()
    factories.attend(registration, cert_event.countable)
    client.force_login(user)
    url = reverse("certificates:ticket", kwargs={"pk": registration.pk})

    first = client.post(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    certificate = registration.certificates.get()
    stored = services.stored_pdf(services.signed_document_for(certificate))
    assert first.content == second.content == stored
    organiser_copy = client_for(organiser).get(
        reverse("certificates:pdf", kwargs={"code": cert_event.code, "pk": certificate.pk})
    )
    assert organiser_copy.content == stored


def client_for(user):
    other = Client()
    other.force_login(user)
    return other
