"""An invitation to an OPD: its delegates are civil servants, so the
delegate form starts at PNS (issue 14, "Around the edges"). Whether a
category's people are ASN is data (InstitutionCategory.staff_are_asn)."""

import re

import pytest

from bimtek.models import InstitutionCategory
from bimtek.reference_data import ASN_CATEGORIES, DEFAULT_CATEGORIES
from tests.factories import InstitutionFactory, InvitationFactory, category

pytestmark = pytest.mark.django_db


def _selected_employment(html: str) -> str:
    """The employment radio button checked when the page opens."""
    checked = [
        re.search(r'value="([^"]*)"', tag).group(1)
        for tag in re.findall(r'<input[^>]*name="employment"[^>]*>', html)
        if " checked" in tag
    ]
    assert len(checked) == 1, checked
    return checked[0]


def test_delegate_form_of_an_opd_invitation_starts_at_pns(client):
    opd = InstitutionFactory(name="Dinas Perhubungan", category=category("opd"))
    invitation = InvitationFactory(institution=opd)

    response = client.get(invitation.get_absolute_url())

    assert _selected_employment(response.text) == "pns"


def test_delegate_form_of_a_bank_invitation_starts_at_not_a_civil_servant(client):
    bank = InstitutionFactory(name="Bank Riau Kepri", category=category("perbankan"))
    invitation = InvitationFactory(institution=bank)

    response = client.get(invitation.get_absolute_url())

    assert _selected_employment(response.text) == "non_asn"


def test_an_install_marks_its_own_category_as_asn(client):
    own = InstitutionCategory.objects.create(code="uptd", name="UPTD", staff_are_asn=True)
    invitation = InvitationFactory(institution=InstitutionFactory(category=own))

    response = client.get(invitation.get_absolute_url())

    assert _selected_employment(response.text) == "pns"


def test_opd_and_kecamatan_categories_employ_asn_after_migrating():
    flagged = set(
        InstitutionCategory.objects.filter(staff_are_asn=True).values_list("code", flat=True)
    )

    assert flagged == ASN_CATEGORIES
    assert {code for code, _name, _en in DEFAULT_CATEGORIES} >= ASN_CATEGORIES
