"""The two reads of the registration state, written by hand
(participants.selectors.own_registration, seats_left): the same answers and
values as the ORM queries they replaced, kept here as the reference, on
SQLite and PostgreSQL."""

import pytest

from participants import selectors
from participants.models import Registration
from participants.models.registrations import RegistrationRole, RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def _own_reference(event, user):
    return (
        Registration.objects.filter(event=event, participant__user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .first()
    )


def _seats_reference(event):
    taken = Registration.objects.filter(
        event=event, status=RegistrationStatus.APPROVED, role=RegistrationRole.PARTICIPANT
    ).count()
    return max(event.capacity - taken, 0)


def _values(instance) -> dict:
    fields = type(instance)._meta.concrete_fields
    return {field.attname: getattr(instance, field.attname) for field in fields}


def _same_own(event, user):
    expected = _own_reference(event, user)
    found = selectors.own_registration(event=event, user=user)
    if expected is None:
        assert found is None
    else:
        assert _values(found) == _values(expected)
    return found


def test_own_registration_is_the_one_the_orm_query_found():
    event = factories.EventFactory()
    user = factories.participant_user()
    person = factories.ParticipantFactory(user=user, email=user.email)
    assert _same_own(event, user) is None

    mine = factories.RegistrationFactory(event=event, participant=person, status="cancelled")
    assert _same_own(event, user) is None  # a cancelled one does not count

    other_event = factories.RegistrationFactory(participant=person)
    assert _same_own(event, user) is None
    assert _same_own(other_event.event, user) == other_event

    Registration.objects.filter(pk=mine.pk).update(status="waitlisted")
    assert _same_own(event, user) == mine
    assert _same_own(event, factories.participant_user()) is None


def test_seats_left_counts_what_the_orm_query_counted():
    event = factories.EventFactory(capacity=5)
    assert selectors.seats_left(event) == _seats_reference(event) == 5
    factories.RegistrationFactory(event=event)
    factories.RegistrationFactory(event=event, status="waitlisted")
    factories.RegistrationFactory(event=event, status="cancelled")
    factories.RegistrationFactory(event=event, role=RegistrationRole.SPEAKER)
    factories.RegistrationFactory()  # another event
    assert selectors.seats_left(event) == _seats_reference(event) == 4
    for _ in range(5):
        factories.RegistrationFactory(event=event)
    assert selectors.seats_left(event) == _seats_reference(event) == 0
