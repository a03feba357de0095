"""The coarse "near the venue" check of a self check-in: the phone posts its
geolocation, the server measures the distance (haversine) and refuses it
outside the radius or without a location; the kiosk is not affected."""

from decimal import Decimal

import pytest
from django.urls import reverse

from checkin.errors import CheckInError
from checkin.models import CheckIn, ScanLog, SessionSelfCheckIn
from checkin.selectors.door import door_session
from checkin.selfgeo import LocationState, Position, haversine_metres, location_state, position_from
from checkin.services.selfcheckin import checkin_self, self_checkin_settings_update
from checkin.views.selfcheckin import PENDING
from tests import factories
from tests.checkin.selfcheckin_helpers import (
    allow_self_checkin,
    code_url,
    participant_with_registration,
)

pytestmark = pytest.mark.django_db

# Monas, Jakarta; the venue in these tests.
VENUE = (Decimal("-6.175392"), Decimal("106.827153"))
AT_THE_VENUE = {"latitude": "-6.175500", "longitude": "106.827300", "accuracy": "20"}
# Bundaran HI, about 2.3 km south.
DOWN_THE_ROAD = {"latitude": "-6.195000", "longitude": "106.823000", "accuracy": "15"}


def with_venue(event, **fields):
    venue = {
        "location_required": True,
        "venue_latitude": VENUE[0],
        "venue_longitude": VENUE[1],
        "venue_radius_m": 300,
    }
    return allow_self_checkin(event, **(venue | fields))


@pytest.fixture
def session(event):
    with_venue(event)
    return factories.open_session(event=event, title="Pembukaan")


# --- the distance -----------------------------------------------------------


def test_haversine_measures_known_distances():
    # Jakarta (Monas) to Bandung (Gedung Sate): about 119 km as the crow flies.
    assert 118_000 < haversine_metres(-6.175392, 106.827153, -6.902477, 107.618782) < 120_000
    assert haversine_metres(0, 0, 0, 0) == 0
    # A quarter of the Earth's circumference along the equator.
    assert haversine_metres(0, 0, 0, 90) == pytest.approx(10_007_543, rel=1e-4)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, None),
        ({"latitude": "abc", "longitude": "1"}, None),
        ({"latitude": "nan", "longitude": "1"}, None),
        ({"latitude": "91", "longitude": "1"}, None),
        ({"latitude": "1", "longitude": "-181"}, None),
        ({"latitude": "-6.1", "longitude": "106.8"}, Position(-6.1, 106.8, 0.0)),
        ({"latitude": "1", "longitude": "2", "accuracy": "-5"}, Position(1.0, 2.0, 0.0)),
    ],
)
def test_a_posted_position_is_read_or_refused(data, expected):
    assert position_from(data) == expected


def test_the_reported_inaccuracy_is_allowed_up_to_the_radius_again():
    venue = {"latitude": VENUE[0], "longitude": VENUE[1], "radius_m": 300}
    # About 450 m north of the venue.
    fuzzy = Position(latitude=-6.171350, longitude=106.827153, accuracy=200)
    vague = Position(latitude=-6.171350, longitude=106.827153, accuracy=5000)
    sharp = Position(latitude=-6.171350, longitude=106.827153, accuracy=10)

    assert location_state(position=fuzzy, **venue) == LocationState.NEAR
    assert location_state(position=sharp, **venue) == LocationState.FAR
    # A phone that knows only its cell tower does not stretch the radius far.
    far_but_vague = Position(latitude=-6.195, longitude=106.823, accuracy=5000)
    assert location_state(position=far_but_vague, **venue) == LocationState.FAR
    assert location_state(position=vague, **venue) == LocationState.NEAR
    assert location_state(position=None, **venue) == LocationState.MISSING


# --- the service --------------------------------------------------------------


def test_a_phone_at_the_venue_is_checked_in(session):
    user, registration = participant_with_registration(session.event)

    answer = checkin_self(
        session=door_session(session_id=session.pk, user=user),
        user=user,
        position=position_from(AT_THE_VENUE),
    )

    assert answer.result == "ok"
    assert CheckIn.objects.get().registration == registration


@pytest.mark.parametrize(
    ("position", "code"),
    [(None, "location_missing"), (position_from(DOWN_THE_ROAD), "location_far")],
)
def test_a_phone_away_or_without_location_is_refused_and_nothing_logged(session, position, code):
    user, _registration = participant_with_registration(session.event)

    with pytest.raises(CheckInError) as excinfo:
        checkin_self(
            session=door_session(session_id=session.pk, user=user), user=user, position=position
        )

    assert excinfo.value.code == code
    assert not CheckIn.objects.exists()
    assert not ScanLog.objects.exists()


def test_a_session_without_the_check_ignores_the_location(session):
    SessionSelfCheckIn.objects.create(session=session, location_required=False)
    user, _registration = participant_with_registration(session.event)

    answer = checkin_self(session=door_session(session_id=session.pk, user=user), user=user)

    assert answer.result == "ok"


def test_a_session_may_require_the_location_when_its_event_does_not(event):
    with_venue(event, location_required=False)
    session = factories.open_session(event=event)
    SessionSelfCheckIn.objects.create(session=session, location_required=True)
    user, _registration = participant_with_registration(event)

    with pytest.raises(CheckInError) as excinfo:
        checkin_self(session=door_session(session_id=session.pk, user=user), user=user)

    assert excinfo.value.code == "location_missing"


def test_the_location_check_needs_a_venue(event, organiser):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        self_checkin_settings_update(
            event=event,
            actor=organiser,
            enabled=True,
            rotation_seconds=10,
            counts_for_certificate=True,
            location_required=True,
        )

    assert "location_required" in excinfo.value.message_dict


# --- the views ----------------------------------------------------------------


def test_the_phone_is_asked_for_its_location_then_checked_in(client, session):
    user, registration = participant_with_registration(session.event)
    client.force_login(user)

    scanned = client.get(code_url(session))
    assert scanned["Location"] == reverse("checkin:self_checkin_continue")
    page = client.get(scanned["Location"])
    assert page.status_code == 200
    assert 'data-testid="self-location"' in page.content.decode()
    assert not CheckIn.objects.exists()

    sent = client.post(reverse("checkin:self_checkin_continue"), AT_THE_VENUE)

    answer = client.get(sent["Location"]).content.decode()
    assert 'data-result="ok"' in answer
    assert CheckIn.objects.get().registration == registration
    assert PENDING not in client.session


@pytest.mark.parametrize(
    ("posted", "result", "message"),
    [
        ({}, "location_missing", "Izinkan situs ini membaca lokasi"),
        (DOWN_THE_ROAD, "location_far", "Ponsel Anda tidak berada di dekat tempat kegiatan"),
    ],
)
def test_the_phone_away_or_without_permission_is_refused_in_indonesian(
    client, session, posted, result, message
):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)
    client.get(code_url(session))

    sent = client.post(reverse("checkin:self_checkin_continue"), posted)

    answer = client.get(sent["Location"]).content.decode()
    assert f'data-result="{result}"' in answer
    assert message in answer
    assert "pintu atau kiosk" in answer
    assert not CheckIn.objects.exists()


def test_a_location_sent_without_a_scanned_code_checks_no_one_in(client, session):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    sent = client.post(reverse("checkin:self_checkin_continue"), AT_THE_VENUE)

    answer = client.get(sent["Location"]).content.decode()
    assert 'data-result="sign_in_expired"' in answer
    assert not CheckIn.objects.exists()


def test_a_far_position_then_a_near_one_within_the_codes_life_checks_in_once(client, session):
    user, registration = participant_with_registration(session.event)
    client.force_login(user)
    client.get(code_url(session))
    far = client.post(reverse("checkin:self_checkin_continue"), DOWN_THE_ROAD)
    answer = client.get(far["Location"]).content.decode()
    assert 'data-result="location_far"' in answer
    assert 'data-testid="self-answer-retry"' in answer
    missing = client.post(reverse("checkin:self_checkin_continue"), {})
    assert 'data-result="location_missing"' in client.get(missing["Location"]).content.decode()

    # "Kirim lokasi saya lagi" shows the location page again, without a new code.
    page = client.get(reverse("checkin:self_checkin_continue"))
    assert 'data-testid="self-location"' in page.content.decode()
    near = client.post(reverse("checkin:self_checkin_continue"), AT_THE_VENUE)

    assert 'data-result="ok"' in client.get(near["Location"]).content.decode()
    assert CheckIn.objects.get().registration == registration
    assert ScanLog.objects.count() == 1
    # Checked in: the code is used up; another post checks no one in again.
    again = client.post(reverse("checkin:self_checkin_continue"), AT_THE_VENUE)
    assert 'data-result="sign_in_expired"' in client.get(again["Location"]).content.decode()
    assert CheckIn.objects.count() == 1


def test_a_retry_after_the_code_expired_needs_a_new_code(client, session):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)
    client.get(code_url(session))
    client.post(reverse("checkin:self_checkin_continue"), DOWN_THE_ROAD)
    stored = client.session
    stored[PENDING] = stored[PENDING] | {"until": 0}
    stored.save()

    again = client.post(reverse("checkin:self_checkin_continue"), AT_THE_VENUE)

    answer = client.get(again["Location"]).content.decode()
    assert 'data-result="sign_in_expired"' in answer
    assert not CheckIn.objects.exists()
    assert PENDING not in client.session


def test_not_signed_in_signs_in_then_is_asked_for_the_location(client, session):
    user, _registration = participant_with_registration(session.event)

    scanned = client.get(code_url(session))
    assert "/accounts/login/" in scanned["Location"]
    client.force_login(user)
    page = client.get(reverse("checkin:self_checkin_continue"))

    assert 'data-testid="self-location"' in page.content.decode()
    sent = client.post(reverse("checkin:self_checkin_continue"), AT_THE_VENUE)
    assert 'data-result="ok"' in client.get(sent["Location"]).content.decode()


def test_the_kiosk_needs_no_location(client, session, organiser):
    user, _registration = participant_with_registration(session.event)
    client.force_login(organiser)

    response = client.post(
        reverse(
            "checkin:self_kiosk_checkin",
            kwargs={"code": session.event.code, "session_id": session.pk},
        ),
        {"email": user.email},
        content_type="application/json",
    )

    assert response.json()["result"] == "ok"


def test_the_organiser_sets_the_venue(client, event, organiser):
    client.force_login(organiser)
    url = reverse("checkin:self_checkin_settings", kwargs={"code": event.code})

    response = client.post(
        url,
        {
            "enabled": "on",
            "rotation_seconds": "10",
            "counts_for_certificate": "on",
            "location_required": "on",
            "venue_latitude": "-6.175392",
            "venue_longitude": "106.827153",
            "venue_radius_m": "250",
        },
    )

    assert response.status_code == 302
    options = event.self_checkin
    assert (options.venue_latitude, options.venue_longitude, options.venue_radius_m) == (
        VENUE[0],
        VENUE[1],
        250,
    )
    assert options.location_required


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"location_required": "on"}, "Isi dulu lintang dan bujur tempat kegiatan."),
        (
            {"venue_latitude": "-6.1"},
            "Isi lintang dan bujur tempat kegiatan, atau kosongkan keduanya.",
        ),
        (
            {"venue_latitude": "95", "venue_longitude": "106"},
            "lebih kecil dari atau sama dengan 90",
        ),
        ({"venue_radius_m": "10"}, "lebih besar dari atau sama dengan 50"),
    ],
)
def test_a_bad_venue_is_explained(client, event, organiser, posted, message):
    client.force_login(organiser)
    url = reverse("checkin:self_checkin_settings", kwargs={"code": event.code})

    response = client.post(
        url, {"enabled": "on", "rotation_seconds": "10", "counts_for_certificate": "on", **posted}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not hasattr(event, "self_checkin") or not event.self_checkin.location_required


def test_the_projector_tells_the_hall_to_share_the_location(client, session, organiser):
    other = factories.open_session(event=session.event)
    SessionSelfCheckIn.objects.create(session=other, location_required=False)
    client.force_login(organiser)

    def projector(of):
        url = reverse(
            "checkin:self_checkin_projector",
            kwargs={"code": of.event.code, "session_id": of.pk},
        )
        return client.get(url).content.decode()

    assert "Izinkan ponsel Anda membagikan lokasinya saat diminta." in projector(session)
    assert 'data-testid="projector-location"' not in projector(other)
