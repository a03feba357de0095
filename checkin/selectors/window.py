"""The check-in window of a session: when people may be admitted.

One rule, asked by the scan, the scanner page, the attendance pages, the
door's home page, the API and the offline roster: the organiser's override
when there is one, else the session's own window (``checkin_opens_minutes``
before the start until its end). The offline judge in
``static/js/scanner/judge.js`` applies the same rule to the roster's copy
(``tests/checkin/test_judge_parity.py`` holds them to the same answers).
"""

import datetime as dt
from typing import NamedTuple

from django.core.exceptions import ObjectDoesNotExist

from bimtek.models import Session


class WindowState:
    """Where a moment falls against a window."""

    LATER = "later"  # check-in has not opened yet
    OPEN = "open"
    CLOSED = "closed"


class CheckInWindow(NamedTuple):
    """(opens_at, closes_at, overridden); unpacks like the tuple it is."""

    opens_at: dt.datetime
    closes_at: dt.datetime
    overridden: bool  # set by an organiser for this session

    def state(self, at: dt.datetime) -> str:
        if at < self.opens_at:
            return WindowState.LATER
        if at > self.closes_at:
            return WindowState.CLOSED
        return WindowState.OPEN

    def is_open(self, at: dt.datetime) -> bool:
        return self.state(at) == WindowState.OPEN


def checkin_window(session: Session) -> CheckInWindow:
    """The window in force for ``session``. Reads ``session.checkin_override``:
    select it with the session (``select_related("checkin_override")``), or it
    costs a query."""
    try:
        override = session.checkin_override
    except ObjectDoesNotExist:
        override = None
    if override is not None:
        return CheckInWindow(override.opens_at, override.closes_at, overridden=True)
    return CheckInWindow(session.checkin_opens_at, session.checkin_closes_at, overridden=False)
