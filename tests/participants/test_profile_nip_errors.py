"""The profile's NIP errors as ``full_clean`` gave them (participants.services.
people._full_clean checks the NIP's uniqueness itself): a NIP the rule
refuses is not also reported as taken — Django checks a constraint only on
fields without errors."""

import pytest
from django.core.exceptions import ValidationError

from participants.models import Participant
from participants.models.people import Employment
from participants.services.people import _full_clean
from tests import factories

pytestmark = pytest.mark.django_db

# Valid for a PPPK (the middle block is not a month for them), not for a PNS.
NIP = "198001012000001001"


def _errors(participant: Participant) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        _full_clean(participant)
    return caught.value.message_dict


def test_a_nip_refused_by_the_rule_is_not_also_reported_taken():
    factories.ParticipantFactory(nip=NIP, employment=Employment.PPPK)
    other = factories.ParticipantFactory.build(
        nip=NIP, employment=Employment.PNS, institution=factories.InstitutionFactory()
    )
    # What full_clean() itself reports: the rule's error alone.
    with pytest.raises(ValidationError) as reference:
        other.full_clean()
    expected = reference.value.message_dict["nip"]
    assert len(expected) == 1
    assert _errors(other)["nip"] == expected


def test_a_valid_nip_already_used_is_reported_taken():
    factories.ParticipantFactory(nip=NIP, employment=Employment.PPPK)
    other = factories.ParticipantFactory.build(
        nip=NIP, employment=Employment.PPPK, institution=factories.InstitutionFactory()
    )
    constraint = next(
        c for c in Participant._meta.constraints if c.name == "participants_participant_nip_unique"
    )
    assert _errors(other)["nip"] == [constraint.get_violation_error_message()]
