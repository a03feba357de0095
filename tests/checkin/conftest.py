"""What the check-in API modules (test_checkins_api*.py) share: a session
open now, a steward and a supervisor of the event, and a registration whose
name holds markup (answers must carry it as text); and for every check-in
test, the scan endpoint's per-process memory of sign-ins emptied before and
after (checkin/api/signed_in.py), so no test inherits another's."""

import pytest

from bimtek.models.events import StaffRole
from checkin.api import signed_in
from tests import factories


@pytest.fixture(autouse=True)
def _signed_in_memory_empty():
    signed_in.clear()
    yield
    signed_in.clear()


@pytest.fixture
def session(event):
    return factories.open_session(event=event)


@pytest.fixture
def steward(event):
    return factories.EventStaffFactory(event=event, user__display_name="Petugas 2").user


@pytest.fixture
def supervisor(event):
    return factories.EventStaffFactory(event=event, role=StaffRole.SUPERVISOR).user


@pytest.fixture
def registration(event):
    return factories.RegistrationFactory(
        event=event,
        participant__full_name="Siti <b>Rahma</b>",
        participant__institution__name="Bank Riau Kepri Syariah",
        participant__jabatan="Kepala Unit Layanan",
    )


@pytest.fixture
def supervisor_of():
    def make(event):
        return factories.EventStaffFactory(event=event, role=StaffRole.SUPERVISOR).user

    return make
