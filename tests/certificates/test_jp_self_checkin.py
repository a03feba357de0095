"""Self check-ins that do not count for the certificate earn no JP either:
the snapshot's JP and its agenda page read the same check-ins as
eligibility (checkin.selectors.selfcheckin.checkins_counting_for_certificates)."""

import pytest

from certificates import services
from certificates.models import JpBasis
from checkin.models import SelfCheckInSettings, SessionSelfCheckIn
from competency.selectors import record_for_user
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(db):
    """Seven counting 90-minute sessions (2 JP each); a participant checked in
    at five by door staff and at the other two by themselves."""
    settings = factories.CertificateSettingsFactory(
        eligibility_rule="sessions_percent",
        min_percent=70,
        jp_basis=JpBasis.ATTENDED,
        agenda_page=True,
    )
    event = settings.event
    sessions = [factories.SessionFactory(event=event, title=f"Materi {n}") for n in range(1, 8)]
    user = factories.participant_user()
    registration = factories.RegistrationFactory(
        event=event, participant__user=user, participant__email=user.email
    )
    factories.attend(registration, sessions[:5])
    for session in sessions[5:]:
        factories.CheckInFactory(registration=registration, session=session, method="self")
    return {"event": event, "sessions": sessions, "registration": registration, "user": user}


def test_excluded_self_check_ins_earn_no_jp_on_the_certificate(seven, organiser):
    SelfCheckInSettings.objects.create(
        event=seven["event"], enabled=True, counts_for_certificate=False
    )

    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    assert certificate.snapshot["jp_attended"] == 10
    assert certificate.snapshot["jp"] == 10
    assert sorted(row["title"] for row in certificate.snapshot["agenda"]) == [
        f"Materi {n}" for n in range(1, 6)
    ]


def test_a_sessions_own_exclusion_costs_only_its_jp(seven, organiser):
    SelfCheckInSettings.objects.create(event=seven["event"], enabled=True)
    SessionSelfCheckIn.objects.create(session=seven["sessions"][6], counts_for_certificate=False)

    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    assert certificate.snapshot["jp_attended"] == 12
    assert len(certificate.snapshot["agenda"]) == 6


def test_self_check_ins_that_count_earn_their_jp(seven, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    assert certificate.snapshot["jp_attended"] == 14


def test_the_competency_record_shows_only_the_counting_jp(seven, organiser):
    SelfCheckInSettings.objects.create(
        event=seven["event"], enabled=True, counts_for_certificate=False
    )
    services.certificate_issue(actor=organiser, registration=seven["registration"])

    year = seven["event"].start_date.year
    records = record_for_user(seven["user"], today=seven["event"].start_date)

    (entry,) = next(record for record in records if record.year == year).entries
    assert entry.counts
    assert entry.jp == 10
