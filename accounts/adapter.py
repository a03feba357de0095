from allauth.account.adapter import DefaultAccountAdapter
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
