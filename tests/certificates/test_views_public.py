"""The holder's side: downloading one's own certificate from "My tickets"
and the certificate panel on each ticket (Django test client)."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from tests import factories
from tests.certificates.pdfcheck import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def eligible(cert_event):
    registration = factories.RegistrationFactory(
        event=cert_event, participant__full_name="Wulan Lestari"
    )
    factories.attend(registration, cert_event.countable)
    return registration


# --- downloading one's own -------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("participant", 404), ("door_staff", 404), ("organiser", 200)],
)
def test_certificate_download_is_for_its_holder_and_organisers(
    client, user_for_role, eligible, role, expected, organiser
):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    user = user_for_role(role)
    if user:
        client.force_login(user)

    response = client.get(reverse("certificates:ticket", kwargs={"pk": eligible.pk}))

    assert response.status_code == expected
    if expected == 200:
        assert certificate.number in pdf_text(response.content)


def test_participant_downloads_their_own_certificate(client, eligible):
    user = factories.participant_user()
    eligible.participant.user = user
    eligible.participant.save()
    client.force_login(user)

    response = client.post(reverse("certificates:ticket", kwargs={"pk": eligible.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    certificate = Certificate.objects.get(registration=eligible)
    text = pdf_text(response.content)
    assert "Wulan Lestari" in text and certificate.number in text
    # a second download gives the same certificate, not a new number
    again = client.get(reverse("certificates:ticket", kwargs={"pk": eligible.pk}))
    assert certificate.number in pdf_text(again.content)
    assert Certificate.objects.count() == 1


def test_participant_cannot_fetch_anothers_certificate(client, eligible, organiser):
    services.certificate_issue(actor=organiser, registration=eligible)
    other = factories.participant_user()
    factories.RegistrationFactory(event=eligible.event, participant__user=other)
    client.force_login(other)

    get = client.get(reverse("certificates:ticket", kwargs={"pk": eligible.pk}))
    post = client.post(reverse("certificates:ticket", kwargs={"pk": eligible.pk}))

    assert get.status_code == 404 and post.status_code == 404


def test_not_yet_eligible_participant_gets_the_reason_not_a_pdf(client, cert_event):
    user = factories.participant_user()
    registration = factories.RegistrationFactory(event=cert_event, participant__user=user)
    factories.attend(registration, cert_event.countable[:3])
    client.force_login(user)

    response = client.post(
        reverse("certificates:ticket", kwargs={"pk": registration.pk}), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("participants:ticket_list")
    assert "not eligible" in response.text
    assert not Certificate.objects.exists()


def test_downloads_closed_until_the_organiser_opens_them(client, eligible):
    settings = eligible.event.cert_settings
    settings.downloads_open = False
    settings.save()
    user = factories.participant_user()
    eligible.participant.user = user
    eligible.participant.save()
    client.force_login(user)

    response = client.post(reverse("certificates:ticket", kwargs={"pk": eligible.pk}), follow=True)

    assert response.redirect_chain[-1][0] == reverse("participants:ticket_list")
    assert "cannot be downloaded yet" in response.text
    assert "The organiser has not opened certificate downloads yet." in response.text
    assert not Certificate.objects.exists()


def test_revoked_ticket_panel_says_when_and_why(client, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    services.certificate_revoke(
        actor=organiser, certificate=certificate, reason="Nama tertukar dengan peserta lain"
    )
    client.force_login(owned_by_a_user(eligible))

    page = client.get(reverse("participants:ticket_list"))

    assert 'data-testid="certificate-revoke-reason"' in page.text
    assert "Reason: Nama tertukar dengan peserta lain" in page.text
    assert certificate.number in page.text
    assert 'data-testid="certificate-download"' not in page.text


def test_revoked_ticket_panel_in_indonesian(client, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Data salah")
    client.force_login(owned_by_a_user(eligible))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "id"

    page = client.get(reverse("participants:ticket_list"))

    assert "dicabut oleh panitia" in page.text and "Alasan: Data salah" in page.text
    assert "Unduh sertifikat" not in page.text


def owned_by_a_user(registration):
    user = factories.participant_user()
    registration.participant.user = user
    registration.participant.save()
    return user


def test_revoked_certificate_is_not_issued_again_by_its_holder(client, eligible, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=eligible)
    services.certificate_revoke(actor=organiser, certificate=certificate, reason="Salah orang")
    client.force_login(owned_by_a_user(eligible))
    ticket = reverse("certificates:ticket", kwargs={"pk": eligible.pk})

    page = client.get(reverse("participants:ticket_list"))
    get = client.get(ticket)
    post = client.post(ticket, follow=True)

    assert 'data-testid="certificate-revoked"' in page.text
    assert "revoked by the organiser" in page.text
    assert 'data-testid="certificate-download"' not in page.text
    assert get.status_code == 404
    assert post.redirect_chain[-1][0] == reverse("participants:ticket_list")
    assert post.text.count("revoked by the organiser") == 2  # the message and the panel
    assert Certificate.objects.filter(registration=eligible).count() == 1


def test_organiser_downloads_from_the_ticket_while_downloads_are_closed(
    client, eligible, organiser
):
    settings = eligible.event.cert_settings
    settings.downloads_open = False
    settings.save()
    client.force_login(organiser)

    response = client.post(reverse("certificates:ticket", kwargs={"pk": eligible.pk}))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert Certificate.objects.get(registration=eligible).number in pdf_text(response.content)


# --- My tickets -----------------------------------------------------------------


def test_ticket_panel_shows_progress_and_reason_in_bahasa_indonesia(client, cert_event):
    client.cookies.pop(django_settings.LANGUAGE_COOKIE_NAME)
    user = factories.participant_user()
    registration = factories.RegistrationFactory(event=cert_event, participant__user=user)
    factories.attend(registration, cert_event.countable[:3])
    client.force_login(user)

    response = client.get(reverse("participants:ticket_list"))

    assert "3 dari 4 sesi, 6 dari 8 JP" in response.text
    assert "1 sesi lagi" in response.text
    assert 'data-testid="certificate-reason"' in response.text
    assert 'data-testid="certificate-download"' not in response.text


def test_ticket_panel_offers_the_download_once_eligible(client, eligible):
    user = factories.participant_user()
    eligible.participant.user = user
    eligible.participant.save()
    client.force_login(user)

    response = client.get(reverse("participants:ticket_list"))

    assert "4 of 4 sessions, 8 of 8 JP" in response.text
    assert 'data-testid="certificate-download"' in response.text


def test_ticket_list_queries_do_not_grow_with_tickets(client, django_assert_num_queries):
    user = factories.participant_user()
    participant = factories.ParticipantFactory(user=user)

    def add_ticket():
        settings = factories.CertificateSettingsFactory()
        session = factories.SessionFactory(event=settings.event)
        registration = factories.RegistrationFactory(event=settings.event, participant=participant)
        factories.attend(registration, [session])

    add_ticket()
    client.force_login(user)
    client.get(reverse("participants:ticket_list"))  # warm up session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("participants:ticket_list"))
    for _ in range(3):
        add_ticket()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(reverse("participants:ticket_list"))
    assert response.text.count('data-testid="certificate-panel"') == 4


def test_no_panel_for_a_cancelled_registration(client, cert_event):
    user = factories.participant_user()
    cancelled = factories.RegistrationFactory(
        event=cert_event, participant__user=user, status="cancelled"
    )
    other_event = factories.CertificateSettingsFactory().event
    factories.RegistrationFactory(event=other_event, participant=cancelled.participant)
    client.force_login(user)

    response = client.get(reverse("participants:ticket_list"))

    assert response.status_code == 200
    assert 'data-status="cancelled"' in response.text and cert_event.title in response.text
    # the approved ticket of the other event has its panel, the cancelled one none
    assert response.text.count('data-testid="certificate-panel"') == 1
