"""A number that is not one is refused in the same words on the registration
form and on the profile form, whatever was typed (participants.phones)."""

import pytest
from django.urls import reverse

from tests.factories import InstitutionFactory, ParticipantFactory, participant_user
from tests.participants.test_views_register import _form, _url

pytestmark = pytest.mark.django_db

BAD = ["12", "abc", "0812", "+62 abc"]


def _registration_error(client, event, phone: str) -> list[str]:
    client.force_login(participant_user())
    response = client.post(_url(event), _form(InstitutionFactory(), phone=phone))
    assert response.status_code == 200
    return response.context["form"].errors["phone"]


def _profile_error(client, phone: str) -> list[str]:
    user = participant_user()
    ParticipantFactory(user=user, email=user.email)
    client.force_login(user)
    response = client.post(
        reverse("participants:profile"), {"full_name": "Siti Rahmawati", "phone": phone}
    )
    assert response.status_code == 200
    return response.context["form"].errors["phone"]


@pytest.mark.parametrize("phone", BAD)
def test_both_forms_refuse_a_bad_number_in_the_same_helpful_words(client, event, phone):
    registration = _registration_error(client, event, phone)
    profile = _profile_error(client, phone)

    assert registration == profile
    assert len(registration) == 1
    assert "0812-3456-7890" in registration[0]  # how to write it


def test_the_message_is_in_bahasa_indonesia(client, event):
    client.cookies["django_language"] = "id"

    (message,) = _registration_error(client, event, "abc")

    assert message == "abc bukan nomor telepon yang sah. Tulis seperti 0812-3456-7890."
