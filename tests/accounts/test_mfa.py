"""Two-factor sign-in (allauth.mfa): required for organisers and
administrators when REQUIRE_MFA_FOR_STAFF is on, optional for everyone else
(accounts/mfa.py, accounts/middleware.py, docs/security.md)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings as django_settings
from django.urls import reverse

from accounts.roles import Role
from checkin.services.devices import door_device_create
from tests.factories import DEFAULT_PASSWORD, UserFactory, organiser_user, participant_user

pytestmark = pytest.mark.django_db

ORGANISER_PAGE = "organiser:event_list"


@pytest.fixture(autouse=True)
def required(settings, client):
    settings.REQUIRE_MFA_FOR_STAFF = True
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def current_code(secret: str) -> str:
    """The code an authenticator app shows now (allauth's own HOTP helper)."""
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(client, user):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}
    )


def confirm_password(client):
    """allauth asks for the password again before changing the account's factors."""
    response = client.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_organiser_without_a_second_factor_is_sent_to_set_one_up(client):
    client.force_login(organiser_user())

    response = client.get(reverse(ORGANISER_PAGE))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_index"))
    assert "next=" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "second step" in page.content.decode()


@pytest.mark.parametrize(
    "make", [lambda: UserFactory(is_superuser=True), lambda: UserFactory(is_staff=True)]
)
def test_administrators_are_sent_to_set_one_up_too(client, make):
    client.force_login(make())

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_index"))


def test_participant_and_door_staff_are_not_forced(client):
    from tests.factories import EventStaffFactory

    client.force_login(participant_user())
    assert client.get(reverse("participants:ticket_list")).status_code == 200

    client.force_login(EventStaffFactory().user)
    assert client.get(reverse("checkin:door_home")).status_code == 200


def test_participant_may_add_an_authenticator_app(client):
    client.force_login(participant_user())
    confirm_password(client)

    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 200


def test_organiser_with_totp_signs_in_with_a_code(client):
    organiser = organiser_user()
    secret = with_totp(organiser)

    first = sign_in(client, organiser)
    assert first.status_code == 302 and first["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone does not sign in

    second = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert second.status_code == 302
    assert client.session["_auth_user_id"] == str(organiser.pk)
    assert client.get(reverse(ORGANISER_PAGE)).status_code == 200


def test_a_wrong_code_does_not_sign_in(client):
    organiser = organiser_user()
    with_totp(organiser)
    sign_in(client, organiser)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_setting_up_totp_opens_the_organiser_pages(client):
    organiser = organiser_user()
    sign_in(client, organiser)
    assert client.get(reverse(ORGANISER_PAGE)).status_code == 302
    confirm_password(client)

    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    activated = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=organiser, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=organiser, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get(reverse(ORGANISER_PAGE)).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    organiser = organiser_user()
    RecoveryCodes.activate(organiser)
    client.force_login(organiser)

    assert client.get(reverse(ORGANISER_PAGE)).status_code == 302


def test_the_api_refuses_a_password_only_organiser_session_in_json(client):
    organiser = organiser_user()
    sign_in(client, organiser)

    response = client.get("/api/v1/sessions/1/attendance/")

    assert response.status_code == 403
    assert response.json()["error"] == "mfa_required"


def test_a_door_device_key_is_not_asked_for_a_second_factor(client):
    organiser = organiser_user()
    _device, key = door_device_create(user=organiser, name="Pintu 1")

    response = client.get("/api/v1/sessions/999/attendance/", HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 404  # judged by the API, not stopped before it


def test_sign_in_and_language_pages_stay_open(client):
    client.force_login(organiser_user())

    assert client.get(reverse("account_email")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.post(reverse("accounts:set_language"), {"language": "id"}).status_code == 302


def test_switched_off_nobody_is_forced(client, settings):
    settings.REQUIRE_MFA_FOR_STAFF = False
    client.force_login(organiser_user())

    assert client.get(reverse(ORGANISER_PAGE)).status_code == 200


def test_two_factor_pages_speak_bahasa_indonesia(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(organiser_user())

    page = client.get(reverse(ORGANISER_PAGE), follow=True).content.decode()

    assert "Autentikasi Dua Faktor" in page
    assert "Aplikasi Autentikator" in page
    assert "langkah kedua" in page  # our notice


def test_webauthn_is_offered(client):
    client.force_login(participant_user())
    confirm_password(client)

    page = client.get(reverse("mfa_add_webauthn"))

    assert page.status_code == 200
    assert "webauthn.js" in page.content.decode()
    assert "webauthn" in django_settings.MFA_SUPPORTED_TYPES


def test_role_is_read_from_the_group_not_is_staff():
    from accounts import mfa

    organiser = UserFactory(roles=[Role.ORGANISER])
    participant = UserFactory(roles=[Role.PARTICIPANT])

    assert mfa.must_use_mfa(organiser) and not mfa.must_use_mfa(participant)
