"""Sign-up with mandatory e-mail verification, login by password or by code,
password reset: allauth, configured for e-mail logins."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Bimtek-Tanjungpinang-2026"


def _link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_signup_sends_verification_mail_and_refuses_login_until_verified(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "Siti.Rahman@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "siti.rahman@example.org"
    assert user.groups.filter(name=Role.PARTICIPANT).exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["siti.rahman@example.org"]

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "siti.rahman@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_verification_link_then_login_works(client):
    client.post(
        reverse("account_signup"),
        {"email": "budi@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    confirm_url = _link_in(mail.outbox[0])
    client.logout()

    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "budi@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)
    # A participant lands on their tickets.
    assert response["Location"] == reverse("participants:ticket_list")


def test_login_by_emailed_code(client):
    user = UserFactory(email="dewi@example.org", roles=[Role.PARTICIPANT])

    response = client.post(reverse("account_request_login_code"), {"email": user.email})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[0].body, re.MULTILINE).group(
        1
    )
    response = client.post(response["Location"], {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_message(client):
    UserFactory(email="eko@example.org")

    response = client.post(
        reverse("account_login"), {"login": "eko@example.org", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_login_attempts_are_rate_limited(client):
    UserFactory(email="fajar@example.org")
    for _ in range(10):
        client.post(reverse("account_login"), {"login": "fajar@example.org", "password": "x"})

    response = client.post(
        reverse("account_login"), {"login": "fajar@example.org", "password": DEFAULT_PASSWORD}
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_password_reset_mails_a_working_link(client):
    UserFactory(email="maya@example.org")

    client.post(reverse("account_reset_password"), {"email": "maya@example.org"})
    reset_url = _link_in(mail.outbox[0])
    form_url = client.get(reset_url)["Location"]
    response = client.post(form_url, {"password1": PASSWORD, "password2": PASSWORD})

    assert response.status_code == 302
    assert User.objects.get(email="maya@example.org").check_password(PASSWORD)


def test_account_mails_greet_from_bimtek_not_the_host_name(client, settings):
    settings.SITE_URL = "https://bimtek.tanjungpinangkota.example"

    client.post(
        reverse("account_signup"),
        {"email": "rina@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    body = mail.outbox[0].body
    assert "Bimtek" in body.splitlines()[0]
    assert "testserver" not in body.splitlines()[0]
    assert "bimtek.tanjungpinangkota.example" in body
