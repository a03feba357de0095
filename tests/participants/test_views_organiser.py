"""Organisers' pages about an event's people."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bimtek import extensions, selectors
from bimtek.models import AuditEntry, Institution
from bimtek.models.events import ApprovalMode, EventStatus
from participants.models import Invitation, ParticipantImport, Registration, RevokedToken
from participants.models.registrations import RegistrationRole, RegistrationStatus
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    InvitationFactory,
    ParticipantFactory,
    RegistrationFactory,
    category,
    nip_for,
    organiser_user,
)
from tests.spreadsheets import person_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def _urls(event, registration, invitation, upload):
    code = event.code
    return [
        reverse("participants:organiser_list", kwargs={"code": code}),
        reverse("participants:organiser_add", kwargs={"code": code}),
        reverse("participants:organiser_detail", kwargs={"code": code, "pk": registration.pk}),
        reverse("participants:organiser_profile", kwargs={"code": code, "pk": registration.pk}),
        reverse("participants:organiser_export", kwargs={"code": code, "fmt": "xlsx"}),
        reverse("participants:invitation_list", kwargs={"code": code}),
        reverse("participants:invitation_update", kwargs={"code": code, "pk": invitation.pk}),
        reverse("participants:import_upload", kwargs={"code": code}),
        reverse("participants:import_preview", kwargs={"code": code, "pk": upload.pk}),
        reverse("participants:import_template", kwargs={"code": code, "fmt": "xlsx"}),
        reverse("participants:institution_review"),
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
def test_organiser_pages_are_for_organisers_only(client, user_for_role, event, role, status):
    registration = RegistrationFactory(event=event)
    invitation = InvitationFactory(event=event)
    upload = ParticipantImport.objects.create(
        event=event, original_name="x.xlsx", file_format="xlsx"
    )
    user = user_for_role(role)
    if user:
        client.force_login(user)

    for url in _urls(event, registration, invitation, upload):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize("role", ["anonymous", "participant", "door_staff"])
def test_organiser_actions_are_refused_to_others(client, user_for_role, event, role):
    registration = RegistrationFactory(event=event)
    user = user_for_role(role)
    if user:
        client.force_login(user)

    client.post(
        reverse(
            "participants:organiser_action", kwargs={"code": event.code, "pk": registration.pk}
        ),
        {"action": "cancel"},
    )
    client.post(
        reverse("participants:organiser_bulk", kwargs={"code": event.code}),
        {"action": "cancel", "registrations": [registration.pk]},
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.APPROVED


@pytest.fixture
def organiser(client):
    user = organiser_user()
    client.force_login(user)
    return user


def _list(client, event, **params):
    response = client.get(
        reverse("participants:organiser_list", kwargs={"code": event.code}), params
    )
    assert response.status_code == 200
    return response


def _names(response) -> list[str]:
    return [r.participant.full_name for r in response.context["registrations"]]


def test_list_searches_by_name_nip_and_email(client, organiser, event):
    RegistrationFactory(event=event, participant__full_name="Siti Rahmawati")
    RegistrationFactory(
        event=event,
        participant__full_name="Budi Santoso",
        participant__employment="pns",
        participant__nip=nip_for(seq=42),
    )
    RegistrationFactory(
        event=event, participant__full_name="Dewi", participant__email="dewi@pelindo.co.id"
    )

    assert _names(_list(client, event, q="rahma")) == ["Siti Rahmawati"]
    assert _names(_list(client, event, q="19850312 2010")) == ["Budi Santoso"]
    assert _names(_list(client, event, q="pelindo")) == ["Dewi"]


def test_list_filters_by_status_role_category_and_institution(client, organiser, event):
    bank = InstitutionFactory(category=category("perbankan"))
    RegistrationFactory(event=event, participant__full_name="A", participant__institution=bank)
    RegistrationFactory(
        event=event, participant__full_name="B", status=RegistrationStatus.WAITLISTED
    )
    RegistrationFactory(event=event, participant__full_name="C", role=RegistrationRole.SPEAKER)

    assert _names(_list(client, event, status="waitlisted")) == ["B"]
    assert _names(_list(client, event, role="narasumber")) == ["C"]
    assert _names(_list(client, event, category=category("perbankan").pk)) == ["A"]
    assert _names(_list(client, event, institution=bank.pk)) == ["A"]


def test_list_sorts_and_paginates(client, organiser, event):
    for name in ["Citra", "Ahmad", "Bayu"]:
        RegistrationFactory(event=event, participant__full_name=name)

    assert _names(_list(client, event)) == ["Ahmad", "Bayu", "Citra"]
    assert _names(_list(client, event, sort="-name")) == ["Citra", "Bayu", "Ahmad"]
    RegistrationFactory.create_batch(55, event=event)
    page_two = _list(client, event, page=2)
    assert len(page_two.context["registrations"]) == 8


def test_list_shows_counts_by_status_and_category(client, organiser, event):
    bank = InstitutionFactory(category=category("perbankan"))
    RegistrationFactory.create_batch(2, event=event, participant__institution=bank)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)

    counts = _list(client, event).context["counts"]

    assert counts.active == 3
    assert counts.seats_taken == 2
    assert counts.by_status["waitlisted"] == 1
    assert ("Perbankan", 2) in counts.by_category


def test_list_query_count_does_not_grow_with_rows(
    client, organiser, event, django_assert_max_num_queries
):
    RegistrationFactory.create_batch(2, event=event)
    url = reverse("participants:organiser_list", kwargs={"code": event.code})
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    RegistrationFactory.create_batch(40, event=event, participant__institution=InstitutionFactory())

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_bulk_approval_from_the_list(client, organiser):
    event = EventFactory(approval_mode=ApprovalMode.MODERATED, capacity=1)
    first, second = (
        RegistrationFactory(event=event, status=RegistrationStatus.PENDING) for _ in range(2)
    )

    response = client.post(
        reverse("participants:organiser_bulk", kwargs={"code": event.code}),
        {
            "action": "approve",
            "registrations": [first.pk, second.pk],
            "next_query": "status=pending",
        },
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith("?status=pending")
    assert first.status == RegistrationStatus.APPROVED
    assert second.status == RegistrationStatus.WAITLISTED


def test_bulk_action_without_ticks_explains(client, organiser, event):
    response = client.post(
        reverse("participants:organiser_bulk", kwargs={"code": event.code}),
        {"action": "approve"},
        follow=True,
    )

    assert response.status_code == 200
    assert list(response.context["messages"])


def test_organiser_adds_a_speaker(client, organiser, event):
    institution = InstitutionFactory()

    response = client.post(
        reverse("participants:organiser_add", kwargs={"code": event.code}),
        {
            "role": "narasumber",
            "full_name": "Hendra Wijaya",
            "title_front": "Dr. Ir.",
            "title_back": "M.Sc.",
            "employment": "non_asn",
            "institution": institution.pk,
            "email": "hendra@example.org",
            "phone": "",
        },
    )

    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert registration.role == RegistrationRole.SPEAKER
    assert registration.source == "organiser"
    assert registration.created_by == organiser


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("approve", RegistrationStatus.PENDING, RegistrationStatus.APPROVED),
        ("reject", RegistrationStatus.APPROVED, RegistrationStatus.REJECTED),
        ("cancel", RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED),
    ],
)
def test_detail_actions_change_the_status(client, organiser, event, action, start, end):
    registration = RegistrationFactory(event=event, status=start)

    client.post(
        reverse(
            "participants:organiser_action", kwargs={"code": event.code, "pk": registration.pk}
        ),
        {"action": action},
    )

    registration.refresh_from_db()
    assert registration.status == end


def test_reissue_from_the_detail_page(client, organiser, event):
    registration = RegistrationFactory(event=event)
    old = registration.token

    client.post(
        reverse(
            "participants:organiser_action", kwargs={"code": event.code, "pk": registration.pk}
        ),
        {"action": "reissue"},
    )
    page = client.get(
        reverse("participants:organiser_detail", kwargs={"code": event.code, "pk": registration.pk})
    )

    registration.refresh_from_db()
    assert registration.token != old
    assert RevokedToken.objects.filter(token=old, registration=registration).exists()
    assert "Ticket reissued" in page.text or "Tiket diterbitkan ulang" in page.text


def test_registration_of_another_event_is_404(client, organiser, event):
    other = RegistrationFactory(event=EventFactory())

    response = client.get(
        reverse("participants:organiser_detail", kwargs={"code": event.code, "pk": other.pk})
    )

    assert response.status_code == 404


def test_organiser_corrects_a_profile_and_it_is_audited(client, organiser, event):
    registration = RegistrationFactory(event=event, participant__full_name="Siti Rahmwati")
    participant = registration.participant

    response = client.post(
        reverse(
            "participants:organiser_profile", kwargs={"code": event.code, "pk": registration.pk}
        ),
        {
            "full_name": "Siti Rahmawati",
            "employment": "non_asn",
            "institution": participant.institution_id,
            "email": participant.email,
            "phone": "",
        },
    )

    participant.refresh_from_db()
    assert response.status_code == 302
    assert participant.full_name == "Siti Rahmawati"
    entry = AuditEntry.objects.get(action="participant.update")
    assert entry.actor == organiser
    assert entry.changes["full_name"] == ["Siti Rahmwati", "Siti Rahmawati"]


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


# --- What participants adds to the events pages -------------------------------


def test_event_menu_has_the_participants_tabs(client, organiser, event):
    response = client.get(reverse("organiser:event_detail", kwargs={"code": event.code}))

    for key in ("participants", "invitations", "import"):
        assert f'data-event-tab="{key}"' in response.text


def test_dashboard_counters_are_annotations(django_assert_num_queries):
    event = EventFactory()
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(event=event, status=RegistrationStatus.CANCELLED)
    EventFactory()

    with django_assert_num_queries(1):
        events = {e.pk: e for e in selectors.events_for_dashboard()}

    assert events[event.pk].registrations_active == 4
    assert events[event.pk].registrations_approved == 3
    assert events[event.pk].registrations_waitlisted == 1


def test_editing_a_published_event_with_registrations_warns(event):
    assert extensions.change_notices(event) == []
    RegistrationFactory.create_batch(2, event=event)

    [notice] = extensions.change_notices(event)

    assert "2" in notice


def test_no_warning_for_a_draft(event):
    event.status = EventStatus.DRAFT
    RegistrationFactory(event=event)

    assert extensions.change_notices(event) == []
