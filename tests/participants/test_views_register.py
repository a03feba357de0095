"""The public registration: from the event page, with or without an account."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from bimtek.models import Institution
from bimtek.models.events import ApprovalMode, EventStatus, RegistrationMode
from participants.models import Participant, Registration
from participants.models.registrations import RegistrationStatus
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


@pytest.fixture
def institution():
    return InstitutionFactory(name="Badan Perencanaan Pembangunan Daerah", short_name="Bappeda")


def _form(institution_, **overrides) -> dict:
    data = {
        "title_front": "",
        "full_name": "Siti Rahmawati",
        "title_back": "S.E., M.M.",
        "employment": "pns",
        "nip": "19850312 201001 2 003",
        "pangkat_golongan": "III/c",
        "jabatan": "Kepala Sub Bidang",
        "institution": institution_.pk,
        "phone": "0812-3456-7890",
        "consent": "on",
    }
    data.update(overrides)
    return data


def _url(event) -> str:
    return reverse("participants:register", kwargs={"code": event.code})


def test_anonymous_visitor_is_asked_to_log_in_first(client, event):
    response = client.get(_url(event))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_signing_up_on_the_way_returns_to_the_registration_form(client, event):
    client.post(
        reverse("account_signup") + "?next=" + _url(event),
        {"email": "baru@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"https?://testserver(/\S+)", mail.outbox[-1].body).group(1)

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == _url(event)
    assert client.get(_url(event)).status_code == 200


def test_participant_registers_and_lands_on_their_ticket(client, event, institution):
    user = participant_user(email="siti@example.org")
    client.force_login(user)

    page = client.get(_url(event))
    response = client.post(_url(event), _form(institution))

    assert page.status_code == 200 and "siti@example.org" in page.text
    registration = Registration.objects.get(event=event)
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    participant = registration.participant
    assert participant.user == user and participant.email == "siti@example.org"
    assert participant.nip == "198503122010012003"
    assert participant.phone == "+6281234567890"
    assert participant.consent_at is not None
    assert participant.language == "id"
    assert registration.status == RegistrationStatus.APPROVED


def test_the_profile_is_filled_in_for_the_next_event(client, event, institution):
    user = participant_user()
    client.force_login(user)
    client.post(_url(event), _form(institution))
    next_event = EventFactory()

    page = client.get(_url(next_event))

    assert page.context["form"].initial["full_name"] == "Siti Rahmawati"
    assert page.context["form"].initial["nip"] == "198503122010012003"
    response = client.post(_url(next_event), _form(institution, jabatan="Kepala Bidang"))
    assert response.status_code == 302
    assert Participant.objects.get().jabatan == "Kepala Bidang"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"nip": "19850312 201013 2 003"}, "nip"),
        ({"nip": "12345"}, "nip"),
        ({"employment": "non_asn"}, "employment"),
        ({"pangkat_golongan": "IX"}, "pangkat_golongan"),
        ({"phone": "021 1234 5678"}, "phone"),
        ({"consent": ""}, "consent"),
        ({"institution": ""}, "institution"),
        ({"institution": "", "new_institution_name": "Koperasi Baru"}, "new_institution_category"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_written(
    client, event, institution, overrides, field
):
    client.force_login(participant_user())

    response = client.post(_url(event), _form(institution, **overrides))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Registration.objects.exists() and not Participant.objects.exists()


def test_a_nip_of_someone_else_is_refused_on_the_form(client, event, institution):
    ParticipantFactory(employment="pns", nip="198503122010012003")
    client.force_login(participant_user())

    response = client.post(_url(event), _form(institution))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["nip"] == ["NIP ini sudah dimiliki peserta lain."]  # on the field itself
    assert not form.non_field_errors()
    assert not Registration.objects.exists()


def _summary(text: str) -> str:
    start = text.rindex("<div", 0, text.index('data-testid="error-summary"'))
    return text[start : text.index("</div>", start)]


def test_a_refused_form_lists_every_problem_at_the_top_with_links(client, event, institution):
    client.force_login(participant_user())

    response = client.post(_url(event), _form(institution, full_name="", phone="", consent=""))

    summary = _summary(response.text)
    assert response.text.index(summary) < response.text.index('name="full_name"')
    assert 'tabindex="-1"' in summary and "data-error-summary" in summary
    for field in ("id_full_name", "id_phone", "id_consent"):
        assert f'href="#{field}"' in summary


def test_a_nip_refused_by_the_service_is_in_the_summary_too(client, event, institution):
    ParticipantFactory(employment="pns", nip="198503122010012003")
    client.force_login(participant_user())

    response = client.post(_url(event), _form(institution))

    assert 'href="#id_nip"' in _summary(response.text)


def test_a_good_form_shows_no_error_summary(client, event, institution):
    client.force_login(participant_user())

    page = client.get(_url(event))

    assert 'data-testid="error-summary"' not in page.text


def test_a_new_institution_is_typed_in_and_waits_for_an_organiser(client, event):
    client.force_login(participant_user())

    response = client.post(
        _url(event),
        _form(
            InstitutionFactory(),
            institution="",
            new_institution_name="Koperasi Nelayan Senggarang",
            new_institution_category=category("komunitas").pk,
            employment="non_asn",
            nip="",
            pangkat_golongan="",
        ),
    )

    assert response.status_code == 302
    institution = Institution.objects.get(name="Koperasi Nelayan Senggarang")
    assert not institution.is_confirmed
    assert Participant.objects.get().institution == institution


def test_unconfirmed_institutions_of_others_are_not_offered(client, event):
    InstitutionFactory(name="Ketikan Orang Lain", is_confirmed=False)
    InstitutionFactory(name="Dinas Terkonfirmasi", is_confirmed=True)
    client.force_login(participant_user())

    page = client.get(_url(event))

    assert page.status_code == 200
    assert "Dinas Terkonfirmasi" in page.text
    assert "Ketikan Orang Lain" not in page.text


def test_a_registered_person_is_sent_to_their_ticket(client, event):
    user = participant_user()
    registration = RegistrationFactory(event=event, participant__user=user)
    client.force_login(user)

    response = client.get(_url(event))

    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()


def test_closed_registration_shows_why_and_accepts_nothing(client, institution):
    event = EventFactory(
        registration_opens_at=timezone.now() - dt.timedelta(days=3),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(participant_user())

    page = client.get(_url(event))
    response = client.post(_url(event), _form(institution))

    assert page.status_code == 200 and 'data-testid="registration-form"' not in page.text
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Registration.objects.exists()


def test_draft_event_registration_is_404(client):
    event = EventFactory(status=EventStatus.DRAFT)
    client.force_login(participant_user())

    assert client.get(_url(event)).status_code == 404


def test_an_organiser_account_may_register_and_becomes_a_participant(client, event, institution):
    from accounts.roles import Role
    from tests.factories import organiser_user

    organiser = organiser_user()
    client.force_login(organiser)

    response = client.post(_url(event), _form(institution))

    assert response.status_code == 302
    assert User.objects.get(pk=organiser.pk).groups.filter(name=Role.PARTICIPANT).exists()


def test_privacy_notice_is_public(client):
    response = client.get(reverse("participants:privacy"))

    assert response.status_code == 200
    assert "UU PDP" in response.text


# --- The call to action on the public event page ------------------------------


def _panel(client, event) -> str:
    response = client.get(event.get_absolute_url())
    match = re.search(r'data-testid="registration-panel" data-state="(\w+)"', response.text)
    return match.group(1) if match else ""


def test_panel_invites_visitors_to_sign_up_and_come_back(client):
    event = EventFactory(capacity=50)
    RegistrationFactory.create_batch(3, event=event)

    response = client.get(event.get_absolute_url())

    assert _panel(client, event) == "open"
    assert "47" in response.text
    assert reverse("account_signup") + "?next=" + _url(event) in response.text
    assert reverse("account_login") + "?next=" + _url(event) in response.text


def test_panel_shows_the_waiting_list_when_full(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    assert _panel(client, event) == "waitlist"


@pytest.mark.parametrize(
    ("moderated", "button", "status"),
    [
        (True, "Ajukan permohonan tempat", RegistrationStatus.PENDING),
        (False, "Masuk daftar tunggu", RegistrationStatus.WAITLISTED),
    ],
)
def test_the_button_of_a_full_event_says_what_registering_leads_to(
    client, institution, moderated, button, status
):
    event = EventFactory(
        capacity=1,
        approval_mode=ApprovalMode.MODERATED if moderated else ApprovalMode.AUTO,
    )
    RegistrationFactory(event=event)
    client.force_login(participant_user(email="siti@example.org"))

    panel = client.get(event.get_absolute_url()).text
    form = client.get(_url(event)).text
    client.post(_url(event), _form(institution))

    register_button = re.search(r'data-testid="register-button">([^<]*)<', panel).group(1)
    submit_button = re.search(r'data-testid="submit-registration">([^<]*)<', form).group(1)
    assert register_button == button and submit_button == button
    assert Registration.objects.get(participant__email="siti@example.org").status == status


@pytest.mark.parametrize(
    ("event_kwargs", "state"),
    [
        ({"registration_opens_at": timezone.now() + dt.timedelta(days=2)}, "not_open"),
        (
            {
                "registration_opens_at": timezone.now() - dt.timedelta(days=3),
                "registration_closes_at": timezone.now() - dt.timedelta(days=1),
            },
            "closed",
        ),
        ({"registration_mode": RegistrationMode.INVITATION}, "invitation_only"),
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"status": EventStatus.FINISHED}, "closed"),
        ({"capacity": None}, "open"),
    ],
)
def test_panel_tells_the_true_state(client, event_kwargs, state):
    assert _panel(client, EventFactory(**event_kwargs)) == state


def test_organiser_previewing_a_draft_sees_that_registration_waits_for_publishing(client):
    from tests.factories import organiser_user

    client.force_login(organiser_user())

    assert _panel(client, EventFactory(status=EventStatus.DRAFT)) == "draft"


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 200), ("door_staff", 200), ("organiser", 200)],
)
def test_anyone_signed_in_may_open_the_registration_form(
    client, user_for_role, event, role, status
):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    assert client.get(_url(event)).status_code == status


def test_panel_links_a_registered_person_to_their_ticket(client):
    user = participant_user()
    event = EventFactory()
    registration = RegistrationFactory(event=event, participant__user=user)
    client.force_login(user)

    response = client.get(event.get_absolute_url())

    assert _panel(client, event) == "registered"
    assert registration.get_absolute_url() in response.text


def test_event_page_with_the_panel_costs_the_same_queries_whatever_the_registrations(
    client, django_assert_max_num_queries
):
    event = EventFactory(capacity=500)
    RegistrationFactory.create_batch(2, event=event)
    with django_assert_max_num_queries(20) as small:
        client.get(event.get_absolute_url())
    RegistrationFactory.create_batch(20, event=event)

    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(event.get_absolute_url())


def test_nip_field_accepts_spaces_as_people_type_them(client, event, institution):
    client.force_login(participant_user())

    client.post(_url(event), _form(institution, nip=" 1985 0312 2010 0120 03 "))

    assert Participant.objects.get().nip == nip_for(birth="19850312", gender="2", seq=3)


def test_an_imported_profile_of_a_verified_address_fills_the_form_and_is_claimed_on_sending(
    client, event, institution
):
    imported = ParticipantFactory(
        email="lama@example.org", user=None, full_name="Nama Dari Daftar", institution=institution
    )
    user = participant_user(email="lama@example.org")
    client.force_login(user)

    page = client.get(_url(event))
    imported.refresh_from_db()
    assert page.context["form"].initial["full_name"] == "Nama Dari Daftar"
    assert imported.user is None  # showing a form changes nothing

    client.post(_url(event), _form(institution, full_name="Nama Dari Daftar"))

    imported.refresh_from_db()
    assert imported.user == user
    assert Participant.objects.count() == 1


def test_the_form_page_reads_the_person_and_the_seats_once(
    client, event, institution, django_assert_max_num_queries
):
    """The registration state (is the person registered, how many seats are
    left) is read once per page, not by the check and again for the page."""
    client.force_login(participant_user())
    with django_assert_max_num_queries(40) as page:
        response = client.get(_url(event))

    assert response.status_code == 200
    assert response.context["state"].state == "open"
    sql = [query["sql"] for query in page.captured_queries]
    seat_counts = [q for q in sql if q.startswith("SELECT COUNT(*)") and "registration" in q]
    own = [
        q
        for q in sql
        if q.startswith("SELECT")
        and 'FROM "participants_registration"' in q
        and 'JOIN "participants_participant"' in q
    ]
    assert len(seat_counts) == 1
    assert len(own) == 1


def test_a_registered_person_who_sends_the_form_again_is_sent_to_their_ticket(client, event):
    user = participant_user()
    registration = RegistrationFactory(event=event, participant__user=user)
    client.force_login(user)

    response = client.post(_url(event), _form(registration.participant.institution))

    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    assert Registration.objects.filter(event=event).count() == 1
    assert Registration.objects.get(event=event).participant == registration.participant


def test_a_person_keeps_their_own_unconfirmed_institution_when_sending_the_form(client, event):
    user = participant_user()
    own = InstitutionFactory(name="Koperasi Ketikan Sendiri", is_confirmed=False)
    ParticipantFactory(user=user, email=user.email, institution=own)
    client.force_login(user)

    response = client.post(_url(event), _form(own))

    assert response.status_code == 302
    assert Registration.objects.get(event=event).participant.institution == own


def test_an_unconfirmed_institution_of_someone_else_is_refused_when_sent(client, event):
    other = InstitutionFactory(name="Ketikan Orang Lain", is_confirmed=False)
    client.force_login(participant_user())

    response = client.post(_url(event), _form(other))

    assert response.status_code == 200
    assert "institution" in response.context["form"].errors
    assert not Registration.objects.exists() and not Participant.objects.exists()
