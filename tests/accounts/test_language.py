"""Bahasa Indonesia by default, English one tap away."""

import pytest
from django.urls import reverse

from tests.factories import participant_user

pytestmark = pytest.mark.django_db


def test_default_language_is_indonesian_even_for_english_browsers(client):
    response = client.get(reverse("events:home"), headers={"accept-language": "en-US,en;q=0.9"})

    assert response["Content-Language"] == "id"
    assert "Kegiatan mendatang" in response.text


def test_language_switch_changes_the_interface(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "en", "next": reverse("events:home")}
    )
    assert response.status_code == 302

    response = client.get(reverse("events:home"))

    assert response["Content-Language"] == "en"
    assert "Upcoming events" in response.text
    assert "Kegiatan mendatang" not in response.text


def test_language_choice_is_remembered_on_the_account(client):
    user = participant_user()
    client.force_login(user)

    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    user.refresh_from_db()
    assert user.language == "en"
    # A new browser (no cookie) gets the saved language after login.
    other = type(client)()
    other.force_login(user)
    assert other.get(reverse("events:home"))["Content-Language"] == "en"


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post(
        reverse("accounts:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert client.get(reverse("events:home"))["Content-Language"] == "id"


def test_allauth_pages_use_our_base_template_in_both_languages(client):
    response = client.get(reverse("account_login"))
    assert 'data-testid="nav-role-items"' in response.text
    assert "Masuk" in response.text

    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("account_login"))
    assert "Sign In" in response.text
