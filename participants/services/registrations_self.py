"""The public registration form's write: the person's own profile and a
place, in one transaction without savepoints (docs/profile.md, "The
sign-up submit")."""

from django.contrib.auth import get_user_model
from django.db import transaction

from bimtek.models import Event
from participants.models import Registration
from participants.models.registrations import RegistrationSource
from participants.services.people import PersonData, own_profile_save
from participants.services.registrations import registration_place


@transaction.atomic
def registration_register_self(
    *,
    user,
    event: Event,
    data: PersonData,
    consent: bool,
    language: str,
    whatsapp_consent: bool = False,
) -> Registration:
    """The public registration form: save the person's own profile (reused
    next time) and ask for a place. One submission per person at a time (the
    user row is locked), so a double tap cannot create two profiles.

    Every refusal leaves this function, so its one transaction is rolled
    back whole: the steps inside need no savepoints of their own."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk").get()
    participant = own_profile_save(user=user, event_language=language, data=data, consent=consent)
    return registration_place(
        event=event,
        participant=participant,
        source=RegistrationSource.SELF,
        actor=user,
        whatsapp_consent=whatsapp_consent,
    )
