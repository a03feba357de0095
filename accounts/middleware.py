from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
