"""NIK, NPWP and the account number left empty keep what is stored: the
speaker's form never shows them back, so a speaker fixing one field must not
wipe the NPWP the organiser typed (the PPh 21 would come out 20 % higher).
Only "Saya tidak punya NPWP" clears it; the organiser's form and the
speaker's own share the rule (services._secrets_keep)."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from spj import selectors, services
from spj.models import Person

pytestmark = pytest.mark.django_db

NON_PNS = {
    "institution": "Universitas Riau",
    "position": "Dosen",
    "employment": "non_pns",
    "golongan": "",
    "nip": "",
    "nik": "",
    "npwp": "",
    "bank_name": "Bank Riau Kepri",
    "bank_account": "",
    "bank_account_holder": "Rina Wulandari",
}


def _link_path(event, organiser, capture) -> str:
    with capture(execute=True):
        services.data_request_send(
            event=event, name="Rina Wulandari", email="rina@example.org", actor=organiser
        )
    link = re.search(r"https?://\S+/spj/speaker/(\S+)/", mail.outbox[-1].body).group(0)
    return link[link.index("/spj/speaker/") :]


def _tax_of(event, name) -> Decimal:
    line = next(x for x in selectors.honoraria(event=event).lines if x.person.name == name)
    return line.amounts.tax


def _rina_with_stored_secrets() -> Person:
    rina = Person.objects.get(name="Rina Wulandari")
    rina.npwp = "092542943407001"
    rina.nik = "1471010101800002"
    rina.bank_account = "9876543210"
    rina.save()
    return rina


def test_the_speaker_leaving_the_npwp_empty_keeps_the_stored_one_and_its_tax(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    rina = _rina_with_stored_secrets()
    tax_with_npwp = _tax_of(event, "Rina Wulandari")
    path = _link_path(event, organiser, django_capture_on_commit_callbacks)

    page = client.get(path)
    assert "Sudah tersimpan; kosongkan untuk tetap memakai yang tersimpan" in page.text
    assert "Saya tidak punya NPWP" in page.text
    assert "092542943407001" not in page.text  # still never shown back

    response = client.post(path, {**NON_PNS, "position": "Lektor Kepala"})

    assert response.status_code == 302
    rina.refresh_from_db()
    assert rina.position == "Lektor Kepala"
    assert rina.npwp == "092542943407001"
    assert rina.nik == "1471010101800002" and rina.bank_account == "9876543210"
    assert _tax_of(event, "Rina Wulandari") == tax_with_npwp


def test_only_the_checkbox_clears_the_npwp_and_the_tax_rises_by_a_fifth(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    rina = _rina_with_stored_secrets()
    tax_with_npwp = _tax_of(event, "Rina Wulandari")
    path = _link_path(event, organiser, django_capture_on_commit_callbacks)

    both = client.post(path, {**NON_PNS, "npwp": "092542943407009", "no_npwp": "on"})
    assert both.status_code == 400 and "Saya tidak punya NPWP" in both.text
    rina.refresh_from_db()
    assert rina.npwp == "092542943407001"

    response = client.post(path, {**NON_PNS, "no_npwp": "on"})

    assert response.status_code == 302
    rina.refresh_from_db()
    assert rina.npwp == "" and rina.nik == "1471010101800002"
    assert _tax_of(event, "Rina Wulandari") == tax_with_npwp * Decimal("1.2")


def test_the_organisers_form_keeps_an_emptied_npwp_unless_the_box_is_ticked(
    client, spj_event, organiser
):
    event = spj_event["event"]
    client.force_login(organiser)
    budi = Person.objects.get(name="Dr. Budi Santoso")
    url = reverse("spj:person_edit", kwargs={"code": event.code, "pk": budi.pk})
    data = {
        "name": budi.name,
        "institution": budi.institution,
        "position": "",
        "email": "",
        "employment": "non_pns",
        "golongan": "",
        "nip": "",
        "nik": "",
        "npwp": "",
        "bank_name": budi.bank_name,
        "bank_account": "",
        "bank_account_holder": "",
        "rate_basis": budi.rate_basis,
        "rate": "900000",
        "rate_reference": "",
    }

    kept = client.post(url, data)

    assert kept.status_code == 302
    budi.refresh_from_db()
    assert budi.npwp == "092542943407000" and budi.nik == "2171010101700001"
    tax_with_npwp = _tax_of(event, "Dr. Budi Santoso")

    # The form shows the stored NPWP: ticking the box with it still there clears it.
    cleared = client.post(url, {**data, "npwp": "09.254.294.3-407.000", "no_npwp": "on"})

    assert cleared.status_code == 302
    budi.refresh_from_db()
    assert budi.npwp == "" and budi.bank_account == "1234567890"
    assert _tax_of(event, "Dr. Budi Santoso") == tax_with_npwp * Decimal("1.2")


def test_the_service_keeps_stored_secrets_for_empty_values(spj_event, organiser):
    rina = _rina_with_stored_secrets()
    rina.npwp = ""
    rina.nik = ""

    services.person_save(person=rina, actor=organiser)

    rina.refresh_from_db()
    assert rina.npwp == "092542943407001" and rina.nik == "1471010101800002"

    rina.npwp = ""
    services.person_save(person=rina, actor=organiser, no_npwp=True)

    rina.refresh_from_db()
    assert rina.npwp == ""
