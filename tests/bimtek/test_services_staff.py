import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from accounts.roles import Role
from bimtek import services
from bimtek.errors import EventError
from bimtek.models import AuditEntry, EventStaff
from bimtek.models.events import StaffRole
from tests.factories import EventFactory, EventStaffFactory, UserFactory, organiser_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(db):
    return EventFactory(title="Bimtek Smart City")


def test_unknown_address_gets_an_account_and_a_link_to_set_its_password(
    event, client, django_capture_on_commit_callbacks
):
    organiser = organiser_user()

    with django_capture_on_commit_callbacks(execute=True):
        assignment, created = services.event_staff_add(
            actor=organiser,
            event=event,
            email=" Petugas.Baru@Example.org ",
            role=StaffRole.STEWARD,
            display_name="Petugas 3",
        )

    assert created
    user = assignment.user
    assert (user.email, user.display_name) == ("petugas.baru@example.org", "Petugas 3")
    assert not user.has_usable_password()
    assert user.groups.filter(name=Role.DOOR_STAFF).exists()
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["petugas.baru@example.org"]
    assert "Bimtek Smart City" in message.subject
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)
    assert link, message.body
    page = client.get(link.group(1), follow=True)
    assert page.status_code == 200
    assert b'name="password1"' in page.content  # allauth's set-password form


def test_known_address_is_assigned_without_a_new_account(event, django_capture_on_commit_callbacks):
    existing = UserFactory(email="siti@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        assignment, created = services.event_staff_add(
            actor=None, event=event, email="SITI@example.org", role=StaffRole.SUPERVISOR
        )

    assert not created
    assert assignment.user == existing
    assert assignment.role == StaffRole.SUPERVISOR
    assert User.objects.count() == 1
    assert "reset/key" not in mail.outbox[0].body
    assert "/accounts/login/" in mail.outbox[0].body


def test_assigning_the_same_person_twice_is_refused(event):
    staff = EventStaffFactory(event=event)

    with pytest.raises(EventError) as excinfo:
        services.event_staff_add(
            actor=None, event=event, email=staff.user.email, role=StaffRole.STEWARD
        )

    assert excinfo.value.code == "already_assigned"


def test_a_bad_address_is_refused(event):
    with pytest.raises(EventError) as excinfo:
        services.event_staff_add(actor=None, event=event, email="bukan-email", role="steward")

    assert excinfo.value.code == "invalid_email"
    assert not User.objects.exists()


def test_an_unknown_role_is_refused(event):
    with pytest.raises(EventError) as excinfo:
        services.event_staff_add(actor=None, event=event, email="a@example.org", role="boss")

    assert excinfo.value.code == "invalid_role"
    assert not User.objects.exists()


def test_change_role_and_remove_are_recorded(event):
    assignment = EventStaffFactory(event=event, role=StaffRole.STEWARD)

    services.event_staff_change_role(actor=None, assignment=assignment, role=StaffRole.SUPERVISOR)
    services.event_staff_remove(actor=None, assignment=assignment)

    assert not EventStaff.objects.exists()
    actions = list(AuditEntry.objects.filter(event=event).values_list("action", flat=True))
    assert set(actions) >= {"staff.change_role", "staff.remove"}


def test_notify_sends_a_fresh_link_while_no_password_is_set(
    event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment, _created = services.event_staff_add(
            actor=None, event=event, email="baru@example.org", role="steward"
        )
        services.event_staff_notify(actor=None, assignment=assignment)

    assert len(mail.outbox) == 2
    assert "reset/key" in mail.outbox[1].body
