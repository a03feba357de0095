"""The participant's side of self check-in: the phone opens the projector's
code, signs in if needed, and sees the door's answer full screen."""

import inspect
import re
import time

import pytest
from django.urls import reverse

from checkin.errors import CheckInError
from checkin.models import CheckIn
from checkin.services import attempts, scan
from checkin.services import selfcheckin as selfcheckin_services
from checkin.views.selfcheckin import PENDING
from tests import factories
from tests.checkin.selfcheckin_helpers import (
    allow_self_checkin,
    code_url,
    participant_with_registration,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    allow_self_checkin(event)
    return factories.open_session(event=event, title="Pembukaan")


def answer_of(client, response):
    assert response.status_code == 302
    assert response["Location"] == reverse("checkin:self_checkin_answer")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_a_signed_in_participant_is_checked_in_by_the_current_code(client, session):
    user, registration = participant_with_registration(session.event)
    client.force_login(user)

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="ok"' in page
    assert registration.participant.display_name in page
    assert CheckIn.objects.get().method == "self"


def test_a_second_scan_says_already_checked_in(client, session):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)
    client.get(code_url(session))

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="already_checked_in"' in page
    assert CheckIn.objects.count() == 1


def test_the_previous_code_still_works_but_not_the_one_before(client, session):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    old = answer_of(client, client.get(code_url(session, steps_ago=2)))
    assert 'data-result="code_expired"' in old
    assert "Kode sudah berganti, pindai lagi dari layar." in old
    assert not CheckIn.objects.exists()

    previous = answer_of(client, client.get(code_url(session, steps_ago=1)))
    assert 'data-result="ok"' in previous


def test_a_forged_code_is_refused(client, session):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)
    url = reverse(
        "checkin:self_checkin",
        kwargs={"session_id": session.pk, "step": 1, "mac": "0123456789abcdef"},
    )

    assert 'data-result="code_invalid"' in answer_of(client, client.get(url))
    missing = url.replace(f"/c/{session.pk}/", "/c/999999/")
    assert 'data-result="code_invalid"' in answer_of(client, client.get(missing))


def test_not_registered_is_said_plainly(client, session):
    client.force_login(factories.participant_user())

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="invalid"' in page
    assert "Anda tidak terdaftar pada kegiatan ini." in page


def test_refused_when_the_event_does_not_allow_self_checkin(client, event):
    session = factories.open_session(event=event)
    user, _registration = participant_with_registration(event)
    client.force_login(user)

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="disabled"' in page
    assert not CheckIn.objects.exists()


def test_not_signed_in_signs_in_then_is_checked_in(client, session):
    user, _registration = participant_with_registration(session.event)

    response = client.get(code_url(session))
    assert response.status_code == 302
    continue_url = reverse("checkin:self_checkin_continue")
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" + continue_url.replace("/", "%2F") in response["Location"]

    client.force_login(user)
    page = answer_of(client, client.get(continue_url))

    assert 'data-result="ok"' in page
    assert CheckIn.objects.get().checked_in_by == user


def test_signing_in_too_slowly_asks_for_a_new_scan(client, session):
    user, _registration = participant_with_registration(session.event)
    client.get(code_url(session))
    client.force_login(user)
    stored = client.session
    stored[PENDING] = {"session": session.pk, "until": time.time() - 1}
    stored.save()

    page = answer_of(client, client.get(reverse("checkin:self_checkin_continue")))

    assert 'data-result="sign_in_expired"' in page
    assert not CheckIn.objects.exists()


def test_continue_without_a_scan_checks_nobody_in(client, session):
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    page = answer_of(client, client.get(reverse("checkin:self_checkin_continue")))

    assert 'data-result="sign_in_expired"' in page


def test_attempts_are_limited_per_account(client, session, settings):
    settings.SELF_CHECKIN_RATE_ACCOUNT = 2
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)
    client.get(code_url(session))
    client.get(code_url(session))

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="rate_limited"' in page


def test_attempts_are_limited_per_address(client, session, settings):
    settings.SELF_CHECKIN_RATE_ADDRESS = 1
    client.get(code_url(session))

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="rate_limited"' in page


def test_the_answer_page_without_an_answer_goes_home(client):
    response = client.get(reverse("checkin:self_checkin_answer"))
    assert response.status_code == 302


# --- every refusal of the service has an answer -------------------------------


def _codes_raised(*modules) -> set[str]:
    """The CheckInError codes the self check-in's services can raise: read
    from their source, so a code added later without an answer fails here."""
    codes = set()
    for module in modules:
        source = inspect.getsource(module)
        codes |= set(re.findall(r'code="(\w+)"', source))
    return codes


SERVICE_CODES = sorted(_codes_raised(attempts, scan, selfcheckin_services))


def test_the_service_codes_are_found():
    assert {"conflict", "location_missing", "location_far"} <= set(SERVICE_CODES)


@pytest.mark.parametrize("code", SERVICE_CODES)
def test_every_code_of_the_service_gets_a_full_screen_answer(client, session, monkeypatch, code):
    def refuse(**kwargs):
        raise CheckInError("refused", code=code)

    monkeypatch.setattr("checkin.views.selfcheckin.checkin_self", refuse)
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-testid="self-answer-headline"' in page
    assert 'data-result="' in page


@pytest.mark.parametrize("code", SERVICE_CODES)
def test_every_code_of_the_service_gets_a_kiosk_answer(client, session, monkeypatch, code):
    def refuse(**kwargs):
        raise CheckInError("refused", code=code)

    monkeypatch.setattr("checkin.views.kiosk.checkin_kiosk", refuse)
    organiser = factories.organiser_user()
    client.force_login(organiser)

    response = client.post(
        reverse(
            "checkin:self_kiosk_checkin",
            kwargs={"code": session.event.code, "session_id": session.pk},
        ),
        {"token": "abc"},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["headline"]


def _record_conflict(**kwargs):
    raise CheckInError("The check-in could not be recorded; scan again.", code="conflict")


def test_a_conflict_when_the_whole_room_scans_asks_to_try_again(client, session, monkeypatch):
    monkeypatch.setattr("checkin.services.selfcheckin.checkin_record", _record_conflict)
    user, _registration = participant_with_registration(session.event)
    client.force_login(user)

    page = answer_of(client, client.get(code_url(session)))

    assert 'data-result="try_again"' in page
    assert "Belum tercatat" in page
    assert "coba lagi" in page
    assert not CheckIn.objects.exists()
    assert PENDING not in client.session


def test_a_conflict_at_the_kiosk_asks_to_try_again(client, session, monkeypatch):
    monkeypatch.setattr("checkin.services.selfcheckin.checkin_record", _record_conflict)
    user, _registration = participant_with_registration(session.event)
    client.force_login(factories.organiser_user())

    response = client.post(
        reverse(
            "checkin:self_kiosk_checkin",
            kwargs={"code": session.event.code, "session_id": session.pk},
        ),
        {"email": user.email},
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["result"] == "try_again"
    assert response.json()["tone"] == "error"
    assert "coba lagi" in response.json()["detail"]
