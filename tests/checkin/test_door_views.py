"""The door pages: the entry (/door/), the scanner, device keys."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from bimtek.models.events import StaffRole
from checkin.models import DoorDevice
from checkin.models.devices import hash_device_key
from tests import factories

pytestmark = pytest.mark.django_db


def scanner_url(session):
    return reverse(
        "checkin:door_scanner",
        kwargs={"code": session.event.code, "session_id": session.pk},
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 200), ("organiser", 200)],
)
def test_who_may_open_the_scanner(client, user_for_role, event, role, status):
    session = factories.open_session(event=event)
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.get(scanner_url(session))

    assert response.status_code == status


def test_door_staff_of_another_event_may_not_open_its_scanner(client, event):
    session = factories.open_session(event=event)
    client.force_login(factories.EventStaffFactory().user)

    assert client.get(scanner_url(session)).status_code == 403


def test_session_of_another_event_is_404(client, door_staff, event):
    other = factories.open_session()
    client.force_login(door_staff)

    url = reverse("checkin:door_scanner", kwargs={"code": event.code, "session_id": other.pk})

    assert client.get(url).status_code == 404


def test_scanner_page_gives_its_script_the_api_and_no_inline_code(client, door_staff, event):
    session = factories.open_session(event=event, title='Sesi <script>alert("x")</script>')
    client.force_login(door_staff)

    response = client.get(scanner_url(session))

    html = response.content.decode()
    config = json.loads(html.split('id="scanner-config" type="application/json">')[1].split("<")[0])
    assert config["session"] == session.pk
    assert config["api"]["checkin"] == "/api/v1/checkins/"
    assert config["supervisor"] is False
    assert "/static/vendor/zxing-wasm/zxing_reader.wasm" in html
    assert "data-search" not in html  # a steward only scans
    assert "<script>alert" not in html
    assert "style=" not in html


def test_supervisor_sees_the_search(client, event):
    session = factories.open_session(event=event)
    supervisor = factories.EventStaffFactory(event=event, role=StaffRole.SUPERVISOR).user
    client.force_login(supervisor)

    response = client.get(scanner_url(session))

    assert "data-search" in response.content.decode()


def test_door_event_opens_the_session_running_now(client, door_staff, event):
    factories.SessionFactory(
        event=event,
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1, hours=1),
    )
    now_session = factories.open_session(event=event)
    client.force_login(door_staff)

    response = client.get(reverse("checkin:door_event", kwargs={"code": event.code}))

    assert response.status_code == 302
    assert response.url == scanner_url(now_session)


def test_door_home_offers_the_session_to_scan_now(client, door_staff, event):
    later = factories.SessionFactory(event=event, title="Penutupan")
    running = factories.open_session(event=event, title="Pembukaan")
    client.force_login(door_staff)

    response = client.get(reverse("checkin:door_home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert scanner_url(running) in html.split('data-testid="scan-now"')[1].split("</a>")[0]
    assert scanner_url(later) in html


@pytest.mark.parametrize("size", [1, 4])
def test_door_home_queries_do_not_grow_with_events(client, size, django_assert_num_queries):
    staff = factories.UserFactory()
    for _ in range(size):
        event = factories.EventFactory()
        factories.EventStaffFactory(event=event, user=staff)
        factories.SessionFactory.create_batch(3, event=event)
    client.force_login(staff)

    # session, user, the permission facts (groups, model permissions, the
    # HR viewer and door assignment rows in one statement:
    # accounts.permission_facts), events, sessions with overrides
    with django_assert_num_queries(5):
        response = client.get(reverse("checkin:door_home"))

    assert response.status_code == 200


def test_device_key_is_shown_once_and_stored_hashed(client, door_staff):
    client.force_login(door_staff)

    response = client.post(reverse("checkin:door_devices"), {"name": " Pintu  utama 1 "})

    device = DoorDevice.objects.get()
    key = response.context["new_key"]
    assert device.name == "Pintu utama 1"
    assert device.key_hash == hash_device_key(key)
    assert key not in device.key_hash
    assert key in response.content.decode()
    assert key not in client.get(reverse("checkin:door_devices")).content.decode()


def test_device_name_is_required(client, door_staff):
    client.force_login(door_staff)

    response = client.post(reverse("checkin:door_devices"), {"name": "   "})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert "is-invalid" in response.text
    assert not DoorDevice.objects.exists()


def test_only_the_owner_may_revoke_a_device(client, door_staff):
    from checkin.services.devices import door_device_create

    device, _key = door_device_create(user=door_staff, name="Pintu 1")
    client.force_login(factories.EventStaffFactory().user)

    response = client.post(reverse("checkin:door_device_revoke", kwargs={"pk": device.pk}))

    assert response.status_code == 404
    device.refresh_from_db()
    assert device.is_active


def test_owner_revokes_a_device(client, door_staff):
    from checkin.services.devices import door_device_create

    device, _key = door_device_create(user=door_staff, name="Pintu 1")
    client.force_login(door_staff)

    client.post(reverse("checkin:door_device_revoke", kwargs={"pk": device.pk}))

    device.refresh_from_db()
    assert not device.is_active


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 200), ("organiser", 200)],
)
def test_who_may_manage_device_keys(client, user_for_role, role, status):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    assert client.get(reverse("checkin:door_devices")).status_code == status


@pytest.mark.parametrize(
    ("start_offset", "state", "badge"),
    [
        (dt.timedelta(days=3), "later", "Registrasi ulang belum dibuka"),
        (dt.timedelta(minutes=-10), "open", "Registrasi ulang dibuka"),
        (dt.timedelta(days=-3), "closed", "Registrasi ulang ditutup"),
    ],
)
def test_scanner_badge_tells_not_yet_open_from_closed(
    client, door_staff, event, start_offset, state, badge
):
    starts = timezone.now() + start_offset
    session = factories.SessionFactory(
        event=event, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    client.force_login(door_staff)

    html = client.get(scanner_url(session)).text

    tag = html[
        html.index("data-window-badge") : html.index("</span>", html.index("data-window-badge"))
    ]
    assert f'data-state="{state}"' in tag
    assert tag.rstrip().endswith(badge)
