"""Sign-in limits per real client behind the shipped proxy: strangers cannot
lock someone else out, many people can sign in at once, and a refused
request gets a page in the user's language saying how long to wait
(docs/security.md)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.checks import check_rate_limits
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

VICTIM = "sri.wahyuni@example.org"
LOGIN_CODE = re.compile(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", re.MULTILINE)


@pytest.fixture(autouse=True)
def _behind_nginx(settings):
    """As deployed: nginx on the same machine (every REMOTE_ADDR is
    127.0.0.1), TRUSTED_PROXY_COUNT=1."""
    settings.TRUSTED_PROXY_COUNT = 1


def via_proxy(address: str, *, spoofed: str = "") -> dict:
    """What gunicorn sees of a client at ``address`` behind nginx; ``spoofed``
    is what the client itself put in X-Forwarded-For."""
    forwarded = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}


def login(client, email, password, address, **kwargs):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        **via_proxy(address),
        **kwargs,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_strangers_failing_from_many_addresses_do_not_lock_the_victim_out():
    UserFactory(email=VICTIM)
    # 3 strangers x 5 wrong passwords: each stranger's address is now locked
    # for this account; the 10/m per-address limit is not reached.
    for stranger in range(3):
        for _ in range(5):
            login(Client(), VICTIM, "tebakan", f"198.51.100.{stranger + 1}")
    victim = Client()

    response = login(victim, VICTIM, DEFAULT_PASSWORD, "203.0.113.50")

    assert response.status_code == 302
    assert signed_in(victim)


def test_failed_logins_lock_the_attackers_address_not_the_account():
    UserFactory(email=VICTIM)
    attacker = Client()
    for _ in range(5):
        login(attacker, VICTIM, "tebakan", "198.51.100.9")

    refused = login(attacker, VICTIM, DEFAULT_PASSWORD, "198.51.100.9")
    victim = Client()
    accepted = login(victim, VICTIM, DEFAULT_PASSWORD, "203.0.113.50")

    assert accepted.status_code == 302
    assert not signed_in(attacker)
    assert "Terlalu banyak percobaan masuk yang gagal dari jaringan Anda" in refused.text
    assert "menit" in refused.text
    assert signed_in(victim)


def test_spoofed_forwarded_for_does_not_escape_the_lock():
    UserFactory(email=VICTIM)
    attacker = Client()
    for n in range(5):
        attacker.post(
            reverse("account_login"),
            {"login": VICTIM, "password": "tebakan"},
            **via_proxy("198.51.100.9", spoofed=f"10.9.9.{n}"),
        )

    refused = attacker.post(
        reverse("account_login"),
        {"login": VICTIM, "password": DEFAULT_PASSWORD},
        **via_proxy("198.51.100.9", spoofed="10.9.9.200"),
    )

    assert refused.status_code == 200
    assert not signed_in(attacker)


def test_past_the_account_ceiling_the_right_password_needs_an_emailed_code(settings):
    settings.LOGIN_CODE_AFTER_FAILURES = "20/h"
    UserFactory(email=VICTIM)
    # 40 strangers, one wrong password each: no address is locked, the account
    # has seen 40 failures.
    for stranger in range(40):
        login(Client(), VICTIM, "tebakan", f"198.51.{stranger // 200}.{stranger % 200 + 1}")
    mail.outbox.clear()
    victim = Client()

    response = login(victim, VICTIM, DEFAULT_PASSWORD, "203.0.113.50")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    assert not signed_in(victim)
    assert [message.to for message in mail.outbox] == [[VICTIM]]
    code = LOGIN_CODE.search(mail.outbox[0].body).group(1)
    confirmed = victim.post(response["Location"], {"code": code}, **via_proxy("203.0.113.50"))
    assert confirmed.status_code == 302
    assert signed_in(victim)


def test_below_the_account_ceiling_no_code_is_asked(settings):
    settings.LOGIN_CODE_AFTER_FAILURES = "20/h"
    UserFactory(email=VICTIM)
    for stranger in range(19):
        login(Client(), VICTIM, "tebakan", f"198.51.100.{stranger + 1}")
    mail.outbox.clear()
    victim = Client()

    login(victim, VICTIM, DEFAULT_PASSWORD, "203.0.113.50")

    assert signed_in(victim)
    assert mail.outbox == []


def test_a_guessed_password_alone_does_not_open_a_targeted_account(settings):
    settings.LOGIN_CODE_AFTER_FAILURES = "20/h"
    UserFactory(email=VICTIM)
    for stranger in range(25):
        login(Client(), VICTIM, "tebakan", f"198.51.100.{stranger + 1}")
    lucky = Client()

    response = login(lucky, VICTIM, DEFAULT_PASSWORD, "198.51.100.77")

    assert response["Location"].startswith(reverse("account_confirm_login_code"))
    assert not signed_in(lucky)


def test_thirty_six_people_can_sign_in_in_the_same_minute():
    users = [UserFactory(email=f"peserta{n}@example.org") for n in range(36)]
    clients = [Client() for _ in users]

    answers = [
        login(client, user.email, DEFAULT_PASSWORD, f"203.0.113.{n + 1}").status_code
        for n, (client, user) in enumerate(zip(clients, users, strict=True))
    ]

    assert answers == [302] * 36
    assert all(signed_in(client) for client in clients)


def test_ten_failures_by_others_do_not_refuse_a_participant():
    UserFactory(email=VICTIM)
    for n in range(12):
        login(Client(), f"salah{n}@example.org", "tebakan", f"198.51.100.{n + 1}")
    victim = Client()

    login(victim, VICTIM, DEFAULT_PASSWORD, "203.0.113.50")

    assert signed_in(victim)


def test_too_many_logins_from_one_address_get_a_localised_429_with_the_wait():
    UserFactory(email=VICTIM)
    client = Client()
    for _ in range(30):
        login(client, "siapa@example.org", "x", "198.51.100.9")

    response = login(client, VICTIM, DEFAULT_PASSWORD, "198.51.100.9")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Terlalu banyak percobaan" in response.text
    assert re.search(r"Silakan tunggu \d+ (detik|menit), lalu coba lagi", response.text)
    assert "Too Many Requests" not in response.text
    other = Client()
    assert login(other, VICTIM, DEFAULT_PASSWORD, "203.0.113.50").status_code == 302


def test_429_page_in_english_when_chosen():
    client = Client()
    client.cookies["django_language"] = "en"
    for _ in range(30):
        login(client, "siapa@example.org", "x", "198.51.100.9")

    response = login(client, "siapa@example.org", "x", "198.51.100.9")

    assert response.status_code == 429
    assert re.search(r"Please wait \d+ (seconds?|minute), then try again", response.text)


def test_csrf_failure_page_is_localised():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("account_login"), {"login": VICTIM, "password": "x"})

    assert response.status_code == 403
    assert "Formulir sudah kedaluwarsa" in response.text
    assert "CSRF verification failed" not in response.text


def test_csrf_failure_page_in_english_when_chosen():
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"

    response = client.post(reverse("account_login"), {"login": VICTIM, "password": "x"})

    assert response.status_code == 403
    assert "The form has expired" in response.text


def test_deploy_check_warns_without_trusted_proxies(settings):
    settings.DEBUG = False
    settings.TRUSTED_PROXY_COUNT = 0

    ids = [problem.id for problem in check_rate_limits(None)]

    assert "accounts.W001" in ids


def test_deploy_check_warns_about_a_per_process_cache(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    ids = [problem.id for problem in check_rate_limits(None)]

    assert ids == ["accounts.W002"]
