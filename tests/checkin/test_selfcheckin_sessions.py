"""Per-session self check-in: each session follows its event's settings
unless the organiser set an exception for it (allowed or not, counting for
the certificate or not, location checked or not)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bimtek.models import AuditEntry
from certificates import selectors as certificate_selectors
from checkin.models import CheckIn, SessionSelfCheckIn
from checkin.selectors.selfcheckin import (
    checkins_counting_for_certificates,
    self_checkin_rules,
    sessions_with_rules,
)
from checkin.services.selfcheckin import self_checkin_session_update
from tests import factories
from tests.checkin.selfcheckin_helpers import (
    allow_self_checkin,
    code_url,
    participant_with_registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event, title="Pembukaan")


def answer_result(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    return page.split('data-result="', 1)[1].split('"', 1)[0]


def test_a_session_follows_its_event_until_it_has_an_exception(session):
    allow_self_checkin(session.event, counts_for_certificate=False)

    rules = self_checkin_rules(session=session)

    assert (rules.enabled, rules.counts_for_certificate, rules.location_required) == (
        True,
        False,
        False,
    )


def test_a_sessions_exception_overrides_its_event(session, organiser):
    allow_self_checkin(session.event)

    self_checkin_session_update(
        session=session,
        actor=organiser,
        enabled=False,
        counts_for_certificate=None,
        location_required=None,
    )

    assert not self_checkin_rules(session=session).enabled
    entry = AuditEntry.objects.get(action="checkin.self_checkin_session")
    assert entry.changes["enabled"] is False


def test_a_session_may_allow_self_checkin_when_its_event_does_not(client, session, organiser):
    self_checkin_session_update(
        session=session,
        actor=organiser,
        enabled=True,
        counts_for_certificate=None,
        location_required=None,
    )
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    assert answer_result(client, code_url(session)) == "ok"


def test_a_session_turned_off_refuses_the_phone_and_the_kiosk(client, session, organiser):
    allow_self_checkin(session.event)
    other = factories.open_session(event=session.event, title="Sesi lain")
    SessionSelfCheckIn.objects.create(session=session, enabled=False)
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    assert answer_result(client, code_url(session)) == "disabled"
    assert not CheckIn.objects.exists()
    assert answer_result(client, code_url(other)) == "ok"

    client.force_login(organiser)
    kiosk = client.post(
        reverse(
            "checkin:self_kiosk_checkin",
            kwargs={"code": session.event.code, "session_id": session.pk},
        ),
        {"email": user.email},
        content_type="application/json",
    )
    assert kiosk.json()["result"] == "disabled"
    projector = client.get(
        reverse(
            "checkin:self_checkin_projector",
            kwargs={"code": session.event.code, "session_id": session.pk},
        )
    )
    assert 'data-testid="projector-disabled"' in projector.content.decode()
    assert CheckIn.objects.count() == 1


def test_the_location_check_needs_the_events_venue(session, organiser):
    allow_self_checkin(session.event)

    with pytest.raises(ValidationError) as excinfo:
        self_checkin_session_update(
            session=session,
            actor=organiser,
            enabled=None,
            counts_for_certificate=None,
            location_required=True,
        )

    assert "location_required" in excinfo.value.message_dict
    assert not SessionSelfCheckIn.objects.exists()


def test_certificates_leave_out_a_sessions_excluded_self_checkins(cert_event_with_self):
    _event, registration, (kept, excluded) = cert_event_with_self
    SessionSelfCheckIn.objects.create(session=excluded, counts_for_certificate=False)

    counted = set(
        checkins_counting_for_certificates()
        .filter(registration=registration)
        .values_list("session_id", flat=True)
    )

    assert counted == {kept.pk}
    progress = certificate_selectors.eligibility_for_registration(registration)
    assert progress.sessions_attended == 1


def test_a_session_may_count_self_checkins_when_its_event_does_not(cert_event_with_self):
    event, registration, (kept, _excluded) = cert_event_with_self
    allow_self_checkin(event, counts_for_certificate=False)
    SessionSelfCheckIn.objects.create(session=kept, counts_for_certificate=True)

    counted = set(
        checkins_counting_for_certificates()
        .filter(registration=registration)
        .values_list("session_id", flat=True)
    )

    assert counted == {kept.pk}


@pytest.fixture
def cert_event_with_self(event):
    sessions = [factories.SessionFactory(event=event) for _ in range(2)]
    registration = factories.RegistrationFactory(event=event)
    for session in sessions:
        factories.CheckInFactory(registration=registration, session=session, method="self")
    return event, registration, sessions


def test_the_organiser_sets_a_sessions_exception(client, session, organiser):
    allow_self_checkin(session.event)
    client.force_login(organiser)
    url = reverse(
        "checkin:self_checkin_session",
        kwargs={"code": session.event.code, "session_id": session.pk},
    )

    response = client.post(
        url,
        {
            f"s{session.pk}-enabled": "on",
            f"s{session.pk}-counts_for_certificate": "off",
            f"s{session.pk}-location_required": "",
        },
    )

    assert response.status_code == 302
    own = SessionSelfCheckIn.objects.get(session=session)
    assert (own.enabled, own.counts_for_certificate, own.location_required) == (True, False, None)
    page = client.get(response["Location"]).content.decode()
    assert "Tidak dihitung untuk sertifikat" in page


def test_a_location_exception_without_a_venue_is_explained(client, session, organiser):
    allow_self_checkin(session.event)
    client.force_login(organiser)
    url = reverse(
        "checkin:self_checkin_session",
        kwargs={"code": session.event.code, "session_id": session.pk},
    )

    response = client.post(url, {f"s{session.pk}-location_required": "on"})

    assert response.status_code == 200
    assert "Isi dulu lintang dan bujur tempat kegiatan." in response.content.decode()
    assert not SessionSelfCheckIn.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "participant", "door_staff", "supervisor"])
def test_only_organisers_set_a_sessions_exception(client, session, who):
    allow_self_checkin(session.event)
    if who == "participant":
        client.force_login(factories.participant_user())
    elif who in ("door_staff", "supervisor"):
        role = "supervisor" if who == "supervisor" else "steward"
        client.force_login(factories.EventStaffFactory(event=session.event, role=role).user)
    url = reverse(
        "checkin:self_checkin_session",
        kwargs={"code": session.event.code, "session_id": session.pk},
    )

    response = client.post(url, {f"s{session.pk}-enabled": "off"})

    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    assert not SessionSelfCheckIn.objects.exists()


def test_a_session_of_another_event_is_not_found(client, session, organiser):
    client.force_login(organiser)
    other = factories.open_session(event=factories.EventFactory())
    url = reverse(
        "checkin:self_checkin_session",
        kwargs={"code": session.event.code, "session_id": other.pk},
    )

    assert client.post(url, {f"s{other.pk}-enabled": "off"}).status_code == 404


@pytest.mark.parametrize("count", [1, 4])
def test_every_sessions_rules_are_read_in_two_queries(event, count, django_assert_num_queries):
    allow_self_checkin(event)
    sessions = [factories.open_session(event=event) for _ in range(count)]
    SessionSelfCheckIn.objects.create(session=sessions[0], enabled=False)

    with django_assert_num_queries(2):
        rows = sessions_with_rules(event=event, sessions=sessions)

    assert [rules.enabled for _session, _own, rules in rows] == [False] + [True] * (count - 1)


def test_the_settings_page_costs_the_same_queries_for_more_sessions(client, event, organiser):
    allow_self_checkin(event)
    client.force_login(organiser)
    url = reverse("checkin:self_checkin_settings", kwargs={"code": event.code})
    counts = []
    for more in (1, 3):
        for _ in range(more):
            session = factories.open_session(event=event)
            SessionSelfCheckIn.objects.create(session=session, enabled=False)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert page.content.decode().count('data-testid="self-checkin-session"') == 4


def test_the_events_history_names_a_sessions_change(client, session, organiser):
    self_checkin_session_update(
        session=session,
        actor=organiser,
        enabled=False,
        counts_for_certificate=None,
        location_required=None,
    )
    client.force_login(organiser)

    page = client.get(reverse("organiser:history", kwargs={"code": session.event.code}))

    assert "Registrasi ulang mandiri suatu sesi diubah" in page.content.decode()
