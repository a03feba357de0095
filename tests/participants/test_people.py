"""Profiles: creation rules, matching people, and claiming imported profiles."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from bimtek.models import AuditEntry, Institution
from participants.errors import RegistrationError
from participants.models import Participant, Registration
from participants.services.people import (
    PersonData,
    participant_claim,
    participant_create,
    participant_find_or_create,
    participant_save_own,
)
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    ParticipantFactory,
    RegistrationFactory,
    category,
    nip_for,
    participant_user,
)

pytestmark = pytest.mark.django_db
PASSWORD = "Bimtek-Tanjungpinang-2026"


def test_profile_is_normalised_on_create():
    participant = participant_create(
        full_name="  Siti   Rahmawati ",
        email=" Siti@Example.ORG ",
        institution=InstitutionFactory(),
        employment="pns",
        nip="19850312 201001 2 003",
        pangkat_golongan="III/b",
        phone="0812-3456-7890",
    )

    assert participant.full_name == "Siti Rahmawati"
    assert participant.email == "siti@example.org"
    assert participant.nip == "198503122010012003"
    assert participant.phone == "+6281234567890"


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"employment": "non_asn", "nip": nip_for()}, "employment"),
        ({"employment": "pns", "nip": "198503122010013003"}, "nip"),
        ({"employment": "pns", "pangkat_golongan": "IX"}, "pangkat_golongan"),
        ({"employment": "pppk", "pangkat_golongan": "III/a"}, "pangkat_golongan"),
        ({"employment": "non_asn", "pangkat_golongan": "III/a"}, "pangkat_golongan"),
    ],
)
def test_profile_rules_are_checked_before_saving(fields, error_field):
    with pytest.raises(ValidationError) as excinfo:
        participant_create(
            full_name="Budi", email="budi@example.org", institution=InstitutionFactory(), **fields
        )

    assert error_field in excinfo.value.message_dict
    assert not Participant.objects.exists()


def test_taken_nip_is_a_validation_error_not_a_crash():
    ParticipantFactory(employment="pns", nip=nip_for())

    with pytest.raises(ValidationError) as excinfo:
        participant_create(
            full_name="Budi",
            email="budi@example.org",
            institution=InstitutionFactory(),
            employment="pns",
            nip=nip_for(),
        )

    assert excinfo.value.error_dict["nip"][0].code == "nip_taken"  # beside the NIP field


def test_find_or_create_reuses_a_profile_found_by_email_or_nip():
    known = ParticipantFactory(email="dewi@example.org", employment="pns", nip=nip_for(seq=7))
    institution = InstitutionFactory()

    by_email, created_a = participant_find_or_create(
        data=PersonData(full_name="Dewi", email="DEWI@example.org", institution=institution),
        actor=None,
    )
    by_nip, created_b = participant_find_or_create(
        data=PersonData(
            full_name="Dewi L.",
            email="dewi.l@example.org",
            employment="pns",
            nip=nip_for(seq=7),
            institution=institution,
        ),
        actor=None,
    )

    assert by_email == by_nip == known
    assert not created_a and not created_b
    known.refresh_from_db()
    assert known.full_name != "Dewi L."  # an existing profile is left as it was


def test_find_or_create_refuses_email_and_nip_of_two_people():
    ParticipantFactory(email="a@example.org")
    ParticipantFactory(email="b@example.org", employment="pns", nip=nip_for(seq=9))

    with pytest.raises(RegistrationError) as excinfo:
        participant_find_or_create(
            data=PersonData(
                full_name="X",
                email="a@example.org",
                employment="pns",
                nip=nip_for(seq=9),
                institution=InstitutionFactory(),
            ),
            actor=None,
        )

    assert excinfo.value.code == "person_conflict"


def test_find_or_create_links_a_new_profile_to_the_account_that_verified_the_address():
    user = participant_user(email="eko@example.org")

    participant, created = participant_find_or_create(
        data=PersonData(full_name="Eko", email="eko@example.org", institution=InstitutionFactory()),
        actor=None,
    )

    assert created and participant.user == user


def test_typed_institution_is_created_unconfirmed_and_audited():
    user = participant_user()

    participant = participant_save_own(
        user=user,
        event_language="id",
        consent=True,
        data=PersonData(
            full_name="Rina",
            email="",
            new_institution_name="  Koperasi   Nelayan Senggarang ",
            new_institution_category=category("komunitas"),
            phone="081234567890",
        ),
    )

    institution = participant.institution
    assert institution.name == "Koperasi Nelayan Senggarang"
    assert not institution.is_confirmed
    assert AuditEntry.objects.filter(action="institution.propose").exists()


def test_typed_institution_that_exists_is_reused():
    existing = InstitutionFactory(name="Dinas Pariwisata Kota Tanjungpinang")

    participant = participant_save_own(
        user=participant_user(),
        event_language="id",
        consent=True,
        data=PersonData(
            full_name="Rina",
            email="",
            new_institution_name="dinas pariwisata kota tanjungpinang",
            new_institution_category=category("opd"),
        ),
    )

    assert participant.institution == existing
    assert Institution.objects.filter(name__iexact=existing.name).count() == 1


def test_own_profile_needs_consent():
    with pytest.raises(RegistrationError) as excinfo:
        participant_save_own(
            user=participant_user(),
            event_language="id",
            consent=False,
            data=PersonData(full_name="Rina", email="", institution=InstitutionFactory()),
        )

    assert excinfo.value.code == "consent_required"


# --- Claiming ------------------------------------------------------------------


def _confirm_link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_verifying_the_address_of_an_imported_profile_claims_it_and_its_tickets(client):
    imported = ParticipantFactory(email="fajar@example.org", user=None)
    ticket = RegistrationFactory(participant=imported)

    client.post(
        reverse("account_signup"),
        {"email": "Fajar@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    imported.refresh_from_db()
    assert imported.user is None  # an unverified address claims nothing
    client.post(_confirm_link(mail.outbox[-1]))

    imported.refresh_from_db()
    user = User.objects.get(email="fajar@example.org")
    assert imported.user == user
    assert user.groups.filter(name=Role.PARTICIPANT).exists()
    response = client.get(reverse("participants:ticket_list"))
    assert ticket.event.title in response.text


def test_a_second_verified_address_brings_its_tickets_to_the_existing_profile():
    user = participant_user(email="home@example.org")
    own = ParticipantFactory(user=user, email="home@example.org")
    shared_event = EventFactory()
    RegistrationFactory(participant=own, event=shared_event)
    office = ParticipantFactory(email="office@example.org", user=None)
    moving = RegistrationFactory(participant=office)
    staying = RegistrationFactory(participant=office, event=shared_event)
    EmailAddress.objects.create(user=user, email="office@example.org", verified=True)

    claimed = participant_claim(user=user, email="office@example.org")

    assert claimed == own
    moving.refresh_from_db()
    staying.refresh_from_db()
    assert moving.participant == own
    assert staying.participant == office  # the same event twice: left for an organiser
    assert AuditEntry.objects.filter(action="participant.claim_merge").exists()


def test_claiming_an_address_without_a_profile_changes_nothing():
    user = participant_user()

    assert participant_claim(user=user, email="nobody@example.org") is None
    assert not Registration.objects.exists()


def test_a_claimed_profile_is_not_claimed_again():
    first = participant_user(email="a1@example.org")
    ParticipantFactory(user=first, email="shared@example.org")
    second = participant_user(email="a2@example.org")

    assert participant_claim(user=second, email="shared@example.org") is None
    assert Participant.objects.get(email="shared@example.org").user == first


def test_an_account_without_a_name_takes_its_persons_name_when_registering():
    from participants.services.people import PersonData, participant_save_own
    from tests.factories import InstitutionFactory, participant_user

    user = participant_user(email="siti.rahma@example.org", display_name="")
    named = participant_user(email="petugas2@example.org", display_name="Petugas 2")
    data = PersonData(full_name="Siti Rahmawati", email="", institution=InstitutionFactory())

    participant_save_own(user=user, event_language="id", data=data, consent=True)
    participant_save_own(user=named, event_language="id", data=data, consent=True)

    user.refresh_from_db()
    named.refresh_from_db()
    assert user.get_short_name() == "Siti Rahmawati"
    assert named.get_short_name() == "Petugas 2"
