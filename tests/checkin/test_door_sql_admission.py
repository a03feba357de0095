"""The scan's ticket read with its door session, and the admission written
in one statement on PostgreSQL (its check-in id reserved by that read) or as
two inserts in a transaction on SQLite: the same rows and answers either way."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from checkin import door_sql, door_sql_chain
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import ScanResult
from checkin.services.attempts import ScanAttempt, seal_scan
from checkin.services.scan import checkin_record
from tests import factories

pytestmark = pytest.mark.django_db
POSTGRESQL = connection.vendor == "postgresql"


@pytest.fixture
def session(event):
    return factories.open_session(event=event)


@pytest.fixture
def staff(session):
    return factories.EventStaffFactory(event=session.event).user


def test_the_ticket_read_with_the_door_session_is_the_ticket_query(session, staff):
    checked = factories.RegistrationFactory(event=session.event)
    factories.CheckInFactory(registration=checked, session=session)
    fresh = factories.RegistrationFactory(event=session.event)
    fields = (
        "pk", "event_id", "status", "role", "token", "event_title", "checkin_here_id",
        "checkin_here_at", "checkin_here_recorded_at", "checkin_here_method",
        "checkin_here_device", "checkin_here_by_name", "checkin_here_by_email",
    )  # fmt: skip

    for registration in (checked, fresh):
        loaded = door_sql.door_session(session_id=session.pk, user=staff, token=registration.token)
        token, read = loaded.ticket_read
        reference = door_sql.ticket(session_id=session.pk, token=registration.token)
        assert token == registration.token
        assert [getattr(read, name) for name in fields] == [
            getattr(reference, name) for name in fields
        ]
        assert read.participant.display_name == reference.participant.display_name
        assert read.participant.institution.name == reference.participant.institution.name

    unknown = door_sql.door_session(session_id=session.pk, user=staff, token="A" * 32)
    assert unknown.ticket_read == ("A" * 32, None)
    assert not hasattr(door_sql.door_session(session_id=session.pk, user=staff), "ticket_read")


def test_a_check_in_id_is_reserved_only_on_postgresql_and_only_for_a_ticket_without_one(
    session, staff
):
    checked = factories.RegistrationFactory(event=session.event)
    factories.CheckInFactory(registration=checked, session=session)
    fresh = factories.RegistrationFactory(event=session.event)

    def reserved(registration, client_id=""):
        loaded = door_sql.door_session(
            session_id=session.pk, user=staff, token=registration.token, client_id=client_id
        )
        return loaded.ticket_read[1].checkin_id_reserved

    assert reserved(checked) is None
    if POSTGRESQL:
        first, second = reserved(fresh), reserved(fresh)
        assert first and second > first
    else:
        assert reserved(fresh) is None
    # A retry (its client_id already answered) reserves nothing.
    checkin_record(session=session, staff=staff, attempt=ScanAttempt(token="x", client_id="r-1"))
    assert reserved(fresh, client_id="r-1") is None


def test_the_admission_uses_the_reserved_id_on_postgresql(session, staff, client):
    registration = factories.RegistrationFactory(event=session.event)
    loaded = door_sql.door_session(
        session_id=session.pk, user=staff, token=registration.token, client_id="a-1"
    )
    reserved = loaded.ticket_read[1].checkin_id_reserved
    chain_end = loaded.scan_chain_last

    answer = checkin_record(
        session=loaded,
        staff=staff,
        attempt=ScanAttempt(token=registration.token, client_id="a-1"),
    )

    checkin = CheckIn.objects.get(registration=registration, session=session)
    entry = ScanLog.objects.get(client_id="a-1")
    assert answer.result == ScanResult.OK
    assert answer.checkin_id == checkin.pk
    assert (checkin.pk == reserved) is POSTGRESQL
    assert entry.answer == answer.to_data()
    assert entry.answer["recorded_at"] == checkin.recorded_at.isoformat()
    assert entry.previous_hash == chain_end
    assert loaded.scan_chain_last == entry.record_hash


@pytest.mark.skipif(not POSTGRESQL, reason="PostgreSQL only: SQLite writes two inserts")
def test_insert_admission_writes_nothing_when_either_row_is_refused(session, staff):
    registration = factories.RegistrationFactory(event=session.event)
    taken = factories.RegistrationFactory(event=session.event)
    factories.CheckInFactory(registration=taken, session=session)
    used = checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token="x", client_id="used")
    )
    assert used.result == ScanResult.INVALID

    def pair(registration, client_id):
        loaded = door_sql.door_session(session_id=session.pk, user=staff)
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(%s::regclass)", [door_sql._checkin_sequence()[1:-1]])
            checkin_id = cursor.fetchone()[0]
        checkin = CheckIn(
            pk=checkin_id,
            registration=registration,
            session=session,
            checked_in_by=staff,
            checked_in_at=timezone.now(),
        )
        door_sql.stamp(checkin)
        entry = ScanLog(
            session=loaded,
            registration=registration,
            result=ScanResult.OK,
            staff=staff,
            client_id=client_id,
            scanned_at=checkin.recorded_at,
            answer={},
        )
        seal_scan(entry)
        return checkin, entry

    # The check-in is there already: False, and no log entry either.
    checkin, entry = pair(taken, "new-1")
    assert door_sql_chain.insert_admission(checkin, entry) is False
    assert not ScanLog.objects.filter(client_id="new-1").exists()
    # The log refuses the entry (its client_id is taken): no check-in either.
    checkin, entry = pair(registration, "used")
    with pytest.raises(IntegrityError), transaction.atomic():
        door_sql_chain.insert_admission(checkin, entry)
    assert not CheckIn.objects.filter(registration=registration, session=session).exists()
    # Both accepted: both written, in one statement.
    checkin, entry = pair(registration, "new-2")
    assert door_sql_chain.insert_admission(checkin, entry) is True
    assert CheckIn.objects.filter(pk=checkin.pk, registration=registration).exists()
    assert ScanLog.objects.filter(pk=entry.pk, client_id="new-2").exists()
