"""The projector page, its code feed, the organisers' settings and the kiosk:
who may open them, and what they show."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bimtek.models.events import StaffRole
from checkin.models import CheckIn, SelfCheckInSettings
from checkin.selfcodes import CodeState, code_check
from tests import factories
from tests.checkin.selfcheckin_helpers import allow_self_checkin, participant_with_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    allow_self_checkin(event, rotation_seconds=10)
    return factories.open_session(event=event)


def projector(session, name="self_checkin_projector"):
    return reverse(f"checkin:{name}", kwargs={"code": session.event.code, "session_id": session.pk})


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("participant", 403),
        ("steward", 403),
        ("supervisor", 200),
        ("organiser", 200),
        ("other_team_organiser", 403),
    ],
)
def test_who_may_open_the_projector(client, session, role, status):
    users = {
        "participant": lambda: factories.participant_user(),
        "steward": lambda: factories.EventStaffFactory(event=session.event).user,
        "supervisor": lambda: (
            factories.EventStaffFactory(event=session.event, role=StaffRole.SUPERVISOR).user
        ),
        "organiser": lambda: factories.organiser_user(),
        "other_team_organiser": lambda: factories.organiser_user(teams=[factories.TeamFactory()]),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    for name in ("self_checkin_projector", "self_checkin_projector_code", "self_kiosk"):
        assert client.get(projector(session, name)).status_code == status


def test_the_projector_shows_a_valid_code_and_the_counter(client, session, organiser):
    _user, registration = participant_with_registration(session.event)
    factories.RegistrationFactory(event=session.event)
    factories.CheckInFactory(registration=registration, session=session)
    client.force_login(organiser)

    page = client.get(projector(session)).content.decode()
    state = client.get(projector(session, "self_checkin_projector_code")).json()

    assert "<svg" in page and 'data-testid="projector-qr"' in page
    assert (state["present"], state["expected"]) == (1, 2)
    path = state["url"].split("testserver", 1)[1]
    _c, session_id, step, mac, _end = path.split("/")[1:]
    assert int(session_id) == session.pk and int(step) == state["step"]
    assert code_check(session_id=session.pk, step=int(step), mac=mac, rotation_seconds=10) == (
        CodeState.VALID
    )


def test_the_code_feed_writes_nothing(client, session, organiser):
    client.force_login(organiser)
    url = projector(session, "self_checkin_projector_code")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_the_projector_says_when_self_checkin_is_off(client, event, organiser):
    session = factories.open_session(event=event)
    client.force_login(organiser)

    page = client.get(projector(session)).content.decode()

    assert 'data-testid="projector-disabled"' in page
    assert client.get(projector(session, "self_checkin_projector_code")).json() == {
        "enabled": False
    }


def test_a_session_of_another_event_is_not_found(client, session, organiser):
    other = factories.open_session(event=factories.EventFactory())
    client.force_login(organiser)
    url = reverse(
        "checkin:self_checkin_projector",
        kwargs={"code": session.event.code, "session_id": other.pk},
    )
    assert client.get(url).status_code == 404


def test_organisers_allow_self_checkin(client, event, organiser):
    client.force_login(organiser)
    url = reverse("checkin:self_checkin_settings", kwargs={"code": event.code})

    assert client.get(url).status_code == 200
    response = client.post(url, {"enabled": "on", "rotation_seconds": "20"})

    assert response.status_code == 302
    options = SelfCheckInSettings.objects.get(event=event)
    assert (options.enabled, options.rotation_seconds, options.counts_for_certificate) == (
        True,
        20,
        False,
    )


def test_a_bad_rotation_is_explained(client, event, organiser):
    client.force_login(organiser)
    url = reverse("checkin:self_checkin_settings", kwargs={"code": event.code})

    response = client.post(url, {"enabled": "on", "rotation_seconds": "1"})

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not SelfCheckInSettings.objects.exists()


@pytest.mark.parametrize("role", ["steward", "supervisor", "participant"])
def test_only_organisers_change_the_settings(client, event, role):
    user = {
        "steward": lambda: factories.EventStaffFactory(event=event).user,
        "supervisor": lambda: (
            factories.EventStaffFactory(event=event, role=StaffRole.SUPERVISOR).user
        ),
        "participant": lambda: factories.participant_user(),
    }[role]()
    client.force_login(user)
    url = reverse("checkin:self_checkin_settings", kwargs={"code": event.code})
    assert client.get(url).status_code == 403
    assert client.post(url, {"enabled": "on", "rotation_seconds": "10"}).status_code == 403


def kiosk_post(client, session, body):
    return client.post(
        projector(session, "self_kiosk_checkin"),
        data=json.dumps(body),
        content_type="application/json",
    )


def test_the_kiosk_checks_in_by_e_mail_and_shows_no_name(client, session):
    supervisor = factories.EventStaffFactory(event=session.event, role=StaffRole.SUPERVISOR).user
    _user, registration = participant_with_registration(session.event)
    client.force_login(supervisor)

    answer = kiosk_post(
        client, session, {"email": registration.participant.email, "device": "Kiosk A"}
    ).json()

    assert (answer["result"], answer["tone"], answer["name"], answer["institution"]) == (
        "ok",
        "ok",
        "",
        "",
    )
    assert CheckIn.objects.get().device == "Kiosk A"


def test_the_kiosk_shows_the_ticket_holder_their_own_name(client, session):
    supervisor = factories.EventStaffFactory(event=session.event, role=StaffRole.SUPERVISOR).user
    _user, registration = participant_with_registration(session.event)
    client.force_login(supervisor)

    answer = kiosk_post(client, session, {"token": registration.token}).json()

    assert answer["result"] == "ok"
    assert answer["name"] == registration.participant.display_name


def test_the_kiosk_refuses_bad_input_clearly(client, session):
    supervisor = factories.EventStaffFactory(event=session.event, role=StaffRole.SUPERVISOR).user
    client.force_login(supervisor)

    assert kiosk_post(client, session, {"email": "not an address"}).status_code == 400
    assert kiosk_post(client, session, {}).status_code == 400
    assert kiosk_post(client, session, ["x"]).status_code == 400
    unknown = kiosk_post(client, session, {"email": "nobody@example.org"}).json()
    assert (unknown["result"], unknown["name"]) == ("invalid", "")


@pytest.mark.parametrize("role", ["anonymous", "steward", "participant", "other_team_organiser"])
def test_the_kiosk_check_in_needs_a_supervisor(client, session, role):
    _user, registration = participant_with_registration(session.event)
    user = {
        "anonymous": lambda: None,
        "steward": lambda: factories.EventStaffFactory(event=session.event).user,
        "participant": lambda: factories.participant_user(),
        "other_team_organiser": lambda: factories.organiser_user(teams=[factories.TeamFactory()]),
    }[role]()
    if user:
        client.force_login(user)

    assert kiosk_post(client, session, {"token": registration.token}).status_code == 403
    assert not CheckIn.objects.exists()
