"""A NUL character in a URL or query string answers 400 with a page in the
user's language (PostgreSQL refuses NUL in any text: these gave 500s)."""

import pytest
from django.urls import reverse

from tests.factories import SessionFactory, organiser_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("organiser:event_list", {"q": "a\x00b"}),
        ("organiser:institution_list", {"q": "a\x00b"}),
        ("organiser:institution_list", {"category": "a\x00b"}),
        ("certificates:organiser_list", {"q": "a\x00b"}),
        ("checkin:attendance_session", {"q": "a\x00b"}),
        ("participants:organiser_list", {"q\x00": "x"}),
    ],
)
def test_nul_in_a_query_string_answers_400(client, event, name, params):
    session = SessionFactory(event=event)
    kwargs = {"code": event.code}
    if name == "checkin:attendance_session":
        kwargs["session_id"] = session.pk
    if name in ("organiser:event_list", "organiser:institution_list"):
        kwargs = {}
    client.force_login(organiser_user())

    response = client.get(reverse(name, kwargs=kwargs), params)

    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()


def test_nul_in_an_invitation_link_answers_400(client):
    response = client.get("/invitations/abc%00def/")

    assert response.status_code == 400


def test_nul_in_an_api_path_answers_json(client):
    response = client.get("/api/v1/certificates/abc%00def/")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_ordinary_query_strings_pass(client):
    response = client.get(reverse("events:home"), {"q": "Smart City 😀 <b>"})

    assert response.status_code == 200
