"""The hand-written reads of the scan path agree with the ORM."""

import datetime as dt
import json
import re

import pytest
from django.db import connection as django_connection
from django.utils import timezone

from bimtek.models import Session
from bimtek.models.events import StaffRole
from checkin import door_sql
from checkin.models import CheckIn, ScanLog
from checkin.selectors.window import CheckInWindow, checkin_window
from checkin.services.attempts import ScanAttempt
from checkin.services.corrections import checkin_window_override_set
from checkin.services.scan import checkin_record
from participants.models import Registration
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event, checkin_opens_minutes=45)


def test_door_session_loads_session_event_and_window(session):
    staff = factories.EventStaffFactory(event=session.event, role=StaffRole.SUPERVISOR).user

    loaded = door_sql.door_session(session_id=session.pk, user=staff)

    reference = Session.objects.select_related("event").get(pk=session.pk)
    assert (loaded.pk, loaded.title, loaded.starts_at, loaded.ends_at) == (
        reference.pk,
        reference.title,
        reference.starts_at,
        reference.ends_at,
    )
    assert loaded.event.tzinfo == reference.event.tzinfo
    assert checkin_window(loaded) == checkin_window(reference)
    assert loaded.door_access.role == StaffRole.SUPERVISOR
    assert staff.has_perm("checkin.supervise_door", loaded.door_access)


def test_door_session_with_override_and_rights(session, organiser, django_assert_num_queries):
    opens = timezone.now().replace(microsecond=0) - dt.timedelta(hours=5)
    checkin_window_override_set(
        actor=organiser, session=session, opens_at=opens, closes_at=opens + dt.timedelta(hours=9)
    )
    stranger = factories.EventStaffFactory().user

    with django_assert_num_queries(2):
        as_organiser = door_sql.door_session(session_id=session.pk, user=organiser)
        as_stranger = door_sql.door_session(session_id=session.pk, user=stranger)
        # The rights come with the session: no more queries for these.
        assert organiser.has_perm("checkin.work_door", as_organiser.door_access)
        assert not stranger.has_perm("checkin.work_door", as_stranger.door_access)
        # Facts read for one user decide nothing for another.
        assert not stranger.has_perm("checkin.work_door", as_organiser.door_access)

    assert checkin_window(as_organiser) == CheckInWindow(opens, opens + dt.timedelta(hours=9), True)


def test_door_session_of_unknown_session_is_none(organiser):
    assert door_sql.door_session(session_id=987654, user=organiser) is None


def test_door_session_reads_the_prior_answer(session):
    staff = factories.EventStaffFactory(event=session.event).user
    registration = factories.RegistrationFactory(event=session.event)
    answer = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token=registration.token, client_id="p-1")
    )

    loaded = door_sql.door_session(session_id=session.pk, user=staff, client_id="p-1")
    fresh = door_sql.door_session(session_id=session.pk, user=staff, client_id="p-2")

    assert (loaded.prior_session_id, loaded.prior_staff_id) == (session.pk, staff.pk)
    assert loaded.prior_answer == answer.to_data()
    assert fresh.prior_session_id is None


def test_ticket_matches_the_orm(session):
    staff = factories.EventStaffFactory(event=session.event, user__display_name="Petugas 7").user
    registration = factories.RegistrationFactory(
        event=session.event,
        participant__title_front="Dr.",
        participant__full_name="Ana <i>",
        participant__jabatan="Lurah",
    )
    checkin_record(
        session=session,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, device="Pintu 2"),
    )

    by_token = door_sql.ticket(session_id=session.pk, token=registration.token)
    by_id = door_sql.ticket(session_id=session.pk, registration_id=registration.pk)
    elsewhere = door_sql.ticket(session_id=session.pk + 1000, token=registration.token)

    reference = Registration.objects.select_related("participant__institution", "event").get(
        pk=registration.pk
    )
    checkin = reference.checkins.get()
    for loaded in (by_token, by_id):
        assert loaded.pk == reference.pk
        assert (loaded.event_id, loaded.status, loaded.role) == (
            reference.event_id,
            reference.status,
            reference.role,
        )
        assert loaded.participant.display_name == "Dr. Ana <i>"
        assert loaded.participant.jabatan == "Lurah"
        assert loaded.participant.institution.name == reference.participant.institution.name
        assert loaded.event_title == reference.event.title
        assert loaded.checkin_here_id == checkin.pk
        assert loaded.checkin_here_at == checkin.checked_in_at
        assert loaded.checkin_here_recorded_at == checkin.recorded_at
        assert (loaded.checkin_here_device, loaded.checkin_here_by_name) == ("Pintu 2", "Petugas 7")
    assert elsewhere.checkin_here_id is None
    assert door_sql.ticket(session_id=session.pk, token="Z" * 32) is None


def test_door_session_counts_only_organisers_of_the_events_team(session):
    from accounts.roles import Role

    other_team = factories.TeamFactory(name="Bappeda")
    own = factories.organiser_user()
    other = factories.organiser_user(teams=[other_team])
    administrator = factories.UserFactory(roles=[Role.ADMINISTRATOR])

    facts = {
        user: door_sql.door_session(session_id=session.pk, user=user).door_access
        for user in (own, other, administrator)
    }

    assert facts[own].is_organiser and own.has_perm("checkin.work_door", facts[own])
    assert facts[administrator].is_organiser
    assert not facts[other].is_organiser
    assert not other.has_perm("checkin.work_door", facts[other])
    assert not other.has_perm("checkin.work_door", session.event)


def test_the_hand_written_insert_stores_what_the_orm_would(session):
    staff = factories.EventStaffFactory(event=session.event).user
    registration = factories.RegistrationFactory(event=session.event)
    scanned = timezone.now() - dt.timedelta(minutes=1)
    checkin = CheckIn(
        registration=registration, session=session, checked_in_at=scanned, checked_in_by=staff
    )
    entry = ScanLog(
        session=session,
        registration=registration,
        result="ok",
        staff=staff,
        client_id="c-1",
        scanned_at=scanned,
        answer={"result": "ok", "at": scanned.isoformat()},
    )

    assert door_sql.insert(checkin, on_conflict_do_nothing=True) is True
    assert door_sql.insert(entry) is True

    stored = CheckIn.objects.get(pk=checkin.pk)
    assert (stored.registration_id, stored.session_id, stored.checked_in_at) == (
        registration.pk,
        session.pk,
        scanned,
    )
    assert stored.recorded_at == checkin.recorded_at and stored.recorded_at is not None
    logged = ScanLog.objects.get(pk=entry.pk)
    assert logged.answer == {"result": "ok", "at": scanned.isoformat()}
    assert (logged.client_id, logged.staff_id, logged.scanned_at) == ("c-1", staff.pk, scanned)


def test_a_second_check_in_is_reported_not_raised(session):
    registration = factories.RegistrationFactory(event=session.event)
    now = timezone.now()
    assert door_sql.insert(CheckIn(registration=registration, session=session, checked_in_at=now))

    twin = CheckIn(registration=registration, session=session, checked_in_at=now)

    assert door_sql.insert(twin, on_conflict_do_nothing=True) is False
    assert twin.pk is None
    assert CheckIn.objects.filter(registration=registration).count() == 1


@pytest.mark.skipif(django_connection.vendor != "postgresql", reason="PostgreSQL's generic plans")
def test_the_ticket_read_finds_its_check_in_by_the_unique_index(session):
    # A scan's generic plan is made early in a door rush, when the table is
    # small and not analysed; it must not read all of the session's check-ins
    # to find one (it then cost more with every person admitted).
    for _ in range(20):
        factories.CheckInFactory(
            registration=factories.RegistrationFactory(event=session.event), session=session
        )
    token = factories.RegistrationFactory(event=session.event).token
    values = {"session": str(session.pk), "value": f"'{token}'"}
    names = re.findall(r"%\((\w+)\)s", door_sql._ticket_sql("token"))
    order = list(dict.fromkeys(names))
    sql = re.sub(
        r"%\((\w+)\)s", lambda m: f"${order.index(m.group(1)) + 1}", door_sql._ticket_sql("token")
    )

    with django_connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE ticket_plan AS {sql}")
        try:
            args = ", ".join(values[name] for name in order)
            cursor.execute(f"EXPLAIN (FORMAT JSON) EXECUTE ticket_plan({args})")
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("DEALLOCATE ticket_plan")

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    plan = plan if isinstance(plan, list) else json.loads(plan)
    scans = [n for n in nodes(plan[0]["Plan"]) if n.get("Relation Name") == "participants_checkin"]
    assert [n.get("Index Name") for n in scans] == ["participants_checkin_once_per_session"]
    assert all("Index Cond" in n and "registration_id" in n["Index Cond"] for n in scans)
