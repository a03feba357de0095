from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from accounts import mfa


class LanguageMiddleware:
    """Choose the interface language: the language cookie, else the signed-in
    user's saved language, else Bahasa Indonesia.

    Unlike Django's LocaleMiddleware it ignores Accept-Language on purpose:
    many phones in Indonesia are set to English, yet the brief makes Bahasa
    Indonesia the default; English is one tap away (docs/i18n.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            saved = getattr(user, "language", "") if user and user.is_authenticated else ""
            language = saved if saved in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class StaffMFAMiddleware:
    """Organisers and administrators without a second factor are sent to the
    two-factor page before any other page (``REQUIRE_MFA_FOR_STAFF``,
    accounts/mfa.py); the API answers them 403 ``mfa_required``. The sign-in
    pages, the two-factor pages themselves, the language switch, static
    files and the health check stay open. Participants and door staff are
    never stopped."""

    API_PREFIX = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response
        self._cached_prefixes = None

    def __call__(self, request):
        if not settings.REQUIRE_MFA_FOR_STAFF:
            return self.get_response(request)
        path = request.path_info
        if self._is_open(path):
            if request.method == "POST" and path.startswith(self._mfa_prefix()):
                # A factor added or removed: decide again on the next page.
                mfa.forget(request)
            return self.get_response(request)
        if not self._setup_required(request):
            return self.get_response(request)
        if path.startswith(self.API_PREFIX):
            return JsonResponse(
                {
                    "error": "mfa_required",
                    "detail": _("Set up two-factor sign-in before using the organiser tools."),
                },
                status=403,
            )
        messages.warning(
            request,
            _(
                "Organisers and administrators sign in with a second step. Set up an "
                "authenticator app or a security key to continue."
            ),
            fail_silently=True,
        )
        target = reverse("mfa_index")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)

    def _setup_required(self, request) -> bool:
        session = getattr(request, "session", None)
        if session is None:
            return False
        known = session.get(mfa.SESSION_KEY)
        if known is False:
            return False
        if known is None and request.path_info.startswith(self.API_PREFIX):
            # No answer from a sign-in (a device token, or a session older
            # than the rule): the door's hot path does not look it up.
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return mfa.remember(request, user)

    def _mfa_prefix(self) -> str:
        return self._prefixes()[0]

    def _is_open(self, path: str) -> bool:
        return path.startswith(self._prefixes()[1])

    def _prefixes(self) -> tuple[str, tuple[str, ...]]:
        """(the two-factor pages, every path open without a factor), built once."""
        if self._cached_prefixes is None:
            self._cached_prefixes = (
                reverse("mfa_index"),
                (
                    reverse("account_login").rsplit("login/", 1)[0],  # allauth's pages
                    reverse("accounts:set_language"),
                    settings.STATIC_URL,
                    "/healthz",
                    "/favicon.ico",
                ),
            )
        return self._cached_prefixes
