"""Who must sign in with a second factor (docs/security.md).

With ``REQUIRE_MFA_FOR_STAFF`` (on by default outside DEBUG), organisers
(Panitia), superusers and admin-site users must have an authenticator app
(TOTP) or a security key (WebAuthn) before any other page; recovery codes
are the fallback of those, not a factor of their own. Participants and door
staff may add one, and are never forced.

The answer is worked out at sign-in (``AccountAdapter.login``) and kept in
the session, so a scan or a page costs no query for it; a session that has
no answer yet (opened before this rule, or by ``force_login``) gets one on
its first page.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings

from accounts.permissions import is_organiser

SESSION_KEY = "bimtek_mfa_setup_required"
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def must_use_mfa(user) -> bool:
    """Organisers and administrators (superusers, admin-site users)."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or user.is_staff or is_organiser(user))


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


def setup_required(user) -> bool:
    """True while this user must still set up a second factor."""
    return settings.REQUIRE_MFA_FOR_STAFF and must_use_mfa(user) and not has_second_factor(user)


def remember(request, user) -> bool:
    required = setup_required(user)
    if request.session.get(SESSION_KEY) != required:
        request.session[SESSION_KEY] = required
    return required


def forget(request) -> None:
    request.session.pop(SESSION_KEY, None)
