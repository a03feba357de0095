from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request):
    """Public. Django's set_language (cookie, safe redirect), which also
    remembers the choice on the account so e-mails reach people in the language
    they read."""
    response = django_set_language(request)
    language = request.POST.get("language")
    supported = {code for code, _name in settings.LANGUAGES}
    user = request.user
    if language in supported and user.is_authenticated and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response
