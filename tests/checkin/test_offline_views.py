"""What organisers see of offline scanning on the Presensi tab: which
scanners are out of date, and the conflicts offline scans ran into."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from checkin.models import CheckInConflict, DoorRosterSync
from checkin.services.attempts import ScanAttempt
from checkin.services.offline import checkin_reconcile_offline
from checkin.services.roster import door_roster_sync_record
from checkin.services.scan import checkin_record
from participants.models import Registration
from participants.services.registrations import registration_cancel, registration_reissue_ticket
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event, title="Kebijakan Smart City")


@pytest.fixture
def doors(event):
    return (
        factories.EventStaffFactory(event=event, user__display_name="Petugas Pintu A").user,
        factories.EventStaffFactory(event=event, user__display_name="Petugas Pintu B").user,
    )


def url(name, event, **kwargs):
    return reverse(f"checkin:{name}", kwargs={"code": event.code, **kwargs})


def make_conflicts(event, session, doors, *, count: int = 1) -> list[CheckInConflict]:
    door_a, door_b = doors
    for n in range(count):
        registration = factories.RegistrationFactory(
            event=event, participant__full_name=f"Peserta <i>{n}</i>"
        )
        checkin_record(
            session=session,
            staff=door_b,
            attempt=ScanAttempt(token=registration.token, device="Pintu B"),
        )
        checkin_reconcile_offline(
            session=session,
            staff=door_a,
            attempt=ScanAttempt(
                token=registration.token,
                device="Pintu A",
                client_id=f"offline-{n}",
                scanned_at=timezone.now() - dt.timedelta(minutes=20),
                offline_result="ok",
            ),
        )
    return list(CheckInConflict.objects.order_by("pk"))


def sync(event, staff, device_id: str, *, at: dt.datetime, queued: int = 0) -> None:
    door_roster_sync_record(
        event=event,
        staff=staff,
        device_id=device_id,
        device_name=f"Perangkat {device_id}",
        version=int(at.timestamp() * 1_000_000),
        synced_at=at,
        full=True,
        queued=queued,
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
def test_only_organisers_see_the_conflicts(client, user_for_role, event, role, status):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    assert client.get(url("attendance_conflicts", event)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 302)],
)
def test_only_organisers_review_a_conflict(
    client, user_for_role, event, session, doors, role, status
):
    conflict = make_conflicts(event, session, doors)[0]
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.post(url("attendance_conflict_review", event, pk=conflict.pk))

    assert response.status_code == status
    conflict.refresh_from_db()
    assert (conflict.reviewed_at is not None) == (role == "organiser")


def test_conflict_page_shows_both_admissions_and_which_counts(
    client, organiser, event, session, doors
):
    make_conflicts(event, session, doors)
    client.force_login(organiser)

    response = client.get(url("attendance_conflicts", event))

    page = response.content.decode()
    assert "Peserta &lt;i&gt;0&lt;/i&gt;" in page
    assert "Diterima di dua pintu" in page
    assert "Pintu A" in page
    assert "Petugas Pintu A" in page
    assert "Pintu B" in page
    assert "Petugas Pintu B" in page
    assert "pindaian offline pukul" in page  # the earlier, offline scan is the one recorded
    assert 'data-testid="open-conflicts">1<' in page


def test_conflict_times_show_seconds(client, organiser, event, session, doors):
    make_conflicts(event, session, doors)
    conflict = CheckInConflict.objects.get()
    conflict.scanned_at = conflict.scanned_at.replace(second=27)
    conflict.other_at = conflict.other_at.replace(second=41)
    conflict.save()
    client.force_login(organiser)

    page = client.get(url("attendance_conflicts", event)).content.decode()

    scanned = timezone.localtime(conflict.scanned_at, event.tzinfo)
    other = timezone.localtime(conflict.other_at, event.tzinfo)
    assert f"{scanned:%H.%M}.27" in page
    assert f"{other:%H.%M}.41" in page


def test_refused_offline_admission_is_listed_with_the_servers_answer(
    client, organiser, event, session, doors
):
    registration = factories.RegistrationFactory(event=event, participant__full_name="Rina")
    registration_cancel(registration=registration, actor=organiser)
    checkin_reconcile_offline(
        session=session,
        staff=doors[0],
        attempt=ScanAttempt(token=registration.token, client_id="offline-1", offline_result="ok"),
    )
    client.force_login(organiser)

    response = client.get(url("attendance_conflicts", event))

    assert response.context["page"][0].kind == "refused_later"
    page = response.content.decode()
    assert "Rina" in page
    assert "tidak dicatat hadir" in page


def test_reviewed_conflict_stays_listed_after_the_open_ones(
    client, organiser, event, session, doors
):
    first, second = make_conflicts(event, session, doors, count=2)
    client.force_login(organiser)

    response = client.post(url("attendance_conflict_review", event, pk=second.pk), follow=True)

    assert list(response.context["page"]) == [first, second]
    assert response.context["open_conflicts"] == 1
    second.refresh_from_db()
    assert second.reviewed_by == organiser


def test_conflict_of_another_event_cannot_be_reviewed_here(client, organiser, event, doors):
    elsewhere = factories.EventFactory()
    other_session = factories.open_session(event=elsewhere)
    conflict = make_conflicts(
        elsewhere,
        other_session,
        (
            factories.EventStaffFactory(event=elsewhere).user,
            factories.EventStaffFactory(event=elsewhere).user,
        ),
    )[0]
    client.force_login(organiser)

    response = client.post(url("attendance_conflict_review", event, pk=conflict.pk))

    assert response.status_code == 404


def test_overview_warns_of_open_conflicts(client, organiser, event, session, doors):
    make_conflicts(event, session, doors, count=2)
    client.force_login(organiser)

    response = client.get(url("attendance", event))

    assert response.context["open_conflicts"] == 2
    assert 'data-testid="conflict-alert"' in response.content.decode()


def test_overview_shows_which_scanners_are_out_of_date(client, organiser, event, session, doors):
    door_a, door_b = doors
    now = timezone.now()
    cancelled, reissued = factories.RegistrationFactory.create_batch(2, event=event)
    Registration.objects.update(status_changed_at=now - dt.timedelta(minutes=9))
    sync(event, door_a, "old", at=now - dt.timedelta(minutes=8), queued=4)
    registration_cancel(registration=cancelled, actor=organiser)
    registration_reissue_ticket(registration=reissued, actor=organiser)
    sync(event, door_b, "fresh", at=timezone.now())
    sync(event, door_b, "gone", at=now - dt.timedelta(hours=1))
    client.force_login(organiser)

    response = client.get(url("attendance", event))

    rows = {row["sync"].device_id: row for row in response.context["roster_devices"]}
    assert rows["fresh"]["state"] == "current"
    assert rows["old"]["state"] == "behind"
    assert rows["old"]["sync"].changes_behind == 2
    assert rows["gone"]["state"] == "silent"
    page = response.content.decode()
    assert "2 perubahan belum ada di perangkat ini" in page
    assert "Perangkat old" in page
    assert 'data-device-state="silent"' in page


def test_scan_log_marks_scans_judged_offline(client, organiser, event, session, doors):
    registration = factories.RegistrationFactory(event=event)
    checkin_reconcile_offline(
        session=session,
        staff=doors[0],
        attempt=ScanAttempt(token=registration.token, client_id="offline-1", offline_result="ok"),
    )
    client.force_login(organiser)

    response = client.get(url("attendance_log", event))

    assert "bi-wifi-off" in response.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_offline_pages_cost_the_same_queries_at_any_size(
    client, organiser, event, session, doors, size, django_assert_max_num_queries
):
    conflicts = make_conflicts(event, session, doors, count=size)
    for n in range(size):
        sync(event, doors[n % 2], f"dev-{n}", at=timezone.now() - dt.timedelta(minutes=n))
    client.force_login(organiser)

    # 10: one of them reads the organiser's teams (bimtek.permissions.team_ids).
    with django_assert_max_num_queries(10):
        assert client.get(url("attendance_conflicts", event)).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(url("attendance", event)).status_code == 200
    assert DoorRosterSync.objects.count() == size
    assert len(conflicts) == size


@pytest.mark.parametrize("model", ["checkinconflict", "doorrostersync", "scanlog"])
def test_admin_lists_offline_records(client, event, session, doors, model):
    make_conflicts(event, session, doors)
    sync(event, doors[0], "dev-1", at=timezone.now())
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse(f"admin:checkin_{model}_changelist"))

    assert response.status_code == 200
    assert "Pintu A" in response.content.decode() or model == "doorrostersync"
