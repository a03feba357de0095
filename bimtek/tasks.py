"""Background work of the events app (Django Tasks API: the database queue
by default, Redis-backed workers at scale)."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from bimtek.models import EventStaff


def set_password_url(user) -> str:
    """allauth's password-reset link for ``user``: valid for
    PASSWORD_RESET_TIMEOUT, once, and only until the password changes."""
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse(
        "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
    ).replace("UID-KEY", key)
    return settings.SITE_URL + path


@task(queue_name="email")
def send_staff_assignment_email(*, assignment_id: int, new_account: bool) -> None:
    """Tell a person they are door staff of an event; a new account also gets
    the link to set its password."""
    assignment = EventStaff.objects.select_related("user", "event").filter(pk=assignment_id).first()
    if assignment is None:  # removed again before the worker got to it
        return
    user = assignment.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "assignment": assignment,
            "event": assignment.event,
            "user": user,
            "new_account": new_account,
            "set_password_url": set_password_url(user) if new_account else "",
            "login_url": settings.SITE_URL + reverse("account_login"),
            "reset_url": settings.SITE_URL + reverse("account_reset_password"),
            "event_url": settings.SITE_URL + assignment.event.get_absolute_url(),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("bimtek/email/staff_assigned_subject.txt", context)
        body = render_to_string("bimtek/email/staff_assigned_message.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
