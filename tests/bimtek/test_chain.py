"""The audit trail and the scan log are hash-chained; verify_audit_chain
reports an edited, deleted or inserted row (bimtek.chain)."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from bimtek import chain
from bimtek.models import AuditEntry
from bimtek.services import audit_record
from bimtek.services.audit import AUDIT_CHAIN
from tests import factories

pytestmark = pytest.mark.django_db


def verify(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("verify_audit_chain", *args, stdout=out, stderr=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


def entries(event, count=3):
    return [
        audit_record(actor=None, action="event.update", target=event, event=event, summary=str(i))
        for i in range(count)
    ]


def test_audit_entries_of_an_event_form_one_chain(event):
    first, second, third = entries(event)

    assert first.previous_hash == ""
    assert second.previous_hash == first.record_hash
    assert third.previous_hash == second.record_hash
    assert len(third.record_hash) == 64


def test_audit_chains_are_per_event(event):
    other = factories.EventFactory()
    mine = entries(event, 1)[0]
    theirs = entries(other, 1)[0]

    assert mine.previous_hash == theirs.previous_hash == ""


def test_verify_reports_an_intact_chain(event):
    entries(event)

    status, output = verify("--event", event.code)

    assert status == 0
    assert "0 break(s)" in output


def test_verify_reports_an_edited_entry(event):
    _first, second, _third = entries(event)
    AuditEntry.objects.filter(pk=second.pk).update(summary="nothing happened")

    status, output = verify()

    assert status == 1
    assert f"row {second.pk}: altered" in output


def test_verify_reports_a_deleted_entry(event):
    _first, second, third = entries(event)
    AuditEntry.objects.filter(pk=second.pk).delete()

    status, output = verify("--event", event.code)

    assert status == 1
    assert f"row {third.pk}: link" in output


def test_verify_reports_a_rehashed_entry_by_the_broken_link(event):
    _first, second, third = entries(event)
    forged = chain.row_hash(
        {
            name: getattr(second, name)
            for name in chain.hashed_fields(AuditEntry)
            if name != "summary"
        }
        | {"summary": "forged"}
    )
    AuditEntry.objects.filter(pk=second.pk).update(summary="forged", record_hash=forged)

    status, output = verify()

    assert status == 1
    assert f"row {third.pk}: link" in output


def test_a_second_entry_after_the_same_one_is_refused_by_the_database(event):
    first, _second = entries(event, 2)
    intruder = AuditEntry(action="event.update", object_type="x", event=event)
    chain.seal(intruder, chain=AUDIT_CHAIN, previous_hash=first.record_hash)

    with pytest.raises(Exception):  # noqa: B017 — IntegrityError, per backend
        from django.db import transaction

        with transaction.atomic():
            intruder.save(force_insert=True)


def test_entries_without_an_event_form_their_own_chain():
    target = factories.InstitutionFactory()
    first = audit_record(actor=None, action="institution.create", target=target)
    second = audit_record(actor=None, action="institution.update", target=target)

    assert second.previous_hash == first.record_hash
    assert verify()[0] == 0


def test_verify_of_an_unknown_event_is_an_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("verify_audit_chain", "--event", "no-such-event")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_writers_racing_on_one_event_keep_one_chain():
    event = factories.EventFactory()
    start = threading.Barrier(8)
    errors = []

    def write(index):
        start.wait()
        try:
            for n in range(5):
                audit_record(
                    actor=None,
                    action="event.update",
                    target=event,
                    event=event,
                    summary=f"{index}.{n}",
                )
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEntry.objects.filter(event=event).count() == 40
    assert verify("--event", event.code)[0] == 0
