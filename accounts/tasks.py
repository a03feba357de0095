"""Account e-mails (sign-up verification, "you already have an account",
password reset, sign-in codes) leave through the e-mail queue.

allauth renders them in the request (its templates need the request); the
worker only sends. Every sign-up therefore does the same work whether the
address is new or taken: render one mail and enqueue it (docs/security.md,
"Sign-up answers the same")."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task(queue_name="email")
def send_account_mail(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    html: str = "",
    headers: dict[str, str] | None = None,
    content_subtype: str = "plain",
) -> None:
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or None)
    message.content_subtype = content_subtype
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
