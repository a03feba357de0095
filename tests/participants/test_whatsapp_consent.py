"""UU PDP: a separate, optional consent to WhatsApp messages, per registration,
withdrawable by the person on their ticket page."""

import pytest
from django.urls import reverse

from bimtek.models import AuditEntry
from participants.models import Registration
from tests.factories import (
    InstitutionFactory,
    InvitationFactory,
    RegistrationFactory,
    participant_user,
)

pytestmark = pytest.mark.django_db


def _form(institution, **overrides) -> dict:
    data = {
        "full_name": "Siti Rahmawati",
        "employment": "non_asn",
        "institution": institution.pk,
        "phone": "0812-3456-7890",
        "consent": "on",
    }
    data.update(overrides)
    return data


def _register_url(event) -> str:
    return reverse("participants:register", kwargs={"code": event.code})


def test_the_whatsapp_choice_is_offered_unticked(client, event):
    client.force_login(participant_user())

    page = client.get(_register_url(event))

    assert page.status_code == 200
    field = page.context["form"]["whatsapp_consent"]
    assert not field.value()
    assert 'name="whatsapp_consent"' in page.text


def test_registering_without_ticking_it_means_no_whatsapp(client, event):
    client.force_login(participant_user())

    client.post(_register_url(event), _form(InstitutionFactory()))

    registration = Registration.objects.get(event=event)
    assert registration.whatsapp_consent is False and registration.whatsapp_consent_at is None


def test_ticking_it_records_the_consent_and_its_time(client, event):
    client.force_login(participant_user())

    client.post(_register_url(event), _form(InstitutionFactory(), whatsapp_consent="on"))

    registration = Registration.objects.get(event=event)
    assert registration.whatsapp_consent is True
    assert registration.whatsapp_consent_at is not None


def test_the_delegate_form_records_the_delegates_consent(client):
    invitation = InvitationFactory(quota=2)
    base = {"employment": "non_asn", "phone": "081234567890", "confirm": "on"}

    page = client.get(invitation.get_absolute_url())
    client.post(
        invitation.get_absolute_url(),
        {**base, "full_name": "Delegasi 1", "email": "d1@example.org", "whatsapp_consent": "on"},
    )
    client.post(
        invitation.get_absolute_url(),
        {**base, "full_name": "Delegasi 2", "email": "d2@example.org"},
    )

    assert 'name="whatsapp_consent"' in page.text
    consents = dict(invitation.registrations.values_list("participant__email", "whatsapp_consent"))
    assert consents == {"d1@example.org": True, "d2@example.org": False}


def test_the_holder_sees_their_consent_and_withdraws_it(client):
    holder = participant_user(email="pemilik@example.org")
    ticket = RegistrationFactory(participant__user=holder, whatsapp_consent=True)
    ticket.whatsapp_consent_at = ticket.created_at
    ticket.save()
    client.force_login(holder)
    url = reverse("participants:ticket_whatsapp_withdraw", kwargs={"pk": ticket.pk})

    page = client.get(ticket.get_absolute_url())
    response = client.post(url)
    after = client.get(ticket.get_absolute_url())

    assert 'data-testid="whatsapp-withdraw"' in page.text
    assert response.status_code == 302 and response["Location"] == ticket.get_absolute_url()
    ticket.refresh_from_db()
    # The time of the withdrawal is kept, as an unsubscription's is.
    assert ticket.whatsapp_consent is False and ticket.whatsapp_consent_at > ticket.created_at
    assert 'data-testid="whatsapp-withdraw"' not in after.text
    assert "Anda menarik persetujuan pesan WhatsApp" in after.text
    assert AuditEntry.objects.filter(action="registration.whatsapp_withdraw").count() == 1


def test_nobody_else_can_withdraw_a_persons_consent(client, event):
    ticket = RegistrationFactory(event=event, whatsapp_consent=True)
    client.force_login(participant_user(email="lain@example.org"))
    url = reverse("participants:ticket_whatsapp_withdraw", kwargs={"pk": ticket.pk})

    response = client.post(url)

    assert response.status_code == 404
    ticket.refresh_from_db()
    assert ticket.whatsapp_consent is True


def test_anonymous_visitors_are_sent_to_log_in(client):
    ticket = RegistrationFactory(whatsapp_consent=True)
    url = reverse("participants:ticket_whatsapp_withdraw", kwargs={"pk": ticket.pk})

    response = client.post(url)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    ticket.refresh_from_db()
    assert ticket.whatsapp_consent is True


def test_withdrawing_is_post_only(client):
    holder = participant_user(email="pemilik@example.org")
    ticket = RegistrationFactory(participant__user=holder, whatsapp_consent=True)
    client.force_login(holder)
    url = reverse("participants:ticket_whatsapp_withdraw", kwargs={"pk": ticket.pk})

    assert client.get(url).status_code == 405
