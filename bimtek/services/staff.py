"""Door staff (petugas registrasi) per event."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role, grant_role
from bimtek.errors import EventError
from bimtek.models import Event, EventStaff
from bimtek.models.events import StaffRole
from bimtek.services.audit import audit_record


def _check_role(role: str) -> None:
    if role not in StaffRole.values:
        raise EventError(_("Choose a door role."), code="invalid_role", field="role")


@transaction.atomic
def event_staff_assign(*, actor, event: Event, user, role: str = StaffRole.STEWARD) -> EventStaff:
    """Give a user door rights at one event (or change their door role)."""
    _check_role(role)
    assignment, created = EventStaff.objects.update_or_create(
        event=event, user=user, defaults={"role": role}
    )
    grant_role(user, Role.DOOR_STAFF)
    audit_record(
        actor=actor,
        action="staff.assign" if created else "staff.change_role",
        target=assignment,
        event=event,
        summary=f"{user.email} · {assignment.get_role_display()}",
        changes={"role": {"from": None, "to": role}},
    )
    return assignment


@transaction.atomic
def event_staff_add(
    *, actor, event: Event, email: str, role: str, display_name: str = ""
) -> tuple[EventStaff, bool]:
    """Assign door staff by e-mail address. An unknown address gets an account
    (no password) and an e-mail with a link to set one; a known one an e-mail
    saying where they work. Returns the assignment and whether an account was
    made. The e-mail leaves after commit, as a background task."""
    from bimtek import tasks

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise EventError(
            _("Enter a valid e-mail address."), code="invalid_email", field="email"
        ) from None
    _check_role(role)
    display_name = " ".join((display_name or "").split())
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, display_name=display_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        # The organiser typed the address and only its owner can use the
        # set-password link sent there, so the address counts as verified.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif not user.is_active:
        raise EventError(
            _("The account %(email)s is deactivated; ask an administrator.") % {"email": email},
            code="account_inactive",
            field="email",
        )
    elif EventStaff.objects.filter(event=event, user=user).exists():
        raise EventError(
            _("%(email)s is already door staff of this event.") % {"email": email},
            code="already_assigned",
            field="email",
        )
    assignment = event_staff_assign(actor=actor, event=event, user=user, role=role)
    transaction.on_commit(
        lambda: tasks.send_staff_assignment_email.enqueue(
            assignment_id=assignment.pk, new_account=created
        )
    )
    return assignment, created


@transaction.atomic
def event_staff_change_role(*, actor, assignment: EventStaff, role: str) -> EventStaff:
    _check_role(role)
    assignment = EventStaff.objects.select_related("user", "event").get(pk=assignment.pk)
    if assignment.role == role:
        return assignment
    old_role = assignment.role
    assignment.role = role
    assignment.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="staff.change_role",
        target=assignment,
        event=assignment.event,
        summary=f"{assignment.user.email} · {assignment.get_role_display()}",
        changes={"role": {"from": old_role, "to": role}},
    )
    return assignment


@transaction.atomic
def event_staff_remove(*, actor, assignment: EventStaff) -> None:
    """Take away a user's door rights at one event (their account stays)."""
    assignment = EventStaff.objects.select_related("user", "event").get(pk=assignment.pk)
    audit_record(
        actor=actor,
        action="staff.remove",
        target=assignment,
        event=assignment.event,
        summary=assignment.user.email,
        changes={"role": {"from": assignment.role, "to": None}},
    )
    assignment.delete()


def event_staff_notify(*, actor, assignment: EventStaff) -> None:
    """Send the assignment e-mail again (with a fresh set-password link while
    the person has never set a password)."""
    from bimtek import tasks

    assignment = EventStaff.objects.select_related("user", "event").get(pk=assignment.pk)
    new_account = not assignment.user.has_usable_password()
    audit_record(
        actor=actor,
        action="staff.notify",
        target=assignment,
        event=assignment.event,
        summary=assignment.user.email,
    )
    transaction.on_commit(
        lambda: tasks.send_staff_assignment_email.enqueue(
            assignment_id=assignment.pk, new_account=new_account
        )
    )
