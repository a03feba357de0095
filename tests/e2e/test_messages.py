"""Done when (issue 17): the organiser filters "approved, OPD, absent in
session 2", previews, sends by e-mail to 300 recipients and watches the
progress reach 300; the outbox holds 300 mails, each in its person's language."""

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from checkin.models import CheckIn
from participants.models import Participant, Registration
from participants.models.registrations import RegistrationStatus
from tests import factories
from tests.e2e.conftest import sign_in

CHOSEN = 300


def _people(event, institution, count, prefix, **registration):
    people = Participant.objects.bulk_create(
        [
            Participant(
                full_name=f"{prefix} {i}",
                institution=institution,
                email=f"{prefix.lower()}{i}@example.org",
                language="en" if i % 4 == 0 else "id",
            )
            for i in range(count)
        ]
    )
    return Registration.objects.bulk_create(
        [Registration(event=event, participant=p, **registration) for p in people]
    )


@pytest.mark.django_db(transaction=True)
def test_organiser_sends_to_approved_opd_absent_in_session_two(new_context, live_server):
    event = factories.EventFactory()
    first = factories.open_session(event=event)
    second = factories.SessionFactory(
        event=event,
        title="Sesi 2",
        starts_at=first.ends_at,
        ends_at=first.ends_at + (first.ends_at - first.starts_at),
    )
    category = factories.category("opd")
    opd = factories.InstitutionFactory(category=category)
    other = factories.InstitutionFactory(category=factories.category("bumd"))
    _people(event, opd, CHOSEN, "Absen", status=RegistrationStatus.APPROVED)
    present = _people(event, opd, 5, "Hadir", status=RegistrationStatus.APPROVED)
    CheckIn.objects.bulk_create(
        [CheckIn(registration=r, session=second, checked_in_at=second.starts_at) for r in present]
    )
    _people(event, opd, 5, "Menunggu", status=RegistrationStatus.PENDING)
    _people(event, other, 5, "Lain", status=RegistrationStatus.APPROVED)
    organiser = factories.organiser_user()
    context = new_context()
    context.set_default_timeout(120_000)  # 300 e-mails sent within the request here
    sign_in(context, organiser, live_server)
    page = context.new_page()

    page.goto(reverse("broadcasts:list", kwargs={"code": event.code}))
    page.get_by_test_id("broadcast-new").click()
    page.get_by_test_id("field-category").select_option(str(category.pk))
    page.get_by_test_id("field-session").select_option(str(second.pk))
    page.get_by_test_id("field-attendance").select_option("absent")
    page.get_by_test_id("field-subject").fill("Info teknis {kegiatan}")
    page.get_by_test_id("field-body").fill("Yth. {nama}, mohon membawa laptop.")
    page.get_by_test_id("compose-preview").click()

    expect(page.get_by_test_id("preview-count")).to_contain_text(str(CHOSEN))
    expect(page.get_by_test_id("preview-body")).to_contain_text("Yth. Absen 0, mohon")
    page.get_by_test_id("field-confirm").check()
    page.get_by_test_id("compose-send").click()

    expect(page.get_by_test_id("count-sent")).to_have_text(str(CHOSEN))
    expect(page.get_by_test_id("progress-bar")).to_have_attribute("value", str(CHOSEN))
    assert len(mail.outbox) == CHOSEN
    assert {m.to[0] for m in mail.outbox} == {f"absen{i}@example.org" for i in range(CHOSEN)}
    english = [m for m in mail.outbox if "Please do not reply" in m.body]
    assert len(english) == CHOSEN // 4
