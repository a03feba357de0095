"""Every refusal under /api/v1/ has the same JSON shape: {"error", "detail"}."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_unknown_api_path_answers_json_not_html(client):
    response = client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_body_that_is_not_json_is_refused_in_the_users_language(client):
    client.force_login(factories.organiser_user())

    response = client.post("/api/v1/checkins/", data="{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_request",
        "detail": "Isi permintaan bukan JSON yang sah.",
    }


def test_anonymous_check_in_is_refused_with_the_shared_shape(client):
    response = client.post("/api/v1/checkins/", data={}, content_type="application/json")

    assert response.status_code in (401, 403)
    assert response.json()["error"] == "not_authenticated"


def test_wrong_method_is_refused_with_the_shared_shape(client):
    client.force_login(factories.organiser_user())

    response = client.get("/api/v1/checkins/")

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
