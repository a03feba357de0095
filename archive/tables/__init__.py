"""The tables of an event's archive: what each file holds, its columns and
its rows (docs/archive.md).

Every table reads the database in a fixed number of queries whatever the
size of the event, and yields its rows one at a time (``iterator``), so a
5,000-participant event is written in flat memory. Headers and the README
are in Bahasa Indonesia, whatever the language of the person exporting: the
archive is a fixed format for a government office's records, like the
participant export (participants/exports.py). Times are ISO 8601 in the
event's time zone, with the offset (2019-07-08T08:03:12+07:00).
"""

from archive.tables import attendance, certificates, evaluations, event, people
from archive.tables.base import Context, Table

# The archive's files, in the order of their numbers.
TABLES: tuple[Table, ...] = (
    event.EVENT,
    event.AGENDA,
    people.REGISTRATIONS,
    people.INVITATIONS,
    people.STAFF,
    attendance.CHECKINS,
    attendance.SUMMARY,
    attendance.SCANS,
    certificates.CERTIFICATES,
    certificates.EXCEPTIONS,
    event.AUDIT,
    evaluations.RESULTS,
    evaluations.SCORES,
)

__all__ = ["TABLES", "Context", "Table"]
