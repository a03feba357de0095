"""The roster a door device keeps for offline scanning:
GET /api/v1/events/<code>/roster/ (checkin.selectors.roster)."""

import datetime as dt
import gzip
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek.models.events import StaffRole
from checkin.models import CheckIn, DoorRosterSync
from checkin.selectors.roster import ROSTER_OVERLAP, roster_version
from checkin.services.attempts import ScanAttempt
from checkin.services.corrections import checkin_undo, checkin_window_override_set
from checkin.services.devices import door_device_create
from checkin.services.offline import checkin_reconcile_offline
from checkin.services.scan import checkin_record
from participants.models import Participant, Registration, RevokedToken
from participants.models.registrations import RegistrationStatus
from participants.services.registrations import registration_cancel, registration_reissue_ticket
from participants.tokens import ROSTER_HASH_LENGTH, roster_salt, roster_token_hash
from tests import factories
from tests.checkin.test_checkins_api import data_queries_at_most

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event, title="Pembukaan")


@pytest.fixture
def steward(event):
    return factories.EventStaffFactory(event=event, user__display_name="Petugas 2").user


@pytest.fixture
def people(event):
    approved = factories.RegistrationFactory.create_batch(3, event=event)
    pending = factories.RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    return approved, pending


def url(event) -> str:
    return reverse("api:event_roster", kwargs={"code": event.code})


def get_roster(client, event, **params):
    response = client.get(url(event), params)
    assert response.status_code == 200, response.content
    return response.json()


def age_everything() -> None:
    """Make every existing change older than ROSTER_OVERLAP (yet young enough
    to undo), so a later roster's changes are only what a test does next."""
    past = timezone.now() - dt.timedelta(minutes=5)
    Registration.objects.update(created_at=past, status_changed_at=past)
    Participant.objects.update(updated_at=past)
    RevokedToken.objects.update(revoked_at=past)
    CheckIn.objects.update(recorded_at=past)


def by_id(roster) -> dict:
    return {row[0]: row for row in roster["registrations"]}


def test_url():
    assert reverse("api:event_roster", kwargs={"code": "bimtek-sc"}) == (
        "/api/v1/events/bimtek-sc/roster/"
    )


def test_roster_holds_hashes_never_tokens(client, steward, event, session, people):
    approved, pending = people
    client.force_login(steward)

    response = client.get(url(event))

    body = response.content.decode()
    roster = response.json()
    assert roster["salt"] == roster_salt(event.pk)
    assert roster["hash_length"] == ROSTER_HASH_LENGTH
    for registration in [*approved, pending]:
        assert registration.token not in body
        assert registration.token.lower() not in body
        row = by_id(roster)[registration.pk]
        assert row[1] == roster_token_hash(roster["salt"], registration.token)
        assert len(row[1]) == ROSTER_HASH_LENGTH
    assert response["Cache-Control"] == "private, no-store"


def test_roster_rows_carry_what_the_door_shows(client, steward, event, session):
    registration = factories.RegistrationFactory(
        event=event,
        participant__full_name="Siti <b>Rahma</b>",
        participant__title_front="Dr.",
        participant__title_back="M.Kom.",
        participant__jabatan="Kepala Seksi",
        participant__institution__name="Bank Riau Kepri Syariah",
        role="narasumber",
    )
    client.force_login(steward)

    roster = get_roster(client, event)

    row = by_id(roster)[registration.pk]
    # No position (jabatan): the offline judge shows name and institution only.
    assert "Kepala Seksi" not in json.dumps(roster)
    institution_id = registration.participant.institution_id
    assert row[2:] == [
        "approved",
        "narasumber",
        "Dr. Siti <b>Rahma</b>, M.Kom.",
        institution_id,
    ]
    assert roster["institutions"][str(institution_id)] == "Bank Riau Kepri Syariah"
    assert roster["event"] == {
        "code": event.code,
        "title": event.title,
        "timezone": "Asia/Jakarta",
        "zone": "WIB",
    }
    assert roster["full"] is True


def test_roster_has_every_status_and_the_revoked_tokens(
    client, steward, event, session, people, organiser
):
    approved, pending = people
    cancelled = factories.RegistrationFactory(event=event)
    registration_cancel(registration=cancelled, actor=organiser)
    old_token = approved[0].token
    registration_reissue_ticket(registration=approved[0], actor=organiser)
    client.force_login(steward)

    roster = get_roster(client, event)

    statuses = {row[0]: row[2] for row in roster["registrations"]}
    assert statuses[pending.pk] == "pending"
    assert statuses[cancelled.pk] == "cancelled"
    approved[0].refresh_from_db()
    assert by_id(roster)[approved[0].pk][1] == roster_token_hash(roster["salt"], approved[0].token)
    assert roster["revoked"] == [[roster_token_hash(roster["salt"], old_token), approved[0].pk]]
    assert old_token not in json.dumps(roster)


def test_roster_has_sessions_with_their_windows(client, steward, event, session, organiser):
    opens = timezone.now().replace(microsecond=0)
    closes = opens + dt.timedelta(hours=3)
    checkin_window_override_set(actor=organiser, session=session, opens_at=opens, closes_at=closes)
    other = factories.SessionFactory(event=event)
    client.force_login(steward)

    roster = get_roster(client, event)

    sessions = {row["id"]: row for row in roster["sessions"]}
    assert set(sessions) == {session.pk, other.pk}
    assert sessions[session.pk]["title"] == "Pembukaan"
    assert dt.datetime.fromisoformat(sessions[session.pk]["opens_at"]) == opens
    assert dt.datetime.fromisoformat(sessions[session.pk]["closes_at"]) == closes
    assert sessions[session.pk]["overridden"] is True
    assert sessions[other.pk]["overridden"] is False
    assert dt.datetime.fromisoformat(sessions[other.pk]["closes_at"]) == other.ends_at


def test_roster_has_the_checkins_known_so_far(client, steward, event, session, people):
    approved, _pending = people
    answer = checkin_record(
        session=session, staff=steward, attempt=ScanAttempt(token=approved[1].token)
    )
    client.force_login(steward)

    roster = get_roster(client, event)

    at_ms = int(answer.checked_in_at.timestamp() * 1000)
    assert roster["checkins"] == [[approved[1].pk, session.pk, at_ms, steward.pk]]
    assert roster["staff"] == {str(steward.pk): "Petugas 2"}
    assert roster["totals"] == {"registrations": 4, "checkins": {str(session.pk): 1}}


def test_roster_of_another_event_stays_out(client, steward, event, session, people):
    other_event_ticket = factories.RegistrationFactory()
    client.force_login(steward)

    roster = get_roster(client, event)

    assert other_event_ticket.pk not in by_id(roster)
    assert len(roster["registrations"]) == 4


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("participant", 403), ("door_staff", 200), ("organiser", 200)],
)
def test_who_may_download_the_roster(client, user_for_role, event, people, role, status):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.get(url(event))

    assert response.status_code == status
    if status != 200:
        assert people[0][0].participant.full_name not in response.content.decode()


def test_door_staff_of_another_event_get_no_roster(client, event, people):
    elsewhere = factories.EventStaffFactory(role=StaffRole.SUPERVISOR).user
    client.force_login(elsewhere)

    response = client.get(url(event))

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_unknown_event_is_not_found(client, steward):
    client.force_login(steward)

    response = client.get(reverse("api:event_roster", kwargs={"code": "no-such-event"}))

    assert response.status_code == 404


def test_device_key_downloads_its_users_roster(client, steward, event, people):
    _device, key = door_device_create(user=steward, name="Pintu utama 1")

    response = client.get(url(event), HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert len(response.json()["registrations"]) == 4


@pytest.mark.parametrize(
    "params", [{"since": "yesterday"}, {"since": "-5"}, {"queued": "x"}, {"device_id": "a b"}]
)
def test_bad_parameters_are_a_400(client, steward, event, params):
    client.force_login(steward)

    response = client.get(url(event), params)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


# --- incremental refresh ------------------------------------------------------


def test_changes_since_a_version_are_only_what_changed(
    client, steward, event, session, people, organiser
):
    approved, pending = people
    client.force_login(steward)
    age_everything()
    version = get_roster(client, event)["version"]

    registration_cancel(registration=approved[0], actor=organiser)
    old_token = approved[1].token
    registration_reissue_ticket(registration=approved[1], actor=organiser)
    newcomer = factories.RegistrationFactory(event=event)
    renamed = pending.participant
    renamed.title_back = "S.T."
    renamed.save()
    other_door = factories.EventStaffFactory(event=event, user__display_name="Petugas 3").user
    checkin_record(session=session, staff=other_door, attempt=ScanAttempt(token=approved[2].token))

    delta = get_roster(client, event, since=version)

    assert delta["full"] is False
    assert delta["version"] > version
    rows = by_id(delta)
    assert set(rows) == {approved[0].pk, approved[1].pk, newcomer.pk, pending.pk}
    assert rows[approved[0].pk][2] == "cancelled"
    approved[1].refresh_from_db()
    assert rows[approved[1].pk][1] == roster_token_hash(delta["salt"], approved[1].token)
    assert rows[pending.pk][4].endswith(", S.T.")
    assert delta["revoked"] == [[roster_token_hash(delta["salt"], old_token), approved[1].pk]]
    assert [row[:2] for row in delta["checkins"]] == [[approved[2].pk, session.pk]]
    assert delta["staff"] == {str(other_door.pk): "Petugas 3"}
    assert delta["totals"] == {"registrations": 5, "checkins": {str(session.pk): 1}}


def test_unchanged_roster_sends_no_rows(client, steward, event, session, people):
    client.force_login(steward)
    age_everything()
    version = get_roster(client, event)["version"]

    delta = get_roster(client, event, since=version)

    assert delta["registrations"] == []
    assert delta["checkins"] == []
    assert delta["revoked"] == []
    assert delta["removed_checkins"] == []
    assert len(delta["sessions"]) == 1  # always sent: windows may change
    assert delta["totals"]["registrations"] == 4


def test_changes_just_before_the_version_are_sent_again(client, steward, event, people):
    # A change stamped a moment before a roster was read may have committed
    # only after it: the next roster repeats the last ROSTER_OVERLAP.
    approved, _pending = people
    client.force_login(steward)
    age_everything()
    version = get_roster(client, event)["version"]
    Registration.objects.filter(pk=approved[0].pk).update(
        status_changed_at=timezone.now() - ROSTER_OVERLAP / 2
    )

    delta = get_roster(client, event, since=version)

    assert set(by_id(delta)) == {approved[0].pk}


def test_undone_checkin_is_sent_as_removed(client, steward, event, session, people):
    approved, _pending = people
    made = checkin_record(
        session=session, staff=steward, attempt=ScanAttempt(token=approved[0].token)
    )
    client.force_login(steward)
    age_everything()
    version = get_roster(client, event)["version"]

    checkin_undo(checkin_id=made.checkin_id, session=session, staff=steward, reason="Keliru")
    delta = get_roster(client, event, since=version)

    assert delta["removed_checkins"] == [[approved[0].pk, session.pk]]
    assert delta["checkins"] == []
    assert delta["totals"]["checkins"] == {}


def test_checkin_moved_earlier_by_an_offline_scan_is_sent_again(
    client, steward, event, session, people
):
    approved, _pending = people
    checkin_record(session=session, staff=steward, attempt=ScanAttempt(token=approved[0].token))
    client.force_login(steward)
    age_everything()
    version = get_roster(client, event)["version"]
    other_door = factories.EventStaffFactory(event=event).user
    earlier = timezone.now() - dt.timedelta(minutes=30)

    checkin_reconcile_offline(
        session=session,
        staff=other_door,
        attempt=ScanAttempt(
            token=approved[0].token, client_id="offline-1", scanned_at=earlier, offline_result="ok"
        ),
    )
    delta = get_roster(client, event, since=version)

    assert delta["checkins"] == [
        [approved[0].pk, session.pk, int(earlier.timestamp() * 1000), other_door.pk]
    ]


@pytest.mark.parametrize("age", [dt.timedelta(hours=13), dt.timedelta(days=-1)])
def test_too_old_or_future_version_gets_the_whole_roster(client, steward, event, people, age):
    client.force_login(steward)

    roster = get_roster(client, event, since=roster_version(timezone.now() - age))

    assert roster["full"] is True
    assert len(roster["registrations"]) == 4


def test_roster_is_compressed_for_clients_that_accept_it(client, steward, event, people):
    client.force_login(steward)

    response = client.get(url(event), HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert len(json.loads(gzip.decompress(response.content))["registrations"]) == 4


# --- which device holds which roster --------------------------------------------


def test_download_is_noted_per_device(client, steward, event, people):
    client.force_login(steward)

    first = get_roster(client, event, device_id="dev-1", device="Pintu 1", queued=0)
    delta = get_roster(
        client, event, device_id="dev-1", device="Pintu 1", queued=7, since=first["version"]
    )

    sync = DoorRosterSync.objects.get()
    assert (sync.event, sync.device_id, sync.device_name, sync.staff) == (
        event,
        "dev-1",
        "Pintu 1",
        steward,
    )
    assert sync.version == delta["version"]
    assert sync.queued == 7
    assert sync.full_synced_at < sync.synced_at


def test_download_without_a_device_id_is_not_noted(client, steward, event, people):
    client.force_login(steward)

    get_roster(client, event)

    assert not DoorRosterSync.objects.exists()


@pytest.mark.parametrize("size", [3, 30])
def test_roster_costs_the_same_queries_whatever_its_size(client, size):
    event = factories.EventFactory()
    session = factories.open_session(event=event)
    steward = factories.EventStaffFactory(event=event).user
    registrations = factories.RegistrationFactory.create_batch(size, event=event)
    for registration in registrations[: size // 2]:
        factories.CheckInFactory(registration=registration, session=session)
    factories.RevokedTokenFactory(registration=registrations[0])
    client.force_login(steward)

    # session, user, event, door right, sessions, registrations, revoked,
    # check-ins, the device's record (update, else insert)
    with data_queries_at_most(10):
        full = get_roster(client, event, device_id="dev-1")
    # ... and for changes: undone check-ins and the two totals; the record is updated
    with data_queries_at_most(12):
        get_roster(client, event, device_id="dev-1", since=full["version"])

    assert len(full["registrations"]) == size
