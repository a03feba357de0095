"""The scan log is hash-chained per session; the door's records are
append-only in the admin; a scan still costs four queries."""

import io
import threading
from contextlib import redirect_stdout

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from checkin.models import CheckIn, ScanLog
from checkin.selectors.door import door_session
from checkin.services.attempts import ScanAttempt
from checkin.services.corrections import checkin_undo, scanned_values_erase
from checkin.services.scan import checkin_record
from tests import factories
from tests.checkin.test_checkins_api import data_queries_at_most

pytestmark = pytest.mark.django_db


def verify() -> int:
    try:
        call_command("verify_audit_chain", stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exc:
        return exc.code
    return 0


def scan(session, staff, token, **kwargs):
    return checkin_record(session=session, staff=staff, attempt=ScanAttempt(token=token, **kwargs))


def test_scans_of_a_session_form_one_chain(session, steward, registration):
    scan(session, steward, registration.token)
    scan(session, steward, registration.token)
    scan(session, steward, "not-a-ticket")

    first, second, third = ScanLog.objects.order_by("id")
    assert first.previous_hash == ""
    assert second.previous_hash == first.record_hash
    assert third.previous_hash == second.record_hash
    assert verify() == 0


def test_an_undo_is_chained_too(session, supervisor, registration):
    scan(session, supervisor, registration.token)
    checkin = CheckIn.objects.get()

    checkin_undo(checkin_id=checkin.pk, session=session, staff=supervisor, reason="Salah orang")

    undo = ScanLog.objects.order_by("id").last()
    assert undo.action == "undo"
    assert undo.previous_hash == ScanLog.objects.order_by("id").first().record_hash
    assert verify() == 0


def test_an_edited_scan_is_reported(session, steward, registration):
    scan(session, steward, registration.token)
    entry = ScanLog.objects.get()
    ScanLog.objects.filter(pk=entry.pk).update(result="invalid")

    out = io.StringIO()
    with pytest.raises(SystemExit), redirect_stdout(out):
        call_command("verify_audit_chain", stdout=out, stderr=io.StringIO())
    assert f"scanlog session={session.pk} row {entry.pk}: altered" in out.getvalue()


def test_erasing_scanned_codes_keeps_the_chain_whole(session, steward, registration):
    scan(session, steward, registration.token)
    scan(session, steward, "not-a-ticket")

    erased = scanned_values_erase(events=[session.event])

    assert erased == 2
    assert set(ScanLog.objects.values_list("scanned_value", flat=True)) == {""}
    assert verify() == 0


def test_scan_costs_four_data_queries_with_the_chain(event, steward):
    session = factories.open_session(event=event)
    registration = factories.RegistrationFactory(event=event)
    scan(session, steward, factories.RegistrationFactory(event=event).token)  # a chain to extend

    with data_queries_at_most(4):
        loaded = door_session(session_id=session.pk, user=steward, client_id="x-1")
        answer = checkin_record(
            session=loaded,
            staff=steward,
            attempt=ScanAttempt(token=registration.token, client_id="x-1"),
        )

    assert answer.result == "ok"
    assert ScanLog.objects.order_by("id").last().previous_hash != ""
    assert verify() == 0


@pytest.mark.parametrize("model", ["checkin", "scanlog"])
def test_door_records_cannot_be_added_changed_or_deleted_in_the_admin(
    client, session, steward, registration, model
):
    scan(session, steward, registration.token)
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    row = (CheckIn if model == "checkin" else ScanLog).objects.get()

    assert client.get(reverse(f"admin:checkin_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:checkin_{model}_add")).status_code == 403
    assert client.post(reverse(f"admin:checkin_{model}_delete", args=[row.pk])).status_code == 403
    client.post(reverse(f"admin:checkin_{model}_change", args=[row.pk]), {"device": "X"})
    assert (CheckIn if model == "checkin" else ScanLog).objects.filter(pk=row.pk).exists()
    assert verify() == 0


def test_audit_entries_cannot_be_deleted_in_the_admin(client, event):
    from bimtek.services import audit_record

    entry = audit_record(actor=None, action="event.update", target=event, event=event)
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))

    response = client.post(reverse("admin:bimtek_auditentry_delete", args=[entry.pk]))

    assert response.status_code == 403
    assert verify() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_doors_racing_on_one_session_keep_one_chain():
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    doors = [factories.EventStaffFactory(event=event).user for _ in range(6)]
    tickets = [factories.RegistrationFactory(event=event).token for _ in range(30)]
    start = threading.Barrier(len(doors))
    errors = []

    def door(index):
        start.wait()
        try:
            for token in tickets[index :: len(doors)]:
                loaded = door_session(session_id=session.pk, user=doors[index])
                scan(loaded, doors[index], token)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=door, args=(i,)) for i in range(len(doors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert ScanLog.objects.filter(session=session).count() == 30
    assert verify() == 0
