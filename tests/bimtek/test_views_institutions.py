import pytest
from django.urls import reverse

from bimtek.models import Institution
from tests.factories import InstitutionFactory, category, organiser_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client):
    client.force_login(organiser_user())
    return client


def test_institution_list_searches_and_filters_by_category(organiser_client):
    InstitutionFactory(
        name="PT Pelabuhan Indonesia", short_name="Pelindo", category=category("bumn-bumd")
    )
    InstitutionFactory(name="Bank Riau Kepri", category=category("perbankan"))

    found = organiser_client.get(reverse("organiser:institution_list"), {"q": "pelindo"})
    banks = organiser_client.get(reverse("organiser:institution_list"), {"category": "perbankan"})

    assert "PT Pelabuhan Indonesia" in found.text and "Bank Riau Kepri" not in found.text
    assert "Bank Riau Kepri" in banks.text and "PT Pelabuhan" not in banks.text


def test_institution_list_costs_the_same_queries_for_2_or_40(
    organiser_client, count_queries, django_assert_num_queries
):
    url = reverse("organiser:institution_list")
    InstitutionFactory.create_batch(2)
    few = count_queries(organiser_client, url)
    InstitutionFactory.create_batch(38, category=category("dprd"))

    with django_assert_num_queries(few):
        organiser_client.get(url)


def test_create_and_edit_an_institution(organiser_client):
    organiser_client.post(
        reverse("organiser:institution_create"),
        {
            "name": "Universitas Maritim Raja Ali Haji",
            "short_name": "UMRAH",
            "category": category("lainnya").pk,
        },
    )
    institution = Institution.objects.get()
    organiser_client.post(
        reverse("organiser:institution_edit", kwargs={"pk": institution.pk}),
        {
            "name": institution.name,
            "short_name": "UMRAH",
            "category": category("perguruan-tinggi").pk,
        },
    )

    institution.refresh_from_db()
    assert institution.category.code == "perguruan-tinggi"


def test_duplicate_institution_is_answered_on_the_field(organiser_client):
    InstitutionFactory(name="Bappeda Kota Tanjungpinang")

    response = organiser_client.post(
        reverse("organiser:institution_create"),
        {"name": "BAPPEDA kota tanjungpinang", "category": category("opd").pk},
    )

    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert Institution.objects.count() == 1
