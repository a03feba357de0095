"""The last seat under real parallel requests (PostgreSQL row locks).

Each thread is a signed-in person posting the public registration form at
the same instant (a barrier), on its own database connection."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.factories import EventFactory, InstitutionFactory, participant_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _sign_ups(event, people: int) -> list[int]:
    """``people`` parallel POSTs of the registration form; their status codes."""
    institution = InstitutionFactory()
    users = [participant_user() for _ in range(people)]
    url = reverse("participants:register", kwargs={"code": event.code})
    barrier = threading.Barrier(people)

    def sign_up(index_user):
        index, user = index_user
        try:
            client = Client()
            client.force_login(user)
            barrier.wait(timeout=30)
            response = client.post(
                url,
                {
                    "full_name": f"Peserta Serentak {index}",
                    "employment": "non_asn",
                    "institution": institution.pk,
                    "phone": "0812-3456-7890",
                    "consent": "on",
                },
            )
            return response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=people) as pool:
        return list(pool.map(sign_up, enumerate(users)))


def test_last_seat_goes_to_exactly_one_of_many_parallel_requests():
    event = EventFactory(capacity=1)

    codes = _sign_ups(event, 8)

    assert codes == [302] * 8  # everyone gets an answer, no error page
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.APPROVED) == 1
    assert statuses.count(RegistrationStatus.WAITLISTED) == 7


def test_a_rush_fills_exactly_the_capacity_and_waitlists_the_rest():
    event = EventFactory(capacity=12)

    codes = _sign_ups(event, 30)

    assert codes == [302] * 30
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.APPROVED) == 12
    assert statuses.count(RegistrationStatus.WAITLISTED) == 18


def test_a_double_submitted_delegate_is_registered_once():
    from tests.factories import InvitationFactory

    invitation = InvitationFactory(quota=5)
    url = invitation.get_absolute_url()
    barrier = threading.Barrier(4)

    def submit(_):
        try:
            client = Client()
            barrier.wait(timeout=30)
            return client.post(
                url,
                {
                    "full_name": "Utusan Ganda",
                    "employment": "non_asn",
                    "email": "ganda@example.org",
                    "phone": "",
                    "confirm": "on",
                },
            ).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        codes = list(pool.map(submit, range(4)))

    assert sorted(codes) == [200, 200, 200, 302]  # one registered, three told "already"
    assert Registration.objects.filter(participant__email="ganda@example.org").count() == 1
