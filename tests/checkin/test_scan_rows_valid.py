"""The fields an attempt's full_clean() no longer checks (LOG_SET_HERE in
checkin.services.attempts; a check-in is not cleaned at all) are set by the
service itself: the rows every kind of scan writes pass the complete full_clean(),
and what comes from the request is still checked."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import CheckInMethod
from checkin.services.attempts import FK_FIELDS, ScanAttempt
from checkin.services.scan import checkin_record
from participants.models.registrations import RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def complete_clean(row) -> None:
    row.full_clean(exclude=FK_FIELDS, validate_unique=False, validate_constraints=False)


def test_every_kind_of_scan_writes_rows_that_pass_the_complete_full_clean(event):
    session = factories.open_session(event=event)
    staff = factories.EventStaffFactory(event=event).user
    admitted = factories.RegistrationFactory(event=event)
    pending = factories.RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    elsewhere = factories.RegistrationFactory()
    manual = factories.RegistrationFactory(event=event)
    later = factories.open_session(
        event=event,
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=1),
    )
    attempts = [
        (session, ScanAttempt(token=admitted.token, device="Pintu 1", client_id="a" * 64)),
        (session, ScanAttempt(token=admitted.token, device="P" * 100)),  # already in
        (session, ScanAttempt(token=pending.token)),
        (session, ScanAttempt(token=elsewhere.token)),
        (session, ScanAttempt(token="A" * 32)),  # unknown
        (session, ScanAttempt(token="x\x00" * 400)),  # malformed, long, unprintable
        (session, ScanAttempt(token={"not": "text"})),
        (later, ScanAttempt(token=admitted.token)),  # too early
        (
            session,
            ScanAttempt(
                registration_id=manual.pk,
                method=CheckInMethod.MANUAL,
                reason="Ponsel tertinggal " * 11,
            ),
        ),
    ]
    for where, attempt in attempts:
        checkin_record(session=where, staff=staff, attempt=attempt)

    assert ScanLog.objects.count() == len(attempts)
    assert CheckIn.objects.count() == 2
    for row in [*ScanLog.objects.all(), *CheckIn.objects.all()]:
        complete_clean(row)


def test_what_comes_from_the_request_is_still_checked(event):
    session = factories.open_session(event=event)
    staff = factories.EventStaffFactory(event=event).user
    registration = factories.RegistrationFactory(event=event)

    with pytest.raises(ValidationError) as refused:
        checkin_record(
            session=session,
            staff=staff,
            attempt=ScanAttempt(token=registration.token, client_id="c" * 65),
        )

    assert list(refused.value.message_dict) == ["client_id"]
    assert not ScanLog.objects.exists() and not CheckIn.objects.exists()
