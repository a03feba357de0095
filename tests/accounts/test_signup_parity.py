"""Sign-up does the same work for a taken address as for a new one, so its
speed does not tell whether an address has an account (issue 15, item 5:
0.06 s against 0.45 s). Counted, not timed: password hashes and mails
enqueued on each path (bench/signup_timing.py measures the times)."""

from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.core import mail
from django.urls import reverse

from accounts import tasks
from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Bimtek-Tanjungpinang-2026"


def _sign_up(client, email: str) -> tuple[int, int, object]:
    """(password hashes computed, mails enqueued, response) of one sign-up."""
    hasher = type(hashers.get_hasher())
    task = type(tasks.send_account_mail)
    enqueued = []
    real_enqueue = task.enqueue

    def enqueue(self, *args, **kwargs):
        if self.queue_name == "email":
            enqueued.append(kwargs.get("to"))
        return real_enqueue(self, *args, **kwargs)

    with (
        mock.patch.object(hasher, "encode", autospec=True, side_effect=hasher.encode) as encode,
        mock.patch.object(task, "enqueue", enqueue),
    ):
        response = client.post(
            reverse("account_signup"),
            {"email": email, "password1": PASSWORD, "password2": PASSWORD},
        )
    return encode.call_count, len(enqueued), response


def test_taken_and_new_address_hash_once_and_enqueue_one_mail(client):
    UserFactory(email="siti.rahman@example.org")

    taken = _sign_up(client, "siti.rahman@example.org")
    client.logout()
    new = _sign_up(client, "budi.santoso@example.org")

    assert taken[:2] == new[:2] == (1, 1)
    assert taken[2]["Location"] == new[2]["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="budi.santoso@example.org").exists()


def test_taken_address_is_told_by_mail_through_the_queue(client):
    UserFactory(email="siti.rahman@example.org")

    _, enqueued, _ = _sign_up(client, "siti.rahman@example.org")

    assert enqueued == 1
    assert [message.to for message in mail.outbox] == [["siti.rahman@example.org"]]
    assert "reset" in mail.outbox[0].body.lower() or "atur ulang" in mail.outbox[0].body.lower()
    assert User.objects.filter(email="siti.rahman@example.org").count() == 1
