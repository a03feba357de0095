"""Writes for the events app: institutions, events, sessions, door staff, audit."""

from typing import Any

from django.db import transaction

from bimtek.models import AuditEntry, Event, EventStaff, Institution, InstitutionCategory, Session
from bimtek.models.events import StaffRole


def audit_record(
    *,
    actor,
    action: str,
    target,
    event: Event | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail. ``target`` is any model instance."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        event=event,
        action=action,
        object_type=target._meta.label,
        object_id=str(target.pk or ""),
        summary=summary[:300],
        changes=changes or {},
    )


def institution_get_or_create(
    *, name: str, category: InstitutionCategory, short_name: str = "", confirmed: bool = True
) -> tuple[Institution, bool]:
    """Find an institution by name, ignoring case and surrounding spaces."""
    name = " ".join(name.split())
    existing = Institution.objects.filter(name__iexact=name).first()
    if existing:
        return existing, False
    institution = Institution(
        name=name, short_name=short_name, category=category, is_confirmed=confirmed
    )
    institution.full_clean()
    institution.save()
    return institution, True


@transaction.atomic
def event_create(*, actor, **fields: Any) -> Event:
    event = Event(created_by=actor if getattr(actor, "is_authenticated", False) else None, **fields)
    event.full_clean()
    event.save()
    audit_record(actor=actor, action="event.create", target=event, event=event, summary=event.title)
    return event


@transaction.atomic
def session_create(*, actor, event: Event, **fields: Any) -> Session:
    session = Session(event=event, **fields)
    session.full_clean()
    session.save()
    audit_record(
        actor=actor, action="session.create", target=session, event=event, summary=session.title
    )
    return session


@transaction.atomic
def event_staff_assign(*, actor, event: Event, user, role: str = StaffRole.STEWARD) -> EventStaff:
    """Give a door-staff user rights at one event (or change their door role)."""
    from accounts.roles import Role, grant_role

    assignment, _created = EventStaff.objects.update_or_create(
        event=event, user=user, defaults={"role": role}
    )
    grant_role(user, Role.DOOR_STAFF)
    audit_record(
        actor=actor,
        action="staff.assign",
        target=assignment,
        event=event,
        summary=f"{user} ({role})",
    )
    return assignment
