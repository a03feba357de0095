"""The venue's location check in a real browser: the organiser sets the
venue and an exception for one session; a phone at the venue is checked in
after sharing its location, one down the road and one that refuses the
permission are turned away in Indonesian (the door and the kiosk remain)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from checkin.models import CheckIn, SessionSelfCheckIn
from checkin.selfcodes import projector_code
from tests import factories
from tests.checkin.selfcheckin_helpers import allow_self_checkin, participant_with_registration
from tests.e2e.conftest import sign_in

VENUE = {"latitude": -6.175392, "longitude": 106.827153}
AT_THE_VENUE = {"latitude": -6.175500, "longitude": 106.827300, "accuracy": 20}
DOWN_THE_ROAD = {"latitude": -6.195000, "longitude": 106.823000, "accuracy": 15}


def scan(phone, session) -> None:
    phone.goto(projector_code(session_id=session.pk, rotation_seconds=30).path)


@pytest.mark.django_db(transaction=True)
def test_the_organiser_sets_the_venue_and_a_sessions_exception(new_context, live_server, tmp_path):
    event = factories.EventFactory()
    allow_self_checkin(event, rotation_seconds=30)
    plenary = factories.open_session(event=event, title="Pleno")
    closing = factories.open_session(event=event, title="Penutupan")
    organiser = factories.organiser_user()

    context = new_context(viewport={"width": 1280, "height": 1000})
    sign_in(context, organiser, live_server)
    page = context.new_page()
    page.goto(reverse("checkin:self_checkin_settings", kwargs={"code": event.code}))
    form = page.get_by_test_id("self-checkin-settings")
    form.get_by_label("Lokasi ponsel harus di dekat tempat kegiatan").check()
    form.get_by_role("button", name="Simpan").click()
    expect(form.get_by_text("Isi dulu lintang dan bujur tempat kegiatan.")).to_be_visible()
    form.get_by_label("Lintang tempat kegiatan").fill("-6.175392")
    form.get_by_label("Bujur tempat kegiatan").fill("106.827153")
    form.get_by_label("Radius di sekitar tempat kegiatan (meter)").fill("250")
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success")).to_be_visible()

    row = page.get_by_test_id("self-checkin-session").filter(has_text="Penutupan")
    row.locator("summary").click()
    row.get_by_label("Registrasi ulang mandiri dihitung untuk sertifikat").select_option("off")
    row.get_by_label("Lokasi ponsel harus di dekat tempat kegiatan").select_option("off")
    row.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Registrasi ulang mandiri untuk “Penutupan” disimpan.")).to_be_visible()
    closing_rules = page.get_by_test_id("self-checkin-session").filter(has_text="Penutupan")
    expect(closing_rules).to_contain_text("Tidak dihitung untuk sertifikat")
    expect(closing_rules).not_to_contain_text("Lokasi diperiksa")
    plenary_rules = page.get_by_test_id("self-checkin-session").filter(has_text="Pleno")
    expect(plenary_rules).to_contain_text("Lokasi diperiksa")
    page.screenshot(path=tmp_path / "settings.png", full_page=True)

    options = event.self_checkin
    options.refresh_from_db()
    assert options.location_required and options.venue_radius_m == 250
    assert options.venue_latitude == Decimal("-6.175392")
    own = SessionSelfCheckIn.objects.get(session=closing)
    assert (own.enabled, own.counts_for_certificate, own.location_required) == (None, False, False)
    assert not SessionSelfCheckIn.objects.filter(session=plenary).exists()


@pytest.mark.django_db(transaction=True)
def test_a_phone_at_the_venue_is_checked_in_and_one_away_is_not(new_context, live_server, tmp_path):
    event = factories.EventFactory()
    allow_self_checkin(
        event,
        rotation_seconds=30,
        location_required=True,
        venue_latitude=Decimal("-6.175392"),
        venue_longitude=Decimal("106.827153"),
        venue_radius_m=300,
    )
    session = factories.open_session(event=event, title="Pleno")
    at_venue_user, at_venue = participant_with_registration(event)
    away_user, _away = participant_with_registration(event)
    denied_user, _denied = participant_with_registration(event)

    # At the venue, the permission granted: the location page sends it by itself.
    context = new_context(phone=True, geolocation=AT_THE_VENUE, permissions=["geolocation"])
    sign_in(context, at_venue_user, live_server)
    phone = context.new_page()
    scan(phone, session)
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "ok", timeout=20_000)
    expect(answer).to_contain_text(at_venue.participant.display_name)

    # Down the road (about 2 km away).
    context = new_context(phone=True, geolocation=DOWN_THE_ROAD, permissions=["geolocation"])
    sign_in(context, away_user, live_server)
    phone = context.new_page()
    scan(phone, session)
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "location_far", timeout=20_000)
    expect(answer).to_contain_text("Tidak di tempat kegiatan")
    expect(answer).to_contain_text("registrasi ulang di pintu atau kiosk")
    phone.screenshot(path=tmp_path / "far.png")

    # The permission not given (a headless browser refuses the prompt).
    context = new_context(phone=True)
    sign_in(context, denied_user, live_server)
    phone = context.new_page()
    scan(phone, session)
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "location_missing", timeout=20_000)
    expect(answer).to_contain_text("Lokasi diperlukan")
    expect(answer).to_contain_text("Izinkan situs ini membaca lokasi")
    phone.screenshot(path=tmp_path / "missing.png")

    assert list(CheckIn.objects.values_list("registration_id", "method")) == [(at_venue.pk, "self")]


@pytest.mark.django_db(transaction=True)
def test_the_location_page_explains_itself(new_context, live_server, tmp_path):
    event = factories.EventFactory()
    allow_self_checkin(
        event,
        rotation_seconds=30,
        location_required=True,
        venue_latitude=Decimal("-6.175392"),
        venue_longitude=Decimal("106.827153"),
    )
    session = factories.open_session(event=event, title="Pleno")
    user, _registration = participant_with_registration(event)
    context = new_context(phone=True)
    sign_in(context, user, live_server)
    phone = context.new_page()
    # Hold the location's answer so the page can be seen while it asks.
    phone.add_init_script("navigator.geolocation.getCurrentPosition = () => {};")

    scan(phone, session)

    page = phone.get_by_test_id("self-location")
    expect(page).to_contain_text("hanya dapat dilakukan di tempat kegiatan")
    expect(page).to_contain_text("tidak disimpan")
    phone.screenshot(path=tmp_path / "asking.png")
    assert not CheckIn.objects.exists()


# The phone's first reading times out (indoors, no fix yet), the second works.
FIRST_READING_TIMES_OUT = """
(() => {
  const geolocation = navigator.geolocation;
  const real = geolocation.getCurrentPosition.bind(geolocation);
  let calls = 0;
  geolocation.getCurrentPosition = (success, failure, options) => {
    calls += 1;
    if (calls === 1) {
      setTimeout(() => failure({code: 3, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2,
                                TIMEOUT: 3, message: "Timeout expired"}), 50);
      return;
    }
    real(success, failure, options);
  };
})();
"""


@pytest.mark.django_db(transaction=True)
def test_a_timed_out_or_far_reading_can_be_sent_again(new_context, live_server, tmp_path):
    event = factories.EventFactory()
    allow_self_checkin(
        event,
        rotation_seconds=30,
        location_required=True,
        venue_latitude=Decimal("-6.175392"),
        venue_longitude=Decimal("106.827153"),
        venue_radius_m=300,
    )
    session = factories.open_session(event=event, title="Pleno")
    indoors_user, indoors = participant_with_registration(event)
    walking_user, walking = participant_with_registration(event)

    # Timed out: the page says so and waits; "Kirim lokasi saya" reads again.
    context = new_context(phone=True, geolocation=AT_THE_VENUE, permissions=["geolocation"])
    sign_in(context, indoors_user, live_server)
    phone = context.new_page()
    phone.add_init_script(FIRST_READING_TIMES_OUT)
    scan(phone, session)
    status = phone.get_by_test_id("self-location-status")
    expect(status).to_contain_text("terlalu lama mencari lokasinya", timeout=20_000)
    button = phone.get_by_test_id("self-location-send")
    expect(button).to_be_enabled()
    phone.screenshot(path=tmp_path / "timed-out.png")
    assert not CheckIn.objects.exists()
    button.click()
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "ok", timeout=20_000)
    expect(answer).to_contain_text(indoors.participant.display_name)

    # Still down the road, then at the venue: the same scanned code is enough.
    context = new_context(phone=True, geolocation=DOWN_THE_ROAD, permissions=["geolocation"])
    sign_in(context, walking_user, live_server)
    phone = context.new_page()
    scan(phone, session)
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "location_far", timeout=20_000)
    phone.screenshot(path=tmp_path / "far-retry.png")
    context.set_geolocation(AT_THE_VENUE)
    phone.get_by_test_id("self-answer-retry").click()
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "ok", timeout=20_000)
    expect(answer).to_contain_text(walking.participant.display_name)

    checked_in = set(CheckIn.objects.values_list("registration_id", flat=True))
    assert checked_in == {indoors.pk, walking.pk}
    assert CheckIn.objects.count() == 2
