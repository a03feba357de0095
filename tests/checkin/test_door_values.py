"""The scan's insert values prepared without the fields' generic path
(checkin.door_values) are what the fields' own methods give, on SQLite and
PostgreSQL, for the values a scan sets and for values of other types."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.functional import lazystr

from checkin import door_values
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import CheckInMethod, ScanAction, ScanResult

pytestmark = pytest.mark.django_db


def reference(instance, fields, add):
    return [field.get_db_prep_save(field.pre_save(instance, add), connection) for field in fields]


def fields_of(model, *, with_pk: bool):
    return [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]


def plain(values):
    # Jsonb wrappers (PostgreSQL) compare by what they hold.
    return [getattr(value, "obj", value) for value in values]


def rows():
    now = timezone.now()
    checkin = CheckIn(
        id=41,
        registration_id=7,
        session_id=3,
        checked_in_at=now,
        checked_in_by_id=5,
        device="Pintu 1",
        method=CheckInMethod.QR,
        reason="",
    )
    checkin.recorded_at = now
    entry = ScanLog(
        session_id=3,
        registration_id=None,
        action=ScanAction.QR,
        result=ScanResult.OK,
        reason="",
        scanned_value="A" * 32,
        staff_id=5,
        device="Pintu 1",
        client_id="c" * 32,
        scanned_at=now - dt.timedelta(seconds=3),
        answer={"result": "ok", "checked_in_at": now.isoformat()},
        previous_hash="b" * 64,
        record_hash="d" * 64,
    )
    return checkin, entry


@pytest.mark.parametrize("with_pk, add", [(True, False), (False, True)])
def test_a_scans_values_are_what_the_fields_give(with_pk, add):
    checkin, entry = rows()
    for instance in (checkin, entry):
        fields = fields_of(type(instance), with_pk=with_pk)
        if add:  # an automatic time is taken anew by each (the last test)
            fields = [f for f in fields if not getattr(f, "auto_now_add", False)]
        values = door_values.values(instance, fields, add=add)
        assert plain(values) == plain(reference(instance, fields, add))
        assert [type(v) for v in values] == [type(v) for v in reference(instance, fields, add)]


def test_values_of_other_types_go_through_the_fields():
    _checkin, entry = rows()
    naive = dt.datetime(2026, 7, 8, 7, 30)  # a naive time on purpose
    entry.scanned_at = naive
    entry.device = lazystr("Pintu 2")
    entry.staff_id = "5"
    entry.session_id = True
    fields = fields_of(ScanLog, with_pk=False)
    with pytest.warns(RuntimeWarning):  # Django's warning for a naive datetime
        expected = plain(reference(entry, fields, True))
    entry.scanned_at = naive
    with pytest.warns(RuntimeWarning):
        got = plain(door_values.values(entry, fields, add=True))
    assert got == expected
    by_name = dict(zip([f.name for f in fields], got, strict=True))
    assert by_name["device"] == "Pintu 2" and type(by_name["device"]) is str
    assert by_name["staff"] == 5 and by_name["session"] == 1
    assert by_name["scanned_at"] != naive  # made aware (PostgreSQL) or text (SQLite)


def test_automatic_values_are_set_as_save_sets_them():
    checkin, _entry = rows()
    checkin.recorded_at = None
    fields = fields_of(CheckIn, with_pk=False)
    values = door_values.values(checkin, fields, add=True)
    recorded = dict(zip([f.name for f in fields], values, strict=True))["recorded_at"]
    assert recorded is not None and checkin.recorded_at is not None
