"""Offline scanning: remembering which device holds which copy of an event's
roster, so the organiser sees the scanners that are out of date
(docs/offline.md). The roster itself is a read: checkin.selectors.roster."""

import datetime as dt

from django.db import IntegrityError, transaction

from bimtek.models import Event
from checkin.models import DoorRosterSync
from checkin.services.attempts import printable


def door_roster_sync_record(
    *,
    event: Event,
    staff,
    device_id: str,
    device_name: str,
    version: int,
    synced_at: dt.datetime,
    full: bool,
    queued: int,
) -> DoorRosterSync:
    """Note that ``device_id`` now holds the roster of ``event`` as of
    ``version`` (taken at ``synced_at``), with ``queued`` scans not yet sent.
    Two queries (an update, else an insert)."""
    values = {
        "device_name": printable(device_name, limit=100),
        "staff": staff,
        "synced_at": synced_at,
        "version": version,
        "queued": max(0, min(queued, 2**31 - 1)),
    }
    if full:
        values["full_synced_at"] = synced_at
    rows = DoorRosterSync.objects.filter(event=event, device_id=device_id)
    if rows.update(**values):
        return DoorRosterSync(event=event, device_id=device_id, **values)
    record = DoorRosterSync(event=event, device_id=device_id, **values)
    record.full_clean(exclude=["event", "staff"], validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            record.save(force_insert=True)
    except IntegrityError:
        rows.update(**values)  # the same device twice at once: the other made the row
    return record
