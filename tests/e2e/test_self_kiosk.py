"""The self-service kiosk in a real browser: a door supervisor opens it on a
tablet and locks it; participants then check themselves in one after the
other, by their registration's e-mail address or their ticket's code typed
by a scanner, and each sees only their own answer."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from bimtek.models.events import StaffRole
from checkin.models import CheckIn
from tests import factories
from tests.checkin.selfcheckin_helpers import allow_self_checkin, participant_with_registration
from tests.e2e.conftest import sign_in

TABLET = {"viewport": {"width": 800, "height": 1280}, "has_touch": True}


def kiosk_url(session) -> str:
    return reverse(
        "checkin:self_kiosk", kwargs={"code": session.event.code, "session_id": session.pk}
    )


def type_in(kiosk, text: str) -> None:
    entry = kiosk.get_by_test_id("kiosk-entry")
    entry.fill(text)
    entry.press("Enter")


def answer_is(kiosk, result: str):
    answer = kiosk.get_by_test_id("scan-answer")
    expect(answer).to_have_attribute("data-result", result, timeout=15_000)
    expect(answer).to_be_visible()
    return answer


def close(kiosk) -> None:
    kiosk.get_by_test_id("scan-answer").click()
    expect(kiosk.get_by_test_id("scan-answer")).to_be_hidden()
    # Nothing the last person typed is left for the next one.
    expect(kiosk.get_by_test_id("kiosk-entry")).to_have_value("")


@pytest.mark.django_db(transaction=True)
def test_participants_check_themselves_in_at_the_kiosk_one_after_another(
    new_context, live_server, tmp_path
):
    event = factories.EventFactory()
    allow_self_checkin(event)
    session = factories.open_session(event=event, title="Pleno pagi")
    supervisor = factories.EventStaffFactory(
        event=event, role=StaffRole.SUPERVISOR, user__display_name="Pengawas Pintu"
    ).user
    by_email = participant_with_registration(event)[1]
    by_ticket = participant_with_registration(event)[1]
    ani, budi = by_email.participant.display_name, by_ticket.participant.display_name
    elsewhere = participant_with_registration(factories.EventFactory())[1]

    # "ani@" below is answered 400 on purpose: the server explains the address.
    tablet = new_context(expected_errors=(r"status of 400",), **TABLET)
    sign_in(tablet, supervisor, live_server)
    kiosk = tablet.new_page()
    kiosk.goto(kiosk_url(session))
    kiosk.get_by_label("PIN keluar (4 sampai 8 angka)").fill("2468")
    kiosk.get_by_test_id("kiosk-start").click()
    expect(kiosk.get_by_test_id("self-kiosk")).to_have_attribute("data-kiosk", "true")
    expect(kiosk.locator("nav.navbar")).to_be_hidden()
    expect(kiosk.get_by_test_id("scanner-session")).to_have_text("Pleno pagi")

    # Ani types her e-mail address: green, and no name (whoever typed it may
    # not own it).
    type_in(kiosk, by_email.participant.email.upper())
    answer = answer_is(kiosk, "ok")
    expect(answer).not_to_contain_text(ani)
    kiosk.screenshot(path=tmp_path / "kiosk-ok.png")
    close(kiosk)

    # Budi's ticket code, typed by a USB scanner into the same field.
    type_in(kiosk, by_ticket.token)
    answer = answer_is(kiosk, "ok")
    expect(answer).to_contain_text(budi)
    close(kiosk)

    # Ani again: already checked in, still no name (and not the door staff's).
    type_in(kiosk, by_email.participant.email)
    answer = answer_is(kiosk, "already_checked_in")
    expect(answer).not_to_contain_text(ani)
    expect(answer).not_to_contain_text("Pengawas Pintu")
    close(kiosk)

    # Someone registered at another event, and an address nobody registered.
    for unknown in (elsewhere.participant.email, "tidak.ada@example.org"):
        type_in(kiosk, unknown)
        answer = answer_is(kiosk, "invalid")
        expect(answer).to_contain_text("Tidak ditemukan")
        expect(answer).not_to_contain_text(elsewhere.participant.display_name)
        close(kiosk)

    # Not an address: the server's reason under the field, nobody checked in.
    type_in(kiosk, "ani@")
    expect(kiosk.locator("[data-entry-problem]")).to_have_text(
        "Masukkan alamat email dengan format yang benar."
    )
    kiosk.screenshot(path=tmp_path / "kiosk-problem.png")

    # Still locked after all of them; the checked-in list is the server's.
    expect(kiosk.get_by_test_id("self-kiosk")).to_have_attribute("data-kiosk", "true")
    rows = CheckIn.objects.filter(session=session).order_by("checked_in_at")
    assert [(c.registration_id, c.method) for c in rows] == [
        (by_email.pk, "self"),
        (by_ticket.pk, "self"),
    ]
    assert all(c.checked_in_by == supervisor for c in rows)
