"""Self check-in in a real browser: the projector's code rotates, a
participant on a phone opens the current code and is checked in once, a code
two steps old is refused, someone not signed in signs in by an e-mailed code
and is checked in, and outside the window nobody is."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from checkin.models import CheckIn
from checkin.selfcodes import projector_code
from tests import factories
from tests.checkin.selfcheckin_helpers import allow_self_checkin, participant_with_registration
from tests.e2e.conftest import sign_in

ROTATION = 3  # seconds: the shortest the settings allow, to keep the test short


def projector_url(session) -> str:
    return reverse(
        "checkin:self_checkin_projector",
        kwargs={"code": session.event.code, "session_id": session.pk},
    )


def code_on(projector) -> tuple[int, str]:
    qr = projector.get_by_test_id("projector-qr")
    return int(qr.get_attribute("data-step")), qr.get_attribute("data-code-url")


def next_code(projector, after: int) -> tuple[int, str]:
    expect(projector.get_by_test_id("projector-qr")).not_to_have_attribute(
        "data-step", str(after), timeout=(ROTATION + 3) * 1000
    )
    return code_on(projector)


def shot_of(projector) -> tuple[int, str, bytes]:
    """The code shown and its screenshot, of one and the same step (the code
    may change between reading it and taking the picture: then again)."""
    qr = projector.get_by_test_id("projector-qr")
    for _attempt in range(5):
        step, url = code_on(projector)
        picture = qr.screenshot()
        if code_on(projector)[0] == step:
            break
    return step, url, picture


def scan_current(phone, projector):
    """Open the code the projector shows now. On a loaded machine the trip
    may outlast the 3-second code twice over: then scan again, as a
    participant would (the answer says so), at most three times."""
    answer = phone.get_by_test_id("self-answer")
    for _attempt in range(3):
        phone.goto(code_on(projector)[1])
        expect(answer).to_be_visible()
        if answer.get_attribute("data-result") != "code_expired":
            break
    return answer


@pytest.mark.django_db(transaction=True)
def test_the_projector_code_rotates_and_checks_a_phone_in_once(new_context, live_server):
    event = factories.EventFactory()
    allow_self_checkin(event, rotation_seconds=ROTATION)
    session = factories.open_session(event=event, title="Pembukaan")
    organiser = factories.organiser_user()
    user, registration = participant_with_registration(event)

    screen = new_context(viewport={"width": 1280, "height": 720})
    sign_in(screen, organiser, live_server)
    projector = screen.new_page()
    projector.goto(projector_url(session))
    expect(projector.get_by_test_id("projector-present")).to_have_text("0")
    first_step, first_url, first_shot = shot_of(projector)
    next_code(projector, first_step)
    second_step, second_url, second_shot = shot_of(projector)
    assert second_step > first_step and second_url != first_url
    assert first_shot != second_shot
    current_step, _current_url = next_code(projector, second_step)

    phone_context = new_context(phone=True)
    sign_in(phone_context, user, live_server)
    phone = phone_context.new_page()
    phone.goto(first_url)  # two steps old by now: a photo sent to a friend
    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "code_expired")
    expect(answer).to_contain_text("Kode sudah berganti, pindai lagi dari layar.")
    assert not CheckIn.objects.exists()

    answer = scan_current(phone, projector)
    expect(answer).to_have_attribute("data-result", "ok")
    expect(answer).to_contain_text(registration.participant.display_name)
    expect(answer).to_contain_text("Pembukaan")
    expect(projector.get_by_test_id("projector-present")).to_have_text(
        "1", timeout=(ROTATION + 3) * 1000
    )

    answer = scan_current(phone, projector)
    expect(answer).to_have_attribute("data-result", "already_checked_in")
    expect(answer).to_contain_text("Sudah registrasi ulang")
    checkin = CheckIn.objects.get()
    assert (checkin.registration_id, checkin.method) == (registration.pk, "self")
    assert current_step >= first_step + 2


@pytest.mark.django_db(transaction=True)
def test_not_signed_in_signs_in_by_code_and_is_checked_in(new_context, live_server):
    event = factories.EventFactory()
    allow_self_checkin(event, rotation_seconds=30)
    session = factories.open_session(event=event)
    later = factories.SessionFactory(
        event=event, title="Sesi sore", starts_at=timezone.now() + dt.timedelta(hours=4)
    )
    user, registration = participant_with_registration(event)

    phone = new_context(phone=True).new_page()
    phone.goto(projector_code(session_id=session.pk, rotation_seconds=30).path)
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    phone.get_by_role("link", name=re.compile("kode", re.IGNORECASE)).first.click()
    phone.locator("input[name=email]").fill(user.email)
    phone.locator("input[name=email]").press("Enter")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.outbox[-1].body, re.MULTILINE)
    phone.locator("input[name=code]").fill(code.group(1))
    phone.locator("input[name=code]").press("Enter")

    answer = phone.get_by_test_id("self-answer")
    expect(answer).to_have_attribute("data-result", "ok")
    expect(answer).to_contain_text(registration.participant.display_name)
    assert CheckIn.objects.get().checked_in_by == user

    # The afternoon session's window has not opened: refused, nothing recorded.
    phone.goto(projector_code(session_id=later.pk, rotation_seconds=30).path)
    expect(answer).to_have_attribute("data-result", "outside_window")
    expect(answer).to_contain_text("Registrasi ulang belum dibuka")
    assert CheckIn.objects.count() == 1
