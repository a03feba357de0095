"""The competency-development record: events attended per year, the JP
earned (frozen in the certificate), progress toward the yearly target."""

import datetime as dt

import pytest

from certificates import services
from competency.selectors import record_for_user
from participants.models import Participant
from tests import factories

pytestmark = pytest.mark.django_db


def attended_event(user, *, start: dt.date, sessions: int, attended: int, title="Bimtek"):
    """An event on ``start`` with ``sessions`` counting sessions of 2 JP; the
    user's registration checked in to the first ``attended``."""
    opens = dt.datetime.combine(start - dt.timedelta(days=30), dt.time(8), tzinfo=dt.UTC)
    event = factories.EventFactory(
        title=title, start_date=start, end_date=start, registration_opens_at=opens
    )
    settings = factories.CertificateSettingsFactory(
        event=event, eligibility_rule="sessions_percent", min_percent=50
    )
    rows = [factories.SessionFactory(event=event) for _ in range(sessions)]
    participant = Participant.objects.filter(user=user).first()
    participant = participant or factories.ParticipantFactory(user=user)
    registration = factories.RegistrationFactory(event=event, participant=participant)
    factories.attend(registration, rows[:attended])
    event.cert_settings = settings
    return registration


def test_yearly_total_sums_two_certified_events(organiser):
    user = factories.participant_user()
    today = dt.date(2026, 12, 7)
    first = attended_event(user, start=dt.date(2026, 3, 2), sessions=4, attended=4)
    second = attended_event(user, start=dt.date(2026, 8, 10), sessions=7, attended=5)
    for registration in (first, second):
        services.certificate_issue(actor=organiser, registration=registration)

    years = record_for_user(user, today=today)

    assert [year.year for year in years] == [2026]
    assert [entry.jp for entry in years[0].entries] == [8, 10]
    assert years[0].jp_certified == 18
    assert years[0].jp_remaining == 2
    assert not years[0].target_met


def test_years_are_kept_apart_and_the_current_year_is_always_there(organiser):
    user = factories.participant_user()
    old = attended_event(user, start=dt.date(2024, 5, 6), sessions=2, attended=2)
    services.certificate_issue(actor=organiser, registration=old)

    years = record_for_user(user, today=dt.date(2026, 1, 5))

    assert [(year.year, year.jp_certified) for year in years] == [(2026, 0), (2024, 4)]


def test_jp_without_a_certificate_is_shown_but_not_counted():
    user = factories.participant_user()
    attended_event(user, start=dt.date(2026, 4, 6), sessions=4, attended=1)

    (year,) = record_for_user(user, today=dt.date(2026, 6, 1))

    assert year.entries[0].jp == 2
    assert year.entries[0].certificate is None
    assert year.jp_certified == 0
    assert year.jp_pending == 2


def test_registered_but_never_attended_is_not_listed():
    user = factories.participant_user()
    attended_event(user, start=dt.date(2026, 4, 6), sessions=3, attended=0)

    (year,) = record_for_user(user, today=dt.date(2026, 6, 1))

    assert year.entries == []


def test_the_record_keeps_the_jp_frozen_at_issue(organiser):
    user = factories.participant_user()
    registration = attended_event(user, start=dt.date(2026, 4, 6), sessions=2, attended=2)
    services.certificate_issue(actor=organiser, registration=registration)
    registration.event.minutes_per_jp = 30  # the 90-minute sessions would now be 3 JP
    registration.event.save()

    (year,) = record_for_user(user, today=dt.date(2026, 6, 1))

    assert year.entries[0].jp == 4


def test_target_comes_from_the_setting(settings, organiser):
    settings.COMPETENCY_YEARLY_TARGET_JP = 8
    user = factories.participant_user()
    registration = attended_event(user, start=dt.date(2026, 4, 6), sessions=4, attended=4)
    services.certificate_issue(actor=organiser, registration=registration)

    (year,) = record_for_user(user, today=dt.date(2026, 6, 1))

    assert year.target == 8
    assert year.target_met
    assert year.percent == 100


def test_someone_elses_events_are_not_in_the_record(organiser):
    user, other = factories.participant_user(), factories.participant_user()
    registration = attended_event(other, start=dt.date(2026, 4, 6), sessions=2, attended=2)
    services.certificate_issue(actor=organiser, registration=registration)

    (year,) = record_for_user(user, today=dt.date(2026, 6, 1))

    assert year.entries == []


def test_query_count_does_not_grow_with_events(organiser, django_assert_max_num_queries):
    user = factories.participant_user()
    for month in (1, 2, 3):
        registration = attended_event(user, start=dt.date(2026, month, 5), sessions=2, attended=2)
        services.certificate_issue(actor=organiser, registration=registration)
    with django_assert_max_num_queries(8) as few:
        record_for_user(user, today=dt.date(2026, 6, 1))
    for month in (4, 5, 6, 7, 8, 9):
        registration = attended_event(user, start=dt.date(2026, month, 5), sessions=3, attended=3)
        services.certificate_issue(actor=organiser, registration=registration)

    with django_assert_max_num_queries(len(few.captured_queries)):
        years = record_for_user(user, today=dt.date(2026, 6, 1))

    assert len(years[0].entries) == 9
