import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from bimtek.models import EventStaff
from bimtek.models.events import StaffRole
from tests.factories import EventStaffFactory, organiser_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client):
    client.force_login(organiser_user())
    return client


def test_add_door_staff_by_a_new_address(
    organiser_client, event, django_capture_on_commit_callbacks
):
    url = reverse("organiser:staff", kwargs={"code": event.code})

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            url,
            {
                "email": "petugas.baru@example.org",
                "display_name": "Petugas 3",
                "role": "supervisor",
            },
        )

    assert response.status_code == 302
    assignment = EventStaff.objects.get(event=event)
    assert assignment.user.email == "petugas.baru@example.org"
    assert assignment.role == StaffRole.SUPERVISOR
    assert len(mail.outbox) == 1
    page = organiser_client.get(url)
    assert "Petugas 3" in page.text


def test_add_door_staff_with_a_bad_address_is_answered_on_the_field(organiser_client, event):
    response = organiser_client.post(
        reverse("organiser:staff", kwargs={"code": event.code}),
        {"email": "bukan email", "role": "steward"},
    )

    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not User.objects.filter(email="bukan email").exists()


def test_change_role_and_remove(organiser_client, event):
    assignment = EventStaffFactory(event=event, role=StaffRole.STEWARD)
    kwargs = {"code": event.code, "pk": assignment.pk}

    organiser_client.post(
        reverse("organiser:staff_role", kwargs=kwargs), {f"r{assignment.pk}-role": "supervisor"}
    )
    assignment.refresh_from_db()
    role = assignment.role
    organiser_client.post(reverse("organiser:staff_remove", kwargs=kwargs))

    assert role == StaffRole.SUPERVISOR
    assert not EventStaff.objects.exists()


@pytest.mark.parametrize("role", ["participant", "door_staff"])
def test_door_staff_cannot_add_door_staff(client, event, user_for_role, role):
    client.force_login(user_for_role(role))

    response = client.post(
        reverse("organiser:staff", kwargs={"code": event.code}),
        {"email": "x@example.org", "role": "supervisor"},
    )

    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.org").exists()


def test_staff_page_costs_the_same_queries_for_1_or_10_people(
    organiser_client, event, count_queries, django_assert_num_queries
):
    url = reverse("organiser:staff", kwargs={"code": event.code})
    EventStaffFactory(event=event)
    few = count_queries(organiser_client, url)
    EventStaffFactory.create_batch(9, event=event)

    with django_assert_num_queries(few):
        organiser_client.get(url)
