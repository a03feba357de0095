"""API keys for door devices that are not a signed-in browser (handhelds,
kiosks, scripts): ``Authorization: Token <key>``. One query per request."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from checkin.models import DoorDevice
from checkin.models.devices import hash_device_key

# Writing "last used" on every scan would cost a query each; once in a while is enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class DoorDeviceTokenAuthentication(authentication.BaseAuthentication):
    """Door staff devices. The key acts for the user who created it; door
    rights stay per event. A revoked key, or one whose user was deactivated,
    is refused."""

    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in (b"token", b"bearer"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid device key header."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid device key.")) from None
        device = (
            DoorDevice.objects.select_related("user")
            .filter(key_hash=hash_device_key(key), revoked_at__isnull=True)
            .first()
        )
        if device is None or not device.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked device key."))
        now = timezone.now()
        if device.last_used_at is None or now - device.last_used_at > LAST_USED_RESOLUTION:
            DoorDevice.objects.filter(pk=device.pk).update(last_used_at=now)
            device.last_used_at = now
        return device.user, device

    def authenticate_header(self, request) -> str:
        return self.keyword


class DoorDeviceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "checkin.api.authentication.DoorDeviceTokenAuthentication"
    name = "doorDeviceKey"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix="Token"
        )
