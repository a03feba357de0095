"""The profile reads of the sign-up (the form's participant_for_form and the
submit's own-profile read) find their rows through indexes on PostgreSQL,
however many unclaimed profiles an organiser's imports have left: with
``email IN (subquery)`` beside ``user_id = …`` PostgreSQL filtered every
unclaimed profile on every form page and submit (7 ms of the database's CPU
with 16,000 of them, docs/profile.md)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants import selectors
from participants.models import Participant
from participants.services import people
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner"),
]

UNCLAIMED = 3000


def _rows_filtered_out(sql: str) -> int:
    """Rows of participants_participant read and thrown away by the plan."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    return sum(
        node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
        for node in nodes(plan[0]["Plan"])
        if node.get("Relation Name") == "participants_participant"
    )


@pytest.fixture
def sign_up_user():
    institution = factories.InstitutionFactory()
    Participant.objects.bulk_create(
        factories.ParticipantFactory.build(
            user=None, email=f"impor-{n}@example.org", nip=None, institution=institution
        )
        for n in range(UNCLAIMED)
    )
    user = factories.participant_user(email="sari@example.org")
    EmailAddress.objects.create(user=user, email="sari.lama@example.org", verified=True)
    factories.ParticipantFactory(user=None, email="sari.lama@example.org", institution=institution)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE participants_participant")
    return user


def _sql_of(call) -> str:
    with CaptureQueriesContext(connection) as captured:
        result = call()
    assert len(captured.captured_queries) == 1
    return captured.captured_queries[0]["sql"], result


def test_the_forms_profile_read_skips_the_unclaimed_profiles(sign_up_user):
    sql, found = _sql_of(lambda: selectors.participant_for_form(sign_up_user))
    assert found.email == "sari.lama@example.org"  # the one to claim
    assert _rows_filtered_out(sql) < 50


def test_the_submits_own_profile_read_skips_the_unclaimed_profiles(sign_up_user):
    sql, found = _sql_of(lambda: people._own_profiles(sign_up_user, nip=None))
    assert [p.email for p in found] == ["sari.lama@example.org"]
    assert _rows_filtered_out(sql) < 50
