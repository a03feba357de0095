"""The profile that fills the registration form, read with hand-written SQL
(participants.selectors.participant_for_form, bimtek.raw_rows): the same
person and the same values as the ORM query it replaced, which stays here as
the reference, on SQLite and PostgreSQL."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.db.models import F, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participants import selectors
from participants.models import Participant
from tests import factories

pytestmark = pytest.mark.django_db


def _reference(user):
    addresses = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return (
        Participant.objects.filter(Q(user=user) | Q(user__isnull=True, email__in=addresses))
        .select_related("institution")
        .order_by(F("user_id").desc(nulls_last=True), "pk")
        .first()
    )


def _values(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def _same(user) -> Participant | None:
    expected = _reference(user)
    with CaptureQueriesContext(connection) as queries:
        found = selectors.participant_for_form(user)
        institution = found.institution if found is not None else None
    assert len(queries.captured_queries) == 1  # the institution came with it
    if expected is None:
        assert found is None
        return None
    assert _values(found) == _values(expected)
    assert _values(institution) == _values(expected.institution)
    assert found._state.adding is False and found._state.db == "default"
    return found


def test_the_form_gets_the_profile_the_orm_query_gave():
    user = factories.participant_user(email="sari@example.org")
    EmailAddress.objects.create(user=user, email="sari.lama@example.org", verified=True)
    EmailAddress.objects.create(user=user, email="sari.lain@example.org", verified=False)
    assert _same(user) is None

    factories.ParticipantFactory(email="sari.lain@example.org")  # address not verified
    assert _same(user) is None

    later = factories.ParticipantFactory(email="sari.lama@example.org", consent_at=timezone.now())
    assert _same(user) == later

    own = factories.ParticipantFactory(
        user=user, email="sari@example.org", consent_at=timezone.now(), nip=None
    )
    assert _same(user) == own

    someone_else = factories.participant_user()
    factories.ParticipantFactory(user=someone_else, email=someone_else.email)
    assert _same(someone_else).user_id == someone_else.pk
