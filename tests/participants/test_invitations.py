"""Institution invitations: quota, the contact's link, withdrawing."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from bimtek.models.events import RegistrationMode
from participants.errors import RegistrationError
from participants.models import Invitation, Registration
from participants.models.registrations import RegistrationSource, RegistrationStatus
from participants.services.invitations import (
    invitation_cancel_delegate,
    invitation_create,
    invitation_register_delegate,
    invitation_revoke,
    invitation_update,
)
from participants.services.people import PersonData
from tests.factories import EventFactory, InstitutionFactory, InvitationFactory, organiser_user

pytestmark = pytest.mark.django_db


def _delegate(n: int, **extra) -> PersonData:
    return PersonData(full_name=f"Delegasi {n}", email=f"delegasi{n}@example.org", **extra)


def test_invitation_quota_is_enforced():
    invitation = InvitationFactory(quota=2)
    invitation_register_delegate(invitation=invitation, data=_delegate(1))
    invitation_register_delegate(invitation=invitation, data=_delegate(2))

    with pytest.raises(RegistrationError) as excinfo:
        invitation_register_delegate(invitation=invitation, data=_delegate(3))

    assert excinfo.value.code == "quota_exhausted"
    assert invitation.registrations.count() == 2


def test_withdrawing_a_delegate_frees_a_place_in_the_quota():
    invitation = InvitationFactory(quota=1)
    first = invitation_register_delegate(invitation=invitation, data=_delegate(1))

    invitation_cancel_delegate(invitation=invitation, registration=first)
    second = invitation_register_delegate(invitation=invitation, data=_delegate(2))

    assert second.status == RegistrationStatus.APPROVED


def test_delegates_belong_to_the_invited_institution_and_are_approved():
    invitation = InvitationFactory(quota=3, event__registration_mode=RegistrationMode.INVITATION)

    registration = invitation_register_delegate(invitation=invitation, data=_delegate(1))

    assert registration.source == RegistrationSource.INVITATION
    assert registration.invitation == invitation
    assert registration.participant.institution == invitation.institution
    assert registration.status == RegistrationStatus.APPROVED


def test_delegates_beyond_the_event_capacity_wait():
    invitation = InvitationFactory(quota=3, event__capacity=1)
    invitation_register_delegate(invitation=invitation, data=_delegate(1))

    second = invitation_register_delegate(invitation=invitation, data=_delegate(2))

    assert second.status == RegistrationStatus.WAITLISTED


def test_withdrawn_invitation_registers_nobody():
    invitation = InvitationFactory()
    invitation_revoke(invitation=invitation, actor=organiser_user())

    with pytest.raises(RegistrationError) as excinfo:
        invitation_register_delegate(invitation=invitation, data=_delegate(1))

    assert excinfo.value.code == "invitation_invalid"


def test_quota_cannot_drop_below_the_delegates_registered():
    invitation = InvitationFactory(quota=2)
    invitation_register_delegate(invitation=invitation, data=_delegate(1))
    invitation_register_delegate(invitation=invitation, data=_delegate(2))

    with pytest.raises(RegistrationError) as excinfo:
        invitation_update(invitation=invitation, actor=organiser_user(), quota=1)

    assert excinfo.value.code == "quota_below_used"


def test_invitation_creation_sends_the_link(django_capture_on_commit_callbacks):
    event = EventFactory(registration_mode=RegistrationMode.BOTH)

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_create(
            event=event,
            institution=InstitutionFactory(name="Dinas Kesehatan"),
            quota=2,
            contact_name="Ibu Sekretaris",
            contact_email="Umum.Dinkes@Example.org",
            actor=organiser_user(),
        )

    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["umum.dinkes@example.org"]
    assert invitation.get_absolute_url() in message.body
    assert "Dinas Kesehatan" in message.body


@pytest.mark.parametrize(("mode", "code"), [(RegistrationMode.OPEN, "invitations_disabled")])
def test_open_only_events_take_no_invitations(mode, code):
    with pytest.raises(RegistrationError) as excinfo:
        invitation_create(
            event=EventFactory(registration_mode=mode),
            institution=InstitutionFactory(),
            quota=2,
            contact_name="X",
            contact_email="x@example.org",
            actor=organiser_user(),
        )

    assert excinfo.value.code == code


def test_an_institution_is_invited_once_per_event():
    invitation = InvitationFactory()

    with pytest.raises(RegistrationError) as excinfo:
        invitation_create(
            event=invitation.event,
            institution=invitation.institution,
            quota=5,
            contact_name="X",
            contact_email="x@example.org",
            actor=organiser_user(),
        )

    assert excinfo.value.code == "already_invited"


# --- The contact's page -------------------------------------------------------


def _delegate_form(n: int) -> dict:
    return {
        "full_name": f"Delegasi {n}",
        "employment": "non_asn",
        "email": f"delegasi{n}@example.org",
        "phone": "",
        "confirm": "on",
    }


def test_contact_registers_delegates_through_the_link_without_an_account(client):
    invitation = InvitationFactory(quota=2)
    url = invitation.get_absolute_url()

    page = client.get(url)
    response = client.post(url, _delegate_form(1))

    assert page.status_code == 200
    assert "0 / 2" in page.text.replace(" dari ", " / ") or "0 of 2" in page.text
    assert response.status_code == 302
    assert invitation.registrations.get().participant.email == "delegasi1@example.org"


def test_contact_page_refuses_beyond_the_quota_with_a_message(client):
    invitation = InvitationFactory(quota=1)
    invitation_register_delegate(invitation=invitation, data=_delegate(1))

    response = client.post(invitation.get_absolute_url(), _delegate_form(2))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # refused by the quota
    assert "Delegasi 1" in response.text
    assert "Delegasi 2 tidak terdaftar." in response.text
    assert not Registration.objects.filter(participant__email="delegasi2@example.org").exists()


def test_delegate_refused_by_a_quota_used_up_elsewhere_says_so_and_keeps_the_data(client):
    invitation = InvitationFactory(quota=1)
    url = invitation.get_absolute_url()
    client.get(url)  # the form opened while a place was free
    invitation_register_delegate(invitation=invitation, data=_delegate(1))  # another tab
    data = _delegate_form(2) | {"jabatan": "Analis Kebijakan"}

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["quota_ran_out"]
    assert 'data-testid="not-registered"' in response.text
    assert "Delegasi 2 was not registered." in response.text
    assert 'data-testid="delegate-form"' in response.text  # the form stays, filled in
    assert 'value="delegasi2@example.org"' in response.text
    assert 'value="Analis Kebijakan"' in response.text
    assert not Registration.objects.filter(participant__email="delegasi2@example.org").exists()


def test_delegate_refused_says_so_in_bahasa_indonesia(client):
    invitation = InvitationFactory(quota=1)
    invitation_register_delegate(invitation=invitation, data=_delegate(1))

    response = client.post(invitation.get_absolute_url(), _delegate_form(2))

    assert "Delegasi 2 tidak terdaftar." in response.text
    assert 'value="delegasi2@example.org"' in response.text


def test_contact_must_confirm_the_delegates_were_informed(client):
    invitation = InvitationFactory()
    data = _delegate_form(1)
    del data["confirm"]

    response = client.post(invitation.get_absolute_url(), data)

    assert response.status_code == 200
    assert "confirm" in response.context["consent_form"].errors
    assert 'data-testid="delegate-form"' in response.text
    assert not invitation.registrations.exists()


@pytest.mark.parametrize("token", ["not-a-token", "x" * 200])
def test_unknown_invitation_link_is_404(client, token):
    response = client.get(reverse("participants:invitation_detail", kwargs={"token": token}))

    assert response.status_code == 404


def test_withdrawn_invitation_link_is_404(client):
    invitation = InvitationFactory()
    invitation_revoke(invitation=invitation, actor=organiser_user())

    assert client.get(invitation.get_absolute_url()).status_code == 404


def test_contact_cannot_withdraw_someone_elses_delegate(client):
    mine, theirs = InvitationFactory(), InvitationFactory()
    other = invitation_register_delegate(invitation=theirs, data=_delegate(1))

    response = client.post(
        reverse("participants:delegate_cancel", kwargs={"token": mine.token, "pk": other.pk})
    )

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.status == RegistrationStatus.APPROVED


def test_contact_withdraws_a_delegate(client):
    invitation = InvitationFactory()
    delegate = invitation_register_delegate(invitation=invitation, data=_delegate(1))

    response = client.post(
        reverse(
            "participants:delegate_cancel", kwargs={"token": invitation.token, "pk": delegate.pk}
        )
    )

    delegate.refresh_from_db()
    assert response.status_code == 302
    assert delegate.status == RegistrationStatus.CANCELLED


def test_an_event_goes_with_its_invitations_and_delegates():
    invitation = InvitationFactory()
    invitation_register_delegate(invitation=invitation, data=_delegate(1))
    assert Registration.objects.filter(invitation=invitation).exists()

    invitation.event.delete()

    assert not Registration.objects.exists()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("page", ["participants:invitation_list", "participants:invitation_bulk"])
def test_an_open_only_events_invitation_pages_say_why_instead_of_offering_a_form(client, page):
    event = EventFactory(registration_mode=RegistrationMode.OPEN)
    client.force_login(organiser_user())

    response = client.get(reverse(page, kwargs={"code": event.code}))

    assert response.status_code == 200
    html = response.text
    assert 'data-testid="invitations-closed"' in html
    assert "hanya menerima pendaftaran terbuka" in html
    assert reverse("organiser:event_edit", kwargs={"code": event.code}) in html
    assert 'name="contact_email"' not in html and 'type="file"' not in html


def test_an_event_taking_invitations_offers_the_forms(client):
    event = EventFactory(registration_mode=RegistrationMode.BOTH)
    client.force_login(organiser_user())

    response = client.get(reverse("participants:invitation_list", kwargs={"code": event.code}))

    assert 'data-testid="invitations-closed"' not in response.text
    assert 'name="contact_email"' in response.text
