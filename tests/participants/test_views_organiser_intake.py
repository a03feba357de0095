"""Organisers' pages that bring people in: invitations to institutions, the
spreadsheet import, and the review of institutions participants typed in.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bimtek.models import AuditEntry, Institution
from participants.models import Invitation, ParticipantImport, Registration
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    InvitationFactory,
    ParticipantFactory,
    category,
    organiser_user,
)
from tests.spreadsheets import person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client):
    user = organiser_user()
    client.force_login(user)
    return user


# --- Invitations ------------------------------------------------------------


def test_organiser_invites_an_institution_from_the_page(client, organiser):
    event = EventFactory(registration_mode="both")
    institution = InstitutionFactory()

    response = client.post(
        reverse("participants:invitation_list", kwargs={"code": event.code}),
        {
            "institution": institution.pk,
            "quota": 2,
            "contact_name": "Kasubbag Umum",
            "contact_email": "umum@example.org",
            "message": "Nomor surat 005/123/2026",
        },
    )

    assert response.status_code == 302
    invitation = Invitation.objects.get(event=event)
    assert invitation.quota == 2 and invitation.created_by == organiser


def test_invitation_list_query_count_does_not_grow(
    client, organiser, django_assert_max_num_queries
):
    event = EventFactory(registration_mode="both")
    InvitationFactory(event=event)
    url = reverse("participants:invitation_list", kwargs={"code": event.code})
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    InvitationFactory.create_batch(10, event=event)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_organiser_withdraws_an_invitation(client, organiser):
    invitation = InvitationFactory()

    client.post(
        reverse(
            "participants:invitation_action",
            kwargs={"code": invitation.event.code, "pk": invitation.pk},
        ),
        {"action": "revoke"},
    )

    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


# --- Import -----------------------------------------------------------------


def test_import_upload_preview_and_commit_through_the_pages(client, organiser, event):
    InstitutionFactory(name="Dinas Perhubungan", short_name="Dishub")
    rows = [person_row(n, institution="Dishub") for n in range(5)]
    bad = [*rows[:4], {**rows[4], "E-mail": "rusak"}]
    upload_url = reverse("participants:import_upload", kwargs={"code": event.code})

    response = client.post(
        upload_url,
        {"file": SimpleUploadedFile("daftar.xlsx", xlsx_bytes(bad)), "send_emails": "on"},
    )
    preview = client.get(response["Location"])
    assert 'data-testid="import-error-row" data-row="6"' in preview.text
    assert 'data-testid="import-commit"' not in preview.text
    assert client.post(response["Location"]).status_code == 302
    assert not Registration.objects.exists()

    response = client.post(
        upload_url, {"file": SimpleUploadedFile("daftar.xlsx", xlsx_bytes(rows))}
    )
    preview = client.get(response["Location"])
    assert 'data-testid="import-commit"' in preview.text
    done = client.post(response["Location"], {"action": "commit"})

    assert done.status_code == 302
    assert Registration.objects.filter(event=event).count() == 5


def test_import_page_query_count_does_not_grow_with_past_imports(
    client, organiser, event, django_assert_max_num_queries
):
    def uploads(count):
        for n in range(count):
            ParticipantImport.objects.create(
                event=event, original_name=f"{n}.xlsx", file_format="xlsx", uploaded_by=organiser
            )

    uploads(1)
    url = reverse("participants:import_upload", kwargs={"code": event.code})
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    uploads(8)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_upload_of_a_wrong_file_type_is_refused_on_the_form(client, organiser, event):
    response = client.post(
        reverse("participants:import_upload", kwargs={"code": event.code}),
        {"file": SimpleUploadedFile("daftar.pdf", b"%PDF-1.4")},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not ParticipantImport.objects.exists()


def test_upload_larger_than_the_limit_is_refused(client, organiser, event, monkeypatch):
    monkeypatch.setattr("participants.forms.MAX_UPLOAD_BYTES", 10)

    response = client.post(
        reverse("participants:import_upload", kwargs={"code": event.code}),
        {"file": SimpleUploadedFile("daftar.csv", b"Nama lengkap,E-mail,Instansi\n" * 3)},
    )

    assert response.status_code == 200 and response.context["form"].errors["file"]


def test_discarding_an_upload_deletes_its_file(client, organiser, event):
    InstitutionFactory(name="Dishub")
    client.post(
        reverse("participants:import_upload", kwargs={"code": event.code}),
        {"file": SimpleUploadedFile("d.xlsx", xlsx_bytes([person_row(1, institution="Dishub")]))},
    )
    upload = ParticipantImport.objects.get()

    client.post(
        reverse("participants:import_preview", kwargs={"code": event.code, "pk": upload.pk}),
        {"action": "discard"},
    )

    upload.refresh_from_db()
    assert upload.status == "discarded" and not upload.file


# --- Institutions -------------------------------------------------------------


def test_organiser_confirms_a_typed_institution_with_a_corrected_name(client, organiser):
    typed = InstitutionFactory(name="diskominfo tg pinang", is_confirmed=False)

    client.post(
        reverse("participants:institution_action", kwargs={"pk": typed.pk}),
        {
            "action": "confirm",
            f"i{typed.pk}-name": "Diskominfo Kota Tanjungpinang",
            f"i{typed.pk}-category": category("opd").pk,
        },
    )

    typed.refresh_from_db()
    assert typed.is_confirmed and typed.name == "Diskominfo Kota Tanjungpinang"
    assert AuditEntry.objects.filter(action="institution.confirm").exists()


def test_merging_a_typed_institution_moves_its_people_and_is_audited(client, organiser):
    real = InstitutionFactory(name="Dinas Kesehatan Kota Tanjungpinang")
    typed = InstitutionFactory(name="Dinkes Tpi", is_confirmed=False)
    people = ParticipantFactory.create_batch(3, institution=typed)

    client.post(
        reverse("participants:institution_action", kwargs={"pk": typed.pk}),
        {"action": "merge", f"m{typed.pk}-target": real.pk},
    )

    assert not Institution.objects.filter(pk=typed.pk).exists()
    for person in people:
        person.refresh_from_db()
        assert person.institution == real
    entry = AuditEntry.objects.get(action="institution.merge")
    assert sorted(entry.changes["participants"]) == sorted(p.pk for p in people)


def test_institution_review_query_count_does_not_grow(
    client, organiser, django_assert_max_num_queries
):
    InstitutionFactory(is_confirmed=False)
    url = reverse("participants:institution_review")
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    InstitutionFactory.create_batch(8, is_confirmed=False)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)
