"""Events: create, edit (with the audit trail), status transitions, clone, delete."""

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek import extensions, formatting
from bimtek.errors import EventError
from bimtek.models import Event, EventStaff, Session
from bimtek.models.events import EventStatus
from bimtek.services.audit import audit_record, field_changes
from bimtek.validation import event_schedule_errors, session_time_errors, shift_local

# What an organiser may edit on the event form (status has its own services).
EVENT_FIELDS = (
    "title",
    "code",
    "organiser_unit",
    "description",
    "venue",
    "address",
    "city",
    "timezone",
    "start_date",
    "end_date",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "registration_mode",
    "approval_mode",
    "minutes_per_jp",
    "checkin_opens_minutes",
    "retention_days",
)
# Frozen once an event is finished or cancelled: attendance and certificates
# refer to the agenda as it was.
FIELDS_LOCKED_WHEN_OVER = ("timezone", "start_date", "end_date", "minutes_per_jp")
# Copied by event_clone; everything else is new (code, title, dates) or reset.
# The team too: "Tahap II" is run by the same organisers.
CLONED_FIELDS = (
    "team",
    "organiser_unit",
    "description",
    "venue",
    "address",
    "city",
    "timezone",
    "capacity",
    "registration_mode",
    "approval_mode",
    "minutes_per_jp",
    "checkin_opens_minutes",
    "retention_days",
)
CLONED_SESSION_FIELDS = (
    "title",
    "description",
    "speakers",
    "moderator",
    "room",
    "counts_for_certificate",
    "checkin_opens_minutes",
    "jp_override",
    "position",
)


def _actor_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _raise_first(errors: list[EventError]) -> None:
    if errors:
        raise errors[0]


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    taken = Event.objects.filter(code__iexact=code)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise EventError(
            _("Another event already uses the short code “%(code)s”.") % {"code": code},
            code="code_taken",
            field="code",
        )


def _clean_text_fields(event: Event) -> None:
    for name in ("title", "organiser_unit", "venue", "city"):
        setattr(event, name, " ".join((getattr(event, name) or "").split()))
    event.code = (event.code or "").strip().lower()


def _save_with_unique_code(event: Event) -> None:
    """Save; a code taken by a concurrent request meanwhile is answered like
    one taken before (the unique constraint decides)."""
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:
        if Event.objects.filter(code__iexact=event.code).exclude(pk=event.pk).exists():
            raise EventError(
                _("Another event already uses the short code “%(code)s”.") % {"code": event.code},
                code="code_taken",
                field="code",
            ) from None
        raise


def _local_today(event: Event) -> dt.date:
    return timezone.localdate(timezone.now(), event.tzinfo)


@transaction.atomic
def event_create(*, actor, **fields: Any) -> Event:
    """A new event (a draft unless ``status`` says otherwise, as the demo does)."""
    event = Event(created_by=_actor_or_none(actor), **fields)
    _clean_text_fields(event)
    _raise_first(event_schedule_errors(event))
    _check_code_free(event.code)
    # The code's uniqueness is _check_code_free's and the constraint's to
    # decide: full_clean's own check would answer a concurrent request that
    # committed meanwhile with a ValidationError instead of "code_taken".
    event.full_clean(validate_unique=False)
    _save_with_unique_code(event)
    audit_record(actor=actor, action="event.create", target=event, event=event, summary=event.title)
    return event


@transaction.atomic
def event_update(
    *, actor, event: Event, data: Mapping[str, Any], shift_sessions: bool = False
) -> Event:
    """Change an event's details; the audit trail keeps every field's before and after.

    When the dates or the time zone change, the sessions keep their wall-clock
    times at the venue; with ``shift_sessions`` they also move by as many days
    as the first day moved. Sessions that would fall outside the new dates are
    refused (code ``sessions_outside_event``)."""
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = {name: getattr(event, name) for name in EVENT_FIELDS}
    old_zone = event.tzinfo
    for name, value in data.items():
        setattr(event, name, value)
    _clean_text_fields(event)
    if event.timezone != before["timezone"]:
        # A new zone keeps the registration window's wall-clock times unless
        # new ones were given (the form gives them, read in the new zone).
        for name in ("registration_opens_at", "registration_closes_at"):
            if name not in data and getattr(event, name):
                setattr(
                    event,
                    name,
                    shift_local(getattr(event, name), days=0, zone=old_zone, to_zone=event.tzinfo),
                )
    after = {name: getattr(event, name) for name in EVENT_FIELDS}
    changes = field_changes(before, after, EVENT_FIELDS)
    if not changes:
        return event

    locked = [name for name in FIELDS_LOCKED_WHEN_OVER if name in changes]
    if event.agenda_is_locked and locked:
        raise EventError(
            _("The dates of a finished or cancelled event can no longer be changed."),
            code="event_locked",
            field=locked[0],
        )
    _raise_first(event_schedule_errors(event))
    if "code" in changes:
        _check_code_free(event.code, exclude_pk=event.pk)

    moved_sessions = []
    shift_days = (event.start_date - before["start_date"]).days if shift_sessions else 0
    if {"start_date", "end_date", "timezone"} & set(changes):
        sessions = list(event.sessions.order_by("starts_at", "id"))
        outside = []
        for session in sessions:
            if shift_days or "timezone" in changes:
                session.starts_at = shift_local(
                    session.starts_at, days=shift_days, zone=old_zone, to_zone=event.tzinfo
                )
                session.ends_at = shift_local(
                    session.ends_at, days=shift_days, zone=old_zone, to_zone=event.tzinfo
                )
                moved_sessions.append(session)
            if session_time_errors(session, event):
                outside.append(session)
        if outside:
            raise EventError(
                _(
                    "%(count)d session(s) would fall outside the new dates, the first "
                    "being “%(title)s”. Move them with the event, or change them in "
                    "the agenda first."
                )
                % {"count": len(outside), "title": outside[0].title},
                code="sessions_outside_event",
                field="start_date",
            )

    event.full_clean()
    _save_with_unique_code(event)
    if moved_sessions:
        Session.objects.bulk_update(moved_sessions, ["starts_at", "ends_at"])
    summary = _("Changed: %(fields)s") % {
        "fields": ", ".join(str(Event._meta.get_field(name).verbose_name) for name in changes)
    }
    if moved_sessions and shift_days:
        summary += " · " + _("%(count)d session(s) moved by %(days)d day(s)") % {
            "count": len(moved_sessions),
            "days": shift_days,
        }
    audit_record(
        actor=actor,
        action="event.update",
        target=event,
        event=event,
        summary=summary,
        changes=changes,
    )
    return event


# --- Status -------------------------------------------------------------------


def _set_status(*, actor, event: Event, new_status: str, action: str, summary: str = "") -> Event:
    """Save the new status, record it, and call every status listener (after
    commit, or now for one that runs in the transaction)."""
    old_status = event.status
    event.status = new_status
    event.full_clean()
    event.save(update_fields=["status", "cancellation_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=action,
        target=event,
        event=event,
        summary=summary or event.get_status_display(),
        changes={"status": {"from": old_status, "to": new_status}},
    )
    for listener in extensions.event_status_listeners.all():
        if listener.in_transaction:
            listener.on_change(
                event=event, old_status=old_status, new_status=new_status, actor=actor
            )
            continue
        transaction.on_commit(
            _listener_call(listener, event=event, old=old_status, new=new_status, actor=actor),
            robust=True,  # one failing listener must not keep the others from running
        )
    return event


def _listener_call(listener, *, event: Event, old: str, new: str, actor):
    def call() -> None:
        listener.on_change(event=event, old_status=old, new_status=new, actor=actor)

    call.__qualname__ = f"event_status_listener[{listener.key}]"
    return call


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def event_publish(*, actor, event: Event) -> Event:
    """Draft → published: the page becomes public and registration can open."""
    event = _locked(event)
    if event.status != EventStatus.DRAFT:
        raise EventError(_("Only a draft can be published."), code="not_draft")
    if event.end_date < _local_today(event):
        raise EventError(
            _("This event is already over; change its dates before publishing it."),
            code="event_over",
            field="end_date",
        )
    _raise_first(event_schedule_errors(event))
    return _set_status(
        actor=actor, event=event, new_status=EventStatus.PUBLISHED, action="event.publish"
    )


@transaction.atomic
def event_finish(*, actor, event: Event) -> Event:
    """Published → finished, from the last day on (certificates follow)."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(_("Only a published event can be finished."), code="not_published")
    if _local_today(event) < event.end_date:
        raise EventError(
            _("An event can be marked finished from its last day (%(day)s).")
            % {"day": formatting.format_date(event.end_date)},
            code="event_not_over",
        )
    return _set_status(
        actor=actor, event=event, new_status=EventStatus.FINISHED, action="event.finish"
    )


@transaction.atomic
def event_cancel(*, actor, event: Event, reason: str) -> Event:
    """Published → cancelled, with a reason the page shows and registrants are told."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(
            _("Only a published event can be cancelled; delete a draft instead."),
            code="not_published",
        )
    reason = (reason or "").strip()
    if not reason:
        raise EventError(
            _("Say why the event is cancelled: participants will read it."),
            code="reason_required",
            field="reason",
        )
    event.cancellation_reason = reason
    return _set_status(
        actor=actor,
        event=event,
        new_status=EventStatus.CANCELLED,
        action="event.cancel",
        summary=reason,
    )


@transaction.atomic
def event_registration_close(*, actor, event: Event) -> Event:
    """Close registration now (the closing time becomes now)."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(
            _("Registration can only be closed for a published event."), code="not_published"
        )
    now = timezone.now()
    if event.registration_phase(now) == "closed":
        raise EventError(_("Registration is already closed."), code="registration_closed")
    before = {
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
    }
    if event.registration_opens_at and event.registration_opens_at >= now:
        event.registration_opens_at = None  # it never opened; closed it stays
    event.registration_closes_at = now
    event.full_clean()
    event.save(update_fields=["registration_opens_at", "registration_closes_at", "updated_at"])
    after = {name: getattr(event, name) for name in before}
    audit_record(
        actor=actor,
        action="event.registration_close",
        target=event,
        event=event,
        summary=_("Registration closed"),
        changes=field_changes(before, after, before),
    )
    return event


@transaction.atomic
def event_registration_reopen(*, actor, event: Event) -> Event:
    """Open registration again until the event starts."""
    event = _locked(event)
    if event.status != EventStatus.PUBLISHED:
        raise EventError(
            _("Registration can only be opened for a published event."), code="not_published"
        )
    now = timezone.now()
    if now >= event.starts_at:
        raise EventError(
            _("The event has started; registration cannot open again."), code="event_started"
        )
    if event.registration_phase(now) != "closed":
        raise EventError(_("Registration is not closed."), code="registration_not_closed")
    before = {
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
    }
    if event.registration_opens_at and event.registration_opens_at > now:
        event.registration_opens_at = now
    event.registration_closes_at = event.starts_at
    event.full_clean()
    event.save(update_fields=["registration_opens_at", "registration_closes_at", "updated_at"])
    after = {name: getattr(event, name) for name in before}
    audit_record(
        actor=actor,
        action="event.registration_reopen",
        target=event,
        event=event,
        summary=_("Registration opened again"),
        changes=field_changes(before, after, before),
    )
    return event


@transaction.atomic
def event_delete(*, actor, event: Event) -> None:
    """Delete a draft (published events are cancelled, never deleted)."""
    event = _locked(event)
    if event.status != EventStatus.DRAFT:
        raise EventError(
            _("Only a draft can be deleted; cancel a published event instead."),
            code="not_draft",
        )
    audit_record(
        actor=actor,
        action="event.delete",
        target=event,
        event=None,
        summary=f"{event.code}: {event.title}",
    )
    event.delete()


# --- Clone ----------------------------------------------------------------------


@transaction.atomic
def event_clone(
    *,
    actor,
    source: Event,
    code: str,
    title: str,
    start_date: dt.date,
    copy_staff: bool = False,
    options: Collection[str] = (),
) -> Event:
    """ "Tahap II" from "Tahap I": a new draft with the same details, every
    session moved by the same number of days at the same wall-clock time at
    the venue, and the registration window moved likewise. Door staff only if
    asked; registrations never. ``options``: the keys of the optional clone
    listeners asked for (e.g. "invitations")."""
    days = (start_date - source.start_date).days
    zone = source.tzinfo

    def moved(value: dt.datetime | None) -> dt.datetime | None:
        return shift_local(value, days=days, zone=zone) if value else None

    fields = {name: getattr(source, name) for name in CLONED_FIELDS}
    event = event_create(
        actor=actor,
        code=code,
        title=title,
        start_date=start_date,
        end_date=source.end_date + dt.timedelta(days=days),
        registration_opens_at=moved(source.registration_opens_at),
        registration_closes_at=moved(source.registration_closes_at),
        status=EventStatus.DRAFT,
        **fields,
    )
    sessions = []
    for original in source.sessions.order_by("starts_at", "position", "id"):
        session = Session(
            event=event,
            starts_at=moved(original.starts_at),
            ends_at=moved(original.ends_at),
            **{name: getattr(original, name) for name in CLONED_SESSION_FIELDS},
        )
        session.full_clean()
        sessions.append(session)
    Session.objects.bulk_create(sessions)
    staff = []
    if copy_staff:
        staff = [
            EventStaff(event=event, user_id=user_id, role=role)
            for user_id, role in source.staff.values_list("user_id", "role")
        ]
        EventStaff.objects.bulk_create(staff)
    for listener in extensions.event_clone_listeners.all():
        if listener.option_label and listener.key not in options:
            continue
        listener.on_clone(source=source, event=event, days=days, actor=actor)
    audit_record(
        actor=actor,
        action="event.clone",
        target=event,
        event=event,
        # Codes and figures, no sentence: the History tab words them in its
        # reader's language.
        changes={
            "source": {"from": None, "to": source.code},
            "days_later": {"from": None, "to": days},
            "sessions": {"from": None, "to": len(sessions)},
            "door_staff": {"from": None, "to": len(staff)},
        },
    )
    return event
