"""Organisers' pages about an event's people."""

import pytest
from django.urls import reverse

from bimtek import extensions, selectors
from bimtek.models import AuditEntry
from bimtek.models.events import ApprovalMode, EventStatus
from participants.models import ParticipantImport, Registration, RevokedToken
from participants.models.registrations import RegistrationRole, RegistrationStatus
from tests.factories import (
    EventFactory,
    InstitutionFactory,
    InvitationFactory,
    RegistrationFactory,
    category,
    nip_for,
    organiser_user,
)

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


def test_applied_filters_are_not_styled_as_validated_fields(client, organiser, event):
    RegistrationFactory(event=event, participant__full_name="Siti Rahmawati")

    response = _list(client, event, q="siti", status="approved")

    html = response.text
    form = html[html.index('role="search"') : html.index("</form>", html.index('role="search"'))]
    assert _names(response) == ["Siti Rahmawati"]
    assert 'value="siti"' in form
    assert "is-valid" not in form and "is-invalid" not in form


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


def _bulk(client, event, data):
    return client.post(reverse("participants:organiser_bulk", kwargs={"code": event.code}), data)


@pytest.mark.parametrize("action", ["reject", "cancel"])
def test_bulk_reject_and_cancel_ask_first_and_change_nothing_until_confirmed(
    client, organiser, event, action, mailoutbox, django_capture_on_commit_callbacks
):
    people = RegistrationFactory.create_batch(2, event=event)
    data = {"action": action, "registrations": [r.pk for r in people], "next_query": "q=x"}

    with django_capture_on_commit_callbacks(execute=True):
        asked = _bulk(client, event, data)

    assert asked.status_code == 200
    assert 'data-testid="bulk-confirm"' in asked.text
    assert asked.context["count"] == 2
    assert all(
        r.status == RegistrationStatus.APPROVED
        for r in Registration.objects.filter(pk__in=[p.pk for p in people])
    )
    assert mailoutbox == []
    done = _bulk(client, event, data | {"confirmed": "1"})
    assert done.status_code == 302 and done["Location"].endswith("?q=x")
    expected = RegistrationStatus.REJECTED if action == "reject" else RegistrationStatus.CANCELLED
    assert set(Registration.objects.filter(event=event).values_list("status", flat=True)) == {
        expected
    }


def test_bulk_approve_needs_no_confirmation(client, organiser):
    event = EventFactory(approval_mode=ApprovalMode.MODERATED)
    pending = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    response = _bulk(client, event, {"action": "approve", "registrations": [pending.pk]})

    pending.refresh_from_db()
    assert response.status_code == 302
    assert pending.status == RegistrationStatus.APPROVED


def test_list_offers_select_all_matching_with_the_number(client, organiser, event):
    RegistrationFactory.create_batch(3, event=event, status=RegistrationStatus.PENDING)
    RegistrationFactory(event=event)

    response = client.get(
        reverse("participants:organiser_list", kwargs={"code": event.code}), {"status": "pending"}
    )

    assert 'data-testid="bulk-matching"' in response.text
    assert 'data-count="3"' in response.text
    assert "Pilih semua 3 yang cocok" in response.text


def test_bulk_on_all_matching_takes_every_page_by_the_filters(client, organiser):
    event = EventFactory(approval_mode=ApprovalMode.MODERATED)
    dinas = InstitutionFactory()
    pending = RegistrationFactory.create_batch(
        55, event=event, status=RegistrationStatus.PENDING, participant__institution=dinas
    )  # more than one page (50)
    other = RegistrationFactory(event=event, status=RegistrationStatus.PENDING)

    response = _bulk(
        client,
        event,
        {
            "action": "approve",
            "scope": "matching",
            "matching_count": "55",
            "next_query": f"status=pending&institution={dinas.pk}",
            "registrations": [pending[0].pk],  # what was ticked on the page is not the scope
        },
    )

    assert response.status_code == 302
    statuses = Registration.objects.filter(pk__in=[r.pk for r in pending]).values_list(
        "status", flat=True
    )
    assert set(statuses) == {RegistrationStatus.APPROVED}
    other.refresh_from_db()
    assert other.status == RegistrationStatus.PENDING


def test_bulk_on_all_matching_asks_again_when_the_list_changed(client, organiser, event):
    people = RegistrationFactory.create_batch(3, event=event)

    response = _bulk(
        client,
        event,
        {"action": "cancel", "scope": "matching", "matching_count": "2", "confirmed": "1"},
    )

    assert response.status_code == 200
    assert 'data-testid="bulk-changed"' in response.text
    assert response.context["count"] == 3
    assert not Registration.objects.filter(
        pk__in=[r.pk for r in people], status=RegistrationStatus.CANCELLED
    ).exists()


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
    organiser = organiser_user()
    selectors.events_for_organiser(organiser)  # reads the organiser's groups and teams once

    with django_assert_num_queries(1):
        events = {e.pk: e for e in selectors.events_for_dashboard(user=organiser)}

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
