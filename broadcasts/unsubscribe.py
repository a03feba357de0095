"""The one-click unsubscribe link of an announcement: an HMAC-signed token
naming the registration (unguessable without SECRET_KEY, nothing stored)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from participants.models import Registration

SALT = "broadcasts.unsubscribe"


def token_for(registration) -> str:
    return signing.Signer(salt=SALT).sign(str(registration.pk))


def url_for(registration) -> str:
    return settings.SITE_URL + reverse(
        "broadcasts:unsubscribe", kwargs={"token": token_for(registration)}
    )


def registration_for(token: str) -> Registration | None:
    """The registration the token was made for; None when it was not made here."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    if not value.isdigit():
        return None
    return (
        Registration.objects.select_related("event", "participant")
        .filter(pk=int(value), participant__erased_at__isnull=True)
        .first()
    )
