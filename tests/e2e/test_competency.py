"""Done when (issue 16): a participant who attended 5 of 7 counting sessions
sees the JP of those 5 on the ticket, downloads the certificate, finds it
with its JP in their "Riwayat pengembangan kompetensi", and its verification
page shows the same JP."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates.models import Certificate, JpBasis
from tests import factories
from tests.e2e.conftest import sign_in


@pytest.mark.django_db(transaction=True)
def test_jp_earned_from_ticket_to_record_to_verification(new_context, live_server, settings):
    settings.SITE_URL = live_server.url
    cert = factories.CertificateSettingsFactory(
        eligibility_rule="sessions_percent", min_percent=70, jp_basis=JpBasis.ATTENDED
    )
    sessions = [factories.SessionFactory(event=cert.event) for _ in range(7)]
    user = factories.participant_user()
    registration = factories.RegistrationFactory(event=cert.event, participant__user=user)
    factories.attend(registration, sessions[:5])
    context = new_context(accept_downloads=True)
    sign_in(context, user, live_server)
    page = context.new_page()

    # The live server's first request loads the URLconf: slow on a busy machine.
    page.goto(
        live_server.url + reverse("participants:ticket_detail", args=[registration.pk]),
        timeout=60_000,
    )
    expect(page.get_by_test_id("jp-earned")).to_contain_text("10 JP")
    with page.expect_download() as download:
        page.get_by_test_id("certificate-download").click()
    assert download.value.suggested_filename.endswith(".pdf")

    certificate = Certificate.objects.get(registration=registration)
    page.goto(live_server.url + reverse("competency:record"))
    entry = page.get_by_test_id("competency-entry")
    expect(entry.get_by_test_id("competency-jp")).to_have_text("10")
    expect(entry.get_by_test_id("competency-number")).to_have_text(certificate.number)

    page.goto(live_server.url + certificate.get_absolute_url())
    expect(page.get_by_test_id("verify-jp-earned")).to_contain_text("10 JP")
