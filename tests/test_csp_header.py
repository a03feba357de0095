"""The Content-Security-Policy guards documents; files shown by the browser's
own viewer (a ticket's PNG QR, a PDF) go without it."""

import pytest
from django.http import HttpResponse

from bimtek.middleware import DocumentCSPMiddleware


@pytest.mark.parametrize(
    ("content_type", "policed"),
    [
        ("text/html; charset=utf-8", True),
        ("image/svg+xml", True),
        ("image/png", False),
        ("application/pdf", False),
        ("application/json", False),
    ],
)
def test_policy_only_on_documents(rf, content_type, policed):
    middleware = DocumentCSPMiddleware(lambda request: HttpResponse(content_type=content_type))
    request = rf.get("/")

    response = middleware(request)

    assert ("Content-Security-Policy" in response) is policed


@pytest.mark.django_db
def test_pages_carry_the_policy(client):
    response = client.get("/")

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
