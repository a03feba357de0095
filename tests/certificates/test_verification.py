"""Public verification: /v/<code>/ for people, /api/v1/certificates/<code>/ for machines."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from certificates import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def certificate(cert_event, organiser):
    registration = factories.RegistrationFactory(
        event=cert_event,
        participant__full_name="Hafiz <Rahman> & Sons",
        participant__nip="198001012005011001",
        participant__phone="+6281299998888",
        participant__email="hafiz@example.org",
    )
    factories.attend(registration, cert_event.countable)
    return services.certificate_issue(actor=organiser, registration=registration)


def page(client, code):
    return client.get(reverse("certificates:verify", kwargs={"code": code}))


def api(client, code):
    return client.get(reverse("api:certificate_verify", kwargs={"code": code}))


def test_valid_certificate_shows_everything_printed(client, certificate):
    response = page(client, certificate.code)

    assert response.status_code == 200
    text = response.text
    assert "Valid" in text
    assert "Hafiz &lt;Rahman&gt; &amp; Sons" in text  # shown literally, escaped
    for value in (
        certificate.number,
        certificate.snapshot["institution"],
        certificate.snapshot["event"],
        certificate.snapshot["dates"],
        certificate.snapshot["signatory"]["name"],
        certificate.grouped_code,
    ):
        assert value in text


def test_verification_shows_nothing_personal_beyond_the_print(client, certificate):
    shown, data = page(client, certificate.code), api(client, certificate.code)
    text = shown.text + data.content.decode()

    assert shown.status_code == 200 and certificate.number in shown.text
    assert data.json()["status"] == "valid"
    for private in ("198001012005011001", "6281299998888", "hafiz@example.org"):
        assert private not in text


def test_revoked_certificate_verifies_as_revoked_with_its_date(client, certificate, organiser):
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Data salah")

    response = page(client, certificate.code)
    data = api(client, certificate.code).json()

    assert "Revoked" in response.text and "was revoked on" in response.text
    assert "Data salah" not in response.text  # the reason stays with the organiser
    assert data["status"] == "revoked" and data["revoked_at"]


def test_reissued_certificate_points_to_its_replacement(client, certificate, organiser):
    replacement = services.certificate_reissue(
        actor=organiser, certificate=certificate, reason="Gelar"
    )

    response = page(client, certificate.code)

    assert replacement.number in response.text
    assert api(client, replacement.code).json()["status"] == "valid"


@pytest.mark.parametrize("code", ["AAAAAAAAAAAAAAAAAAAA", "short", "<script>", "x" * 80])
def test_unknown_codes_get_a_plain_not_found(client, code, certificate):
    response = page(client, code)
    response_api = api(client, code)

    assert response.status_code == 404
    assert "Certificate not found." in response.text
    assert response_api.status_code == 404
    assert response_api.json() == {"detail": "Not found."}


def test_code_typed_in_lower_case_with_hyphens_is_redirected(client, certificate):
    response = page(client, certificate.grouped_code.lower())

    assert response.status_code == 302
    assert response["Location"] == reverse("certificates:verify", kwargs={"code": certificate.code})


def test_lookup_form_leads_to_the_certificate(client, certificate):
    response = client.get(reverse("certificates:verify_lookup"), {"code": certificate.grouped_code})

    assert response.status_code == 302
    assert certificate.code in response["Location"]


def test_api_answers_the_same_as_the_page(client, certificate):
    data = api(client, certificate.code).json()

    assert data["status"] == "valid"
    assert data["number"] == certificate.number
    assert data["name"] == "Hafiz <Rahman> & Sons"
    assert data["jp"] == 8
    assert data["verify_url"] == f"http://testserver/v/{certificate.code}/"
    assert set(data["signatory"]) == {"name", "position", "pangkat", "nip"}


def test_verification_is_rate_limited(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 3

    answers = [page(client, certificate.code).status_code for _ in range(3)]
    limited = page(client, certificate.code)
    limited_api = api(client, certificate.code)

    assert answers == [200, 200, 200]
    assert limited.status_code == 429
    assert "Too many verification attempts" in limited.text
    assert limited["Retry-After"] == "60"
    assert limited_api.status_code == 429


def test_rate_limit_is_per_client_address(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 1
    page(client, certificate.code)

    other = client.get(
        reverse("certificates:verify", kwargs={"code": certificate.code}),
        REMOTE_ADDR="10.0.0.9",
    )

    assert other.status_code == 200


def test_verification_url_in_the_api_schema(client):
    response = client.get(reverse("api:schema"))

    assert b"/api/v1/certificates/{code}/" in response.content


def test_rate_limit_is_per_real_client_behind_the_proxy(client, certificate, settings):
    settings.CERTIFICATE_VERIFY_RATE = 1
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("certificates:verify", kwargs={"code": certificate.code})

    def verify(address, spoofed=""):
        forwarded = f"{spoofed}, {address}" if spoofed else address
        return client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    first = [verify(f"198.51.100.{n}").status_code for n in range(1, 41)]
    again = verify("198.51.100.1", spoofed="10.0.0.1")

    assert first == [200] * 40
    assert again.status_code == 429


def test_revoked_certificate_links_to_its_replacement(client, certificate, organiser):
    replacement = services.certificate_reissue(
        actor=organiser, certificate=certificate, reason="Gelar"
    )

    response = page(client, certificate.code)

    assert 'data-testid="verify-replacement"' in response.text
    assert f'href="{reverse("certificates:verify", kwargs={"code": replacement.code})}"' in (
        response.text
    )


def test_revoked_then_issued_anew_links_to_the_new_one_through_a_chain(
    client, certificate, organiser
):
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Salah")
    second = services.certificate_issue(actor=organiser, registration=certificate.registration)
    third = services.certificate_reissue(actor=organiser, certificate=second, reason="Gelar")

    first_page = page(client, certificate.code)

    assert f"/v/{third.code}/" in first_page.text  # the valid one, not the revoked middle
    assert f"/v/{second.code}/" not in first_page.text


def test_revoked_certificate_without_a_replacement_links_nowhere(client, certificate, organiser):
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Salah")

    response = page(client, certificate.code)

    assert 'data-testid="verify-replacement"' not in response.text
