"""The sign-up submit's statement budget (issue 22): the rush's heaviest
page. A budget per database: PostgreSQL adds the one-statement role grant
and the audit append without a savepoint (docs/profile.md, "The sign-up
submit")."""

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bimtek.models import AuditEntry
from outbox.models import Delivery
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests.factories import EventFactory, InstitutionFactory, UserFactory

pytestmark = pytest.mark.django_db

# Statements of a valid submit, session and user included, inside the test's
# transaction (the service's transaction is a savepoint pair here).
# Before 2026-12-08 (branch wt-submit): 42 for a new person on PostgreSQL.
NEW_PERSON = {"postgresql": 20, "sqlite": 23}
# A returning civil servant: the NIP is checked, the profile updated.
RETURNING_ASN = {"postgresql": 20, "sqlite": 23}


def _form(institution, **overrides) -> dict:
    data = {
        "title_front": "",
        "full_name": "Siti Rahmawati",
        "title_back": "S.E., M.M.",
        "employment": "non_asn",
        "nip": "",
        "pangkat_golongan": "",
        "jabatan": "Staf",
        "institution": institution.pk,
        "phone": "0812-3456-7890",
        "consent": "on",
    }
    data.update(overrides)
    return data


def _signed_in(client, email: str):
    user = UserFactory(email=email)  # with its verified address, as allauth requires
    assert EmailAddress.objects.filter(user=user, verified=True).exists()
    client.force_login(user)
    return user


def _submit(client, event, data) -> tuple:
    url = reverse("participants:register", kwargs={"code": event.code})
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    return response, len(captured.captured_queries)


def test_a_new_person_signs_up_within_the_budget(client):
    event = EventFactory(capacity=10)
    _signed_in(client, "baru@example.org")

    response, statements = _submit(client, event, _form(InstitutionFactory()))

    registration = Registration.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert registration.status == RegistrationStatus.APPROVED
    assert AuditEntry.objects.filter(action="registration.create", event=event).count() == 1
    assert Delivery.objects.filter(recipient_key__startswith=f"registration:{registration.pk}:")
    assert statements <= NEW_PERSON[connection.vendor], statements


def test_a_returning_civil_servant_signs_up_within_the_budget(client):
    institution = InstitutionFactory()
    _signed_in(client, "asn@example.org")
    asn = _form(
        institution,
        employment="pns",
        nip="19850312 201001 2 003",
        pangkat_golongan="III/c",
    )
    first, _ = _submit(client, EventFactory(capacity=10), asn)
    event = EventFactory(capacity=10)

    response, statements = _submit(client, event, {**asn, "jabatan": "Kepala Seksi"})

    registration = Registration.objects.get(event=event)
    assert first.status_code == 302 and response.status_code == 302
    assert registration.participant.jabatan == "Kepala Seksi"
    assert registration.participant.nip == "198503122010012003"
    assert statements <= RETURNING_ASN[connection.vendor], statements
