import pytest

from bimtek import services
from bimtek.errors import EventError
from bimtek.models import AuditEntry, Institution
from tests.factories import InstitutionFactory, category, organiser_user

pytestmark = pytest.mark.django_db


def test_institution_create_tidies_the_name_and_records_it():
    organiser = organiser_user()

    institution = services.institution_create(
        actor=organiser, name="  Dinas   Pariwisata Kota Tanjungpinang ", category=category("opd")
    )

    assert institution.name == "Dinas Pariwisata Kota Tanjungpinang"
    assert institution.is_confirmed
    assert AuditEntry.objects.filter(action="institution.create", actor=organiser).exists()


def test_institution_create_refuses_a_name_in_the_list_whatever_its_case():
    InstitutionFactory(name="PT Pelindo")

    with pytest.raises(EventError) as excinfo:
        services.institution_create(actor=None, name="pt pelindo", category=category("bumn-bumd"))

    assert excinfo.value.code == "institution_exists"
    assert Institution.objects.count() == 1


def test_institution_update_changes_the_category_and_records_before_and_after():
    institution = InstitutionFactory(name="Bank Riau Kepri", category=category("lainnya"))

    services.institution_update(
        actor=None, institution=institution, data={"category": category("perbankan")}
    )

    institution.refresh_from_db()
    assert institution.category.code == "perbankan"
    entry = AuditEntry.objects.get(action="institution.update")
    assert entry.changes == {"category": {"from": "Lainnya", "to": "Perbankan"}}


def test_institution_update_refuses_the_name_of_another():
    InstitutionFactory(name="Bappeda")
    institution = InstitutionFactory(name="Bapeda")

    with pytest.raises(EventError) as excinfo:
        services.institution_update(actor=None, institution=institution, data={"name": "BAPPEDA"})

    assert excinfo.value.code == "institution_exists"
