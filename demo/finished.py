"""The demo's finished Bimtek: held two days ago, with check-ins at every
session and certificates issued, so the attendance, certificate, history and
archive tabs — and the demo participant's "My tickets" — show something on
the first run. Created once (looked up by its code), like the rest."""

import datetime as dt
import random
import zoneinfo

from django.utils import timezone

from bimtek import services as event_services
from bimtek.models import Event, Session
from bimtek.models.events import ApprovalMode, EventStatus, RegistrationMode, StaffRole
from certificates import selectors as certificate_selectors
from certificates.services import certificate_issue
from checkin.services.attempts import ScanAttempt
from checkin.services.scan import checkin_record
from demo import data
from participants.models.registrations import RegistrationRole, RegistrationSource
from participants.services.registrations import registration_create

# Who missed which session (index among the people, session index): some
# still qualify for the certificate, two do not.
ABSENT = {(3, 1), (7, 2), (11, 3), (12, 3), (20, 1), (20, 2), (25, 1), (25, 2), (25, 3)}
NO_SHOW = {28, 29}


def seed_finished_event(
    *, today: dt.date, organiser, team, door_staff, people: list, certificate_settings
) -> int:
    """Create the finished event; the number of objects created (0 when it
    exists already)."""
    if Event.objects.filter(code=data.FINISHED_EVENT["code"]).exists():
        return 0
    tz = zoneinfo.ZoneInfo(data.FINISHED_EVENT["timezone"])
    # Registration is refused once an event is over, so the event is made a
    # month ahead, filled, and then moved back to the day it was held.
    ahead = today + dt.timedelta(days=30)
    event = event_services.event_create(
        actor=organiser,
        team=team,
        **data.FINISHED_EVENT,
        start_date=ahead,
        end_date=ahead,
        registration_opens_at=timezone.now() - dt.timedelta(days=1),
        registration_closes_at=dt.datetime.combine(ahead, dt.time(0, 0), tzinfo=tz),
        status=EventStatus.PUBLISHED,
        registration_mode=RegistrationMode.OPEN,
        approval_mode=ApprovalMode.AUTO,
    )
    for start, end, title, speakers, counts in data.FINISHED_SESSIONS:
        event_services.session_create(
            actor=organiser,
            event=event,
            title=title,
            speakers=speakers,
            room="",
            starts_at=dt.datetime.combine(ahead, dt.time.fromisoformat(start), tzinfo=tz),
            ends_at=dt.datetime.combine(ahead, dt.time.fromisoformat(end), tzinfo=tz),
            counts_for_certificate=counts,
        )
    event_services.event_staff_assign(
        actor=organiser, event=event, user=door_staff, role=StaffRole.SUPERVISOR
    )
    registrations = [
        registration_create(
            event=event,
            participant=participant,
            role=RegistrationRole.SPEAKER if index == 1 else RegistrationRole.PARTICIPANT,
            source=RegistrationSource.IMPORT,
            actor=organiser,
        )
        for index, participant in enumerate(people)
    ]
    _move_back(event, days=(ahead - (today - dt.timedelta(days=2))).days)
    sessions = list(
        Session.objects.filter(event=event).select_related("event").order_by("starts_at")
    )
    rng = random.Random(20260701)
    for index, registration in enumerate(registrations):
        if index in NO_SHOW:
            continue
        for number, session in enumerate(sessions):
            if (index, number) in ABSENT:
                continue
            checkin_record(
                session=session,
                staff=door_staff,
                attempt=ScanAttempt(
                    token=registration.token,
                    device="Pintu ruang rapat",
                    client_id=f"demo-{registration.pk}-{session.pk}",
                    scanned_at=session.starts_at - dt.timedelta(minutes=rng.randint(-10, 20)),
                ),
            )
    event.refresh_from_db()
    event_services.event_finish(actor=organiser, event=event)
    certificate_settings(event, actor=organiser, number_pattern=data.FINISHED_NUMBER_PATTERN)
    progress = certificate_selectors.eligibility_for_registrations(
        event=event, registrations=registrations
    )
    issued = 0
    for registration in registrations:
        if progress[registration.pk].eligible:
            certificate_issue(actor=organiser, registration=registration)
            issued += 1
    return 1 + len(sessions) + len(registrations) + issued


def _move_back(event: Event, *, days: int) -> None:
    """Demo only: shift the event, its registration window and its sessions
    back by ``days`` (no service moves an event that people registered for into
    the past)."""
    shift = dt.timedelta(days=days)
    Event.objects.filter(pk=event.pk).update(
        start_date=event.start_date - shift,
        end_date=event.end_date - shift,
        registration_opens_at=event.registration_opens_at - shift,
        registration_closes_at=event.registration_closes_at - shift,
    )
    for session in Session.objects.filter(event=event):
        Session.objects.filter(pk=session.pk).update(
            starts_at=session.starts_at - shift, ends_at=session.ends_at - shift
        )
