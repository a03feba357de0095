"""Issue 17: the organiser saves a template in the Messages tab and composes
from it; a recipient follows the unsubscribe link of the mail they got,
confirms on a page in Indonesian, and the next announcement skips them."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from tests import factories
from tests.e2e.conftest import sign_in

SHOTS = "/tmp/msgs"


@pytest.mark.django_db(transaction=True)
def test_compose_from_a_template_then_unsubscribe_from_the_mail(new_context, live_server):
    event = factories.EventFactory()
    ani = factories.RegistrationFactory(
        event=event, status=RegistrationStatus.APPROVED, participant__full_name="Ani"
    )
    factories.RegistrationFactory(
        event=event, status=RegistrationStatus.APPROVED, participant__full_name="Budi"
    )
    organiser = factories.organiser_user()
    context = new_context()
    context.set_default_timeout(60_000)
    sign_in(context, organiser, live_server)
    page = context.new_page()

    # The Messages tab: save "Info teknis" as a template.
    page.goto(reverse("broadcasts:list", kwargs={"code": event.code}))
    page.get_by_test_id("template-new").click()
    page.get_by_test_id("field-name").fill("Info teknis")
    page.get_by_test_id("field-subject").fill("Info teknis {kegiatan}")
    page.get_by_test_id("field-body").fill("Yth. {nama}, mohon membawa laptop.")
    page.get_by_test_id("template-save").click()
    expect(page.get_by_test_id("template-row")).to_contain_text("Info teknis")

    # Compose from it: the text is filled in, previewed, sent.
    page.get_by_test_id("broadcast-new").click()
    page.get_by_test_id("field-template").select_option(label="Info teknis")
    page.get_by_test_id("template-apply").click()
    expect(page.get_by_test_id("field-body")).to_have_value("Yth. {nama}, mohon membawa laptop.")
    expect(page.get_by_test_id("field-kind-announcement")).to_be_checked()
    page.get_by_test_id("compose-preview").click()
    expect(page.get_by_test_id("preview-count")).to_contain_text("2")
    page.screenshot(path=f"{SHOTS}/compose-template.png", full_page=True)
    page.get_by_test_id("compose-send").click()
    expect(page.get_by_test_id("count-sent")).to_have_text("2")

    # Ani's mail carries the one-click link; she follows it.
    (to_ani,) = [m for m in mail.outbox if m.to == [ani.participant.email]]
    link = to_ani.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in to_ani.body
    reader = new_context().new_page()
    reader.goto(live_server.url + urlsplit(link).path)
    expect(reader.get_by_test_id("unsubscribe-question")).to_contain_text(
        "Berhenti menerima pengumuman"
    )
    reader.screenshot(path=f"{SHOTS}/unsubscribe-ask.png", full_page=True)
    reader.get_by_test_id("unsubscribe-confirm").click()
    expect(reader.get_by_test_id("unsubscribe-done")).to_contain_text(
        "tidak akan menerima pengumuman lagi"
    )
    reader.screenshot(path=f"{SHOTS}/unsubscribe-done.png", full_page=True)
    assert Registration.objects.get(pk=ani.pk).announcements_unsubscribed_at is not None

    # The next announcement from the template skips her, and compose says so.
    page.goto(
        reverse("broadcasts:compose", kwargs={"code": event.code})
        + f"?template={event.message_templates.get().pk}"
    )
    page.get_by_test_id("compose-preview").click()
    expect(page.get_by_test_id("preview-count")).to_contain_text("1")
    expect(page.get_by_test_id("preview-unsubscribed")).to_be_visible()
    expect(page.get_by_test_id("preview-body")).to_contain_text("Yth. Budi")
