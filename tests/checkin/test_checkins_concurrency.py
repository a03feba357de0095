"""Scans racing each other on PostgreSQL, with real threads and connections."""

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from checkin.models import CheckIn, ScanLog
from checkin.selectors.door import door_session
from checkin.services.attempts import ScanAttempt
from checkin.services.batch import checkin_submit
from checkin.services.scan import checkin_record
from tests import factories

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The local PostgreSQL allows 100 connections, shared with other test runs;
# 40 scans hold one at a time, the other 60 wait at the door for a free one.
MAX_CONNECTIONS = 40


def race(count: int, scan) -> list:
    start = threading.Barrier(count)
    slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def one(index: int):
        start.wait()
        with slots:
            try:
                return scan(index)
            finally:
                connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture
def setup():
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    staff = factories.EventStaffFactory(event=event).user
    registration = factories.RegistrationFactory(event=event)
    return session, staff, registration


# With the ticket read along (as the scan endpoint does): on PostgreSQL the
# check-in id is reserved and the admission is one statement
# (door_sql.insert_admission); without it, two inserts in a transaction.
WITH_TICKET = pytest.mark.parametrize("with_ticket", [True, False], ids=["ticket", "no-ticket"])


@WITH_TICKET
def test_hundred_simultaneous_scans_of_one_token_admit_once(setup, with_ticket):
    session, staff, registration = setup
    token = registration.token if with_ticket else None

    def scan(index: int):
        loaded = door_session(
            session_id=session.pk, user=staff, client_id=f"race-{index}", token=token
        )
        return checkin_record(
            session=loaded,
            staff=staff,
            attempt=ScanAttempt(
                token=registration.token, device=f"Pintu {index % 4}", client_id=f"race-{index}"
            ),
        )

    answers = race(100, scan)

    assert Counter(a.result for a in answers) == {"ok": 1, "already_checked_in": 99}
    assert CheckIn.objects.count() == 1
    first = CheckIn.objects.get()
    assert {a.checked_in_at for a in answers} == {first.checked_in_at}
    assert ScanLog.objects.count() == 100


@WITH_TICKET
def test_simultaneous_retries_of_one_attempt_get_one_answer(setup, with_ticket):
    session, staff, registration = setup
    token = registration.token if with_ticket else None

    def scan(_index: int):
        loaded = door_session(
            session_id=session.pk, user=staff, client_id="same-attempt", token=token
        )
        return checkin_record(
            session=loaded,
            staff=staff,
            attempt=ScanAttempt(token=registration.token, client_id="same-attempt"),
        )

    answers = race(20, scan)

    assert {a.result for a in answers} == {"ok"}
    assert len({a.checkin_id for a in answers}) == 1
    assert CheckIn.objects.count() == 1
    assert ScanLog.objects.count() == 1


def test_offline_queues_and_live_scans_racing_leave_one_checkin_at_the_earliest_time(setup):
    # Ten doors sync offline admissions of one ticket (each a minute apart)
    # while ten doors scan it live: one check-in, at the earliest offline
    # scan; every offline admission that met another is a recorded clash.
    import datetime as dt

    from django.utils import timezone

    from checkin.models import CheckInConflict

    session, staff, registration = setup
    base = timezone.now() - dt.timedelta(minutes=30)

    def scan(index: int):
        loaded = door_session(session_id=session.pk, user=staff, client_id=f"mix-{index}")
        offline = index % 2 == 0
        return checkin_submit(
            session=loaded,
            staff=staff,
            attempt=ScanAttempt(
                token=registration.token,
                device=f"Pintu {index}",
                client_id=f"mix-{index}",
                scanned_at=base + dt.timedelta(minutes=index) if offline else None,
                offline_result="ok" if offline else "",
            ),
        )

    answers = race(20, scan)

    checkin = CheckIn.objects.get()
    assert checkin.checked_in_at == base
    assert checkin.device == "Pintu 0"
    assert ScanLog.objects.count() == 20
    offline_admissions = [a for i, a in enumerate(answers) if i % 2 == 0]
    clashes = CheckInConflict.objects.count()
    # Every offline admission but the one that came first (if any did) clashed.
    assert clashes in (len(offline_admissions) - 1, len(offline_admissions))
    assert all(a.checkin_id == checkin.pk for a in answers if a.checkin_id)


def test_doors_scanning_different_tickets_at_once_never_lose_a_write(setup, monkeypatch):
    # Twenty doors of one session admit twenty people at the same moment:
    # each scan's write goes through the first time (the scan-log chain's end
    # is read under its lock inside the writing statement), none collides on
    # the chain and is judged and written again, and the chain is one line.
    import io

    from django.core.management import call_command

    from checkin.services import attempts

    session, staff, _registration = setup
    tokens = [factories.RegistrationFactory(event=session.event).token for _ in range(20)]
    writes = []
    moved = attempts.chain_moved

    def chain_moved(entry, *, saved):
        writes.append(saved)
        moved(entry, saved=saved)

    monkeypatch.setattr(attempts, "chain_moved", chain_moved)

    def scan(index: int):
        loaded = door_session(
            session_id=session.pk, user=staff, client_id=f"door-{index}", token=tokens[index]
        )
        return checkin_record(
            session=loaded,
            staff=staff,
            attempt=ScanAttempt(token=tokens[index], client_id=f"door-{index}"),
        )

    answers = race(20, scan)

    assert {a.result for a in answers} == {"ok"}
    assert writes == [True] * 20
    assert CheckIn.objects.count() == ScanLog.objects.count() == 20
    call_command("verify_audit_chain", stdout=io.StringIO(), stderr=io.StringIO())
