"""The navigation bar and the footer kept per language and role set
(bimtek/templatetags/bimtek_chrome.py): every page prints what the include
printed, with its own person's name, address, path and CSRF token, and only
the entries that person may open."""

import pytest
from django.template import engines
from django.template.context import make_context
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from bimtek.templatetags import bimtek_chrome
from tests import factories

pytestmark = pytest.mark.django_db

BOTH = engines["django"].from_string(
    '{% load bimtek_chrome %}{% chrome "_navbar.html" %}{% chrome "_footer.html" %}'
    '\n---\n{% include "_navbar.html" %}{% include "_footer.html" %}'
)


@pytest.fixture(autouse=True)
def _empty_chrome():
    bimtek_chrome._kinds.clear()
    yield
    bimtek_chrome._kinds.clear()


def _render(user, path: str, language: str) -> tuple[str, str]:
    """(the chrome tags' HTML, the includes' HTML) of one request context, so
    that both print the same CSRF token."""
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    with translation.override(language):
        html = BOTH.template.render(make_context({}, request, autoescape=True))
    cached, included = html.split("\n---\n")
    return cached, included


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize("language", ["id", "en"])
def test_chrome_prints_what_the_include_prints_for_every_role(language):
    people = [
        _anonymous(),
        factories.UserFactory(roles=[Role.PARTICIPANT], display_name="Ani <b>&\"'</b>"),
        factories.UserFactory(roles=[Role.ORGANISER, Role.PARTICIPANT]),
        factories.UserFactory(is_superuser=True, is_staff=True, display_name="Root"),
    ]
    path = '/events/?q=<script>&x="1"'
    for _round in range(2):  # the first renders and keeps, the second joins the pieces
        for person in people:
            cached, included = _render(person, path, language)
            assert cached == included
            assert "csrfmiddlewaretoken" in cached


def test_the_next_person_of_the_same_roles_sees_their_own_name_address_and_path():
    first = factories.UserFactory(roles=[Role.PARTICIPANT], display_name="Budi")
    second = factories.UserFactory(roles=[Role.PARTICIPANT], display_name="Citra & Co")

    _render(first, "/tickets/", "id")
    cached, included = _render(second, "/tickets/9/", "id")

    assert cached == included
    assert "Citra &amp; Co" in cached and second.email in cached
    assert 'name="next" value="/tickets/9/"' in cached
    assert "Budi" not in cached and first.email not in cached
    assert len(bimtek_chrome._kinds) == 2  # one navigation bar, one footer


def test_a_role_given_or_taken_shows_on_the_next_page(client):
    person = factories.UserFactory(roles=[Role.PARTICIPANT])
    client.force_login(person)
    organiser_entry = 'data-nav="organiser'

    assert organiser_entry not in client.get("/").content.decode()

    from accounts.roles import grant_role

    grant_role(person, Role.ORGANISER)
    assert organiser_entry in client.get("/").content.decode()

    person.groups.clear()
    assert organiser_entry not in client.get("/").content.decode()


def test_pages_in_both_languages_keep_their_own_words(client):
    client.get("/")
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    client.cookies["django_language"] = "id"
    indonesian = client.get("/").content.decode()

    assert "Upcoming events" in english and "Log in" in english
    assert "Upcoming events" not in indonesian and "Log in" not in indonesian


def test_a_page_without_the_navigation_bar_sets_no_csrf_cookie(client):
    # The door's offline page (kept by the scanner's service worker) keeps
    # only the footer, which prints no token: as with the include, the CSRF
    # middleware is not asked for a cookie.
    response = client.get(reverse("checkin:door_offline"))
    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
    assert 'name="csrfmiddlewaretoken"' not in response.content.decode()


def test_a_page_with_the_navigation_bar_still_sets_the_csrf_cookie(client):
    response = client.get(reverse("events:home"))
    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    token = response.cookies["csrftoken"].value
    assert token and 'name="csrfmiddlewaretoken"' in response.content.decode()
