"""Eligibility from attendance under each rule, roles and exceptions."""

import pytest

from certificates import selectors
from certificates.models import EligibilityRule, RolePolicy
from certificates.selectors import Reason
from participants.models.registrations import RegistrationRole, RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


def progress_of(registration):
    return selectors.eligibility_for_registration(registration)


def set_rule(event, rule, percent=100, **policies):
    settings = event.cert_settings
    settings.eligibility_rule = rule
    settings.min_percent = percent
    for name, value in policies.items():
        setattr(settings, name, value)
    settings.save()


def test_all_sessions_rule_needs_every_countable_session(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable[:3])

    progress = progress_of(registration)

    assert not progress.eligible
    assert progress.reason == Reason.INCOMPLETE
    assert (progress.sessions_attended, progress.sessions_total) == (3, 4)
    assert (progress.jp_attended, progress.jp_total) == (6, 8)
    assert progress.sessions_needed == 1


def test_all_sessions_rule_is_met_by_full_attendance(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)

    progress = progress_of(registration)

    assert progress.eligible
    assert progress.reason == Reason.COMPLETE


def test_sessions_that_do_not_count_are_ignored(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    opening = cert_event.sessions.get(counts_for_certificate=False)
    factories.attend(registration, [opening, *cert_event.countable[:3]])

    progress = progress_of(registration)

    assert progress.sessions_attended == 3
    assert not progress.eligible


@pytest.mark.parametrize(
    ("attended", "percent", "eligible"),
    [(3, 75, True), (2, 75, False), (2, 50, True), (1, 50, False), (4, 100, True)],
)
def test_sessions_percent_rule_counts_exactly_p_percent_as_enough(
    cert_event, attended, percent, eligible
):
    set_rule(cert_event, EligibilityRule.SESSIONS_PERCENT, percent)
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable[:attended])

    progress = progress_of(registration)

    assert progress.eligible is eligible
    assert progress.reason == (Reason.THRESHOLD_MET if eligible else Reason.INCOMPLETE)


def test_jp_percent_rule_weighs_sessions_by_their_jp(cert_event):
    long_session = cert_event.countable[0]
    long_session.jp_override = 6  # 6 of 12 JP in one session
    long_session.save()
    set_rule(cert_event, EligibilityRule.JP_PERCENT, 50)
    only_long = factories.RegistrationFactory(event=cert_event)
    factories.attend(only_long, [long_session])
    three_short = factories.RegistrationFactory(event=cert_event)
    factories.attend(three_short, cert_event.countable[1:3])

    assert progress_of(only_long).eligible  # exactly 50 % of the JP
    assert progress_of(only_long).jp_attended == 6
    short = progress_of(three_short)
    assert not short.eligible
    assert (short.jp_attended, short.jp_total, short.jp_needed) == (4, 12, 2)


def test_no_countable_sessions_means_nobody_is_eligible_by_attendance(db):
    event = factories.CertificateSettingsFactory().event
    factories.SessionFactory(event=event, counts_for_certificate=False)
    registration = factories.RegistrationFactory(event=event)

    progress = progress_of(registration)

    assert not progress.eligible
    assert progress.reason == Reason.NO_SESSIONS
    assert progress.sessions_total == 0


def test_jp_rule_with_zero_jp_refuses_instead_of_dividing_by_zero(cert_event):
    for session in cert_event.countable:
        session.jp_override = 0
        session.save()
    set_rule(cert_event, EligibilityRule.JP_PERCENT, 50)
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)

    assert progress_of(registration).reason == Reason.NO_JP


@pytest.mark.parametrize(
    "status",
    [RegistrationStatus.PENDING, RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED],
)
def test_only_approved_registrations_are_eligible(cert_event, status):
    registration = factories.RegistrationFactory(event=cert_event, status=status)
    factories.attend(registration, cert_event.countable)

    progress = progress_of(registration)

    assert not progress.eligible
    assert progress.reason == Reason.NOT_APPROVED


@pytest.mark.parametrize(
    ("role", "policy_field"),
    [
        (RegistrationRole.SPEAKER, "speaker_policy"),
        (RegistrationRole.MODERATOR, "moderator_policy"),
        (RegistrationRole.ORGANISER, "committee_policy"),
    ],
)
def test_role_policies(cert_event, role, policy_field):
    registration = factories.RegistrationFactory(event=cert_event, role=role)

    assert progress_of(registration).reason == Reason.BY_ROLE  # the default

    set_rule(cert_event, EligibilityRule.ALL_SESSIONS, **{policy_field: RolePolicy.ATTENDANCE})
    assert progress_of(registration).reason == Reason.INCOMPLETE

    set_rule(cert_event, EligibilityRule.ALL_SESSIONS, **{policy_field: RolePolicy.NONE})
    factories.attend(registration, cert_event.countable)
    assert progress_of(registration).reason == Reason.ROLE_NOT_CERTIFIED


def test_participants_always_go_by_attendance(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)

    assert progress_of(registration).reason == Reason.INCOMPLETE


def test_granted_exception_overrides_missing_attendance(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.EligibilityExceptionFactory(registration=registration, decision="grant")

    progress = progress_of(registration)

    assert progress.eligible
    assert progress.reason == Reason.GRANTED


def test_denied_exception_overrides_full_attendance(cert_event):
    registration = factories.RegistrationFactory(event=cert_event)
    factories.attend(registration, cert_event.countable)
    factories.EligibilityExceptionFactory(
        registration=registration, decision="deny", reason="Titip absen"
    )

    progress = progress_of(registration)

    assert not progress.eligible
    assert progress.reason == Reason.DENIED
    assert progress.exception.reason == "Titip absen"


def test_event_without_settings_uses_the_defaults(db):
    event = factories.EventFactory()
    session = factories.SessionFactory(event=event)
    registration = factories.RegistrationFactory(event=event)
    factories.attend(registration, [session])

    assert progress_of(registration).eligible


def test_progress_of_many_registrations_costs_fixed_queries(cert_event, django_assert_num_queries):
    registrations = [factories.RegistrationFactory(event=cert_event) for _ in range(5)]
    for registration in registrations:
        factories.attend(registration, cert_event.countable[:2])

    # settings, sessions, check-ins, exceptions; the other steps
    # (certificates.extensions: evaluations' required questionnaires)
    with django_assert_num_queries(5):
        result = selectors.eligibility_for_registrations(
            event=cert_event, registrations=registrations
        )

    assert {p.sessions_attended for p in result.values()} == {2}
