from types import SimpleNamespace
from urllib.parse import urlencode, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from accounts import mfa, ratelimits
from accounts.clients import client_ip
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

    def login(self, request, user) -> None:
        super().login(request, user)
        # Decided once per sign-in, kept in the session (accounts/mfa.py).
        mfa.remember(request, user)

    def get_login_redirect_url(self, request):
        """After login, go to the first page of the person's role (the
        dashboard, the door, or their tickets), unless ?next= says otherwise."""
        from accounts.navigation import items_for

        items = items_for(request.user)
        if items:
            return items[0].url
        return super().get_login_redirect_url(request)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The verification link carries where the person was going (the
        event's registration form: ?next= of the sign-up), so opened in
        another browser or on another device it still leads there, after
        signing in. Only a path on this site is carried."""
        url = super().get_email_confirmation_url(request, emailconfirmation)
        follow = _continuation(request)
        return f"{url}?{urlencode({'next': follow})}" if follow else url

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Rendered here (allauth's templates need the request), sent by the
        e-mail queue (accounts/tasks.py): a taken and a new address at
        sign-up each enqueue one mail, and no request waits for SMTP.

        allauth's e-mails greet from "the site": without django.contrib.sites
        that is the request's host name ("Halo dari 127.0.0.1:8000!"); make it
        the product's name and public address."""
        from accounts.tasks import send_account_mail

        site = SimpleNamespace(name="Bimtek", domain=urlsplit(settings.SITE_URL).netloc)
        context = {"request": self.request, "email": email, "current_site": site, **context}
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", ())
                if mimetype == "text/html"
            ),
            "",
        )
        send_account_mail.enqueue(
            subject=message.subject,
            body=message.body,
            from_email=message.from_email,
            to=list(message.to),
            html=html,
            headers=dict(message.extra_headers),
            content_subtype=message.content_subtype,
        )

    # --- Rate limits per real client (accounts/ratelimits.py, docs/security.md)

    def get_client_ip(self, request) -> str:
        """The address every allauth limit is keyed on: ours (accounts/clients.py)."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # The per-key part of "login_failed" (and its reset after a password
        # reset): this account from this address, so strangers elsewhere
        # cannot use it up for the owner.
        return ratelimits.failed_login_key(request, _login_of(credentials))

    def pre_authenticate(self, request, **credentials) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as error:
            if error.code != "too_many_login_attempts":
                raise
            minutes = -(-ratelimits.failed_login_wait(request, login=_login_of(credentials)) // 60)
            raise ValidationError(
                ngettext(
                    "Too many failed sign-in attempts from your network. Try again in "
                    "%(minutes)d minute, or sign in with a code sent to your e-mail.",
                    "Too many failed sign-in attempts from your network. Try again in "
                    "%(minutes)d minutes, or sign in with a code sent to your e-mail.",
                    minutes,
                )
                % {"minutes": minutes},
                code="too_many_login_attempts",
            ) from error

    def authentication_failed(self, request, **credentials) -> None:
        ratelimits.account_failure_record(request, login=_login_of(credentials))
        super().authentication_failed(request, **credentials)

    def is_login_by_code_required(self, login) -> bool:
        """Past LOGIN_CODE_AFTER_FAILURES failed passwords on this account (from
        any address), the right password must be followed by an e-mailed code."""
        if super().is_login_by_code_required(login):
            return True
        from allauth.account.internal.flows.login import get_authentication_records

        records = get_authentication_records(self.request, login.user)
        method = records[-1]["method"] if records else None
        return method == "password" and ratelimits.account_needs_code(
            self.request, login=login.email or ""
        )


def _continuation(request) -> str:
    """The request's ?next= when it is a path on this site, else ""."""
    if request is None:
        return ""
    follow = request.POST.get("next") or request.GET.get("next") or ""
    if not follow.startswith("/") or follow.startswith("//") or "\\" in follow:
        return ""
    if not url_has_allowed_host_and_scheme(follow, allowed_hosts={request.get_host()}):
        return ""
    return follow


def _login_of(credentials: dict) -> str:
    return credentials.get("email") or credentials.get("username") or ""
