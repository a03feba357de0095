from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils import translation

from accounts.roles import Role, grant_role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.language = translation.get_language() or ""
        if commit:
            user.save()
            # Everyone who signs up may register for events; organiser and
            # door-staff rights are granted by an organiser or an admin.
            grant_role(user, Role.PARTICIPANT)
        return user

    def get_login_redirect_url(self, request):
        """After login, go to the first page of the person's role (the
        dashboard, the door, or their tickets), unless ?next= says otherwise."""
        from accounts.navigation import items_for

        items = items_for(request.user)
        if items:
            return items[0].url
        return super().get_login_redirect_url(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's e-mails greet from "the site": without django.contrib.sites
        that is the request's host name ("Halo dari 127.0.0.1:8000!"); make it
        the product's name and public address."""
        site = SimpleNamespace(name="Bimtek", domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})
