"""Signing up on the way to an event's registration form: the sign-up page
names the event, and the verification link leads back to the form in any
browser."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bimtek.models.events import EventStatus
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Bimtek-Tanjungpinang-2026"


def _register_url(event) -> str:
    return reverse("participants:register", kwargs={"code": event.code})


def _sign_up(client, next_url: str, email: str = "baru@example.org") -> str:
    client.post(
        reverse("account_signup") + "?next=" + next_url,
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    return re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)


def test_signup_page_names_the_event_being_registered_for(client):
    event = EventFactory(title="Bimtek Smart City Tahap II", venue="Aula Lantai 3")

    page = client.get(reverse("account_signup"), {"next": _register_url(event)})

    assert 'data-testid="signup-event"' in page.text
    assert "Bimtek Smart City Tahap II" in page.text
    assert "Aula Lantai 3" in page.text


@pytest.mark.parametrize("next_url", ["", "/tickets/", "https://evil.example/events/x/register/"])
def test_signup_page_without_a_registration_names_no_event(client, next_url):
    EventFactory(code="x")

    page = client.get(reverse("account_signup"), {"next": next_url} if next_url else {})

    assert 'data-testid="signup-event"' not in page.text


def test_signup_page_does_not_name_a_draft(client):
    event = EventFactory(status=EventStatus.DRAFT, title="Rahasia")

    page = client.get(reverse("account_signup"), {"next": _register_url(event)})

    assert "Rahasia" not in page.text


def test_verification_link_continues_the_registration_in_another_browser(client):
    event = EventFactory()
    link = _sign_up(client, _register_url(event))
    other = Client()  # another browser or device: no session of the sign-up

    page = other.get(link)
    confirmed = other.post(link)
    login_page = other.get(confirmed["Location"], follow=True)
    signed_in = other.post(
        login_page.redirect_chain[-1][0],
        {"login": "baru@example.org", "password": PASSWORD},
    )

    assert parse_qs(urlsplit(link).query)["next"] == [_register_url(event)]
    assert page.status_code == 200
    assert confirmed["Location"] == _register_url(event)
    assert signed_in.status_code == 302
    assert signed_in["Location"] == _register_url(event)
    assert other.get(_register_url(event)).status_code == 200


def test_verification_link_in_the_same_browser_still_signs_in_and_returns(client):
    event = EventFactory()
    link = _sign_up(client, _register_url(event))

    response = client.post(link)

    assert response["Location"] == _register_url(event)
    assert client.get(_register_url(event)).status_code == 200


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x"])
def test_verification_link_carries_only_a_path_on_this_site(client, next_url):
    link = _sign_up(client, next_url)

    assert "next=" not in link
