"""JP earned: the JP of the counting sessions attended, on the ticket, printed
on the certificate, frozen in its snapshot and shown on the verification page;
the organiser's basis for {jp}; the back page with the agenda attended."""

import pytest
from django.urls import reverse

from certificates import rendering, services
from certificates.models import JpBasis
from tests import factories
from tests.certificates.pdfcheck import page_count, pdf_text
from tests.pdfscripts import IDS, NAMES, assert_no_notdef, assert_prints, needs_pdftotext

pytestmark = pytest.mark.django_db

BODY = "telah mengikuti {event} sebanyak {jp} JP (dari {jp_total} JP, hadir {jp_attended} JP)"


@pytest.fixture
def seven(db):
    """Seven 90-minute sessions that count (2 JP each), one that does not;
    a participant who attended five of the seven, and the opening."""
    settings = factories.CertificateSettingsFactory(
        eligibility_rule="sessions_percent",
        min_percent=70,
        jp_basis=JpBasis.ATTENDED,
        body_participant=BODY,
    )
    event = settings.event
    sessions = [
        factories.SessionFactory(event=event, title=f"Materi {n}", speakers=f"Narasumber {n}")
        for n in range(1, 8)
    ]
    opening = factories.SessionFactory(event=event, counts_for_certificate=False)
    user = factories.participant_user()
    registration = factories.RegistrationFactory(event=event, participant__user=user)
    factories.attend(registration, [*sessions[:5], opening])
    return {"settings": settings, "event": event, "registration": registration, "user": user}


def test_five_of_seven_sessions_earn_their_jp_everywhere(seven, client, organiser):
    registration = seven["registration"]
    client.force_login(seven["user"])

    ticket = client.get(reverse("participants:ticket_detail", args=[registration.pk]))
    certificate = services.certificate_issue(actor=organiser, registration=registration)
    verify = client.get(certificate.get_absolute_url())

    assert "10 JP" in ticket.content.decode()
    assert certificate.snapshot["jp_attended"] == 10
    assert certificate.snapshot["jp_total"] == 14
    assert certificate.snapshot["jp"] == 10
    assert "sebanyak 10 JP (dari 14 JP, hadir 10 JP)" in certificate.snapshot["body"]
    data = rendering.certificate_pdf(certificate, settings=seven["settings"])
    assert "sebanyak 10 JP" in " ".join(pdf_text(data).split())
    page = verify.content.decode()
    assert 'data-testid="verify-jp-earned">10 JP' in page
    assert "14 JP" in page


def test_event_total_basis_states_the_events_jp(seven, organiser):
    seven["settings"].jp_basis = JpBasis.EVENT_TOTAL
    seven["settings"].save()

    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    assert certificate.snapshot["jp"] == 14
    assert certificate.snapshot["jp_attended"] == 10
    assert "sebanyak 14 JP" in certificate.snapshot["body"]


def test_snapshot_keeps_the_jp_when_the_minutes_per_jp_change(seven, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])
    event = seven["event"]
    event.minutes_per_jp = 30  # 90-minute sessions now count 3 JP each
    event.save()

    certificate.refresh_from_db()

    assert certificate.snapshot["jp_attended"] == 10
    assert certificate.snapshot["minutes_per_jp"] == 45


def test_session_without_jp_counts_zero(seven, organiser):
    event = seven["event"]
    short = factories.SessionFactory(event=event, jp_override=0, title="Diskusi")
    factories.attend(seven["registration"], [short])

    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    assert certificate.snapshot["jp_attended"] == 10


def test_agenda_page_prints_the_sessions_attended(seven, organiser):
    seven["settings"].agenda_page = True
    seven["settings"].save()

    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])
    data = rendering.certificate_pdf(certificate, settings=seven["settings"])

    assert sorted(row["title"] for row in certificate.snapshot["agenda"]) == [
        f"Materi {n}" for n in range(1, 6)
    ]
    assert page_count(data) == 2
    back = " ".join(pdf_text(data, page=1).split())
    assert "DAFTAR MATERI" in back
    assert "Materi 5" in back and "Narasumber 5" in back
    assert "Materi 6" not in back
    assert "Jumlah 10" in back


def test_no_agenda_page_unless_the_design_asks(seven, organiser):
    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    data = rendering.certificate_pdf(certificate, settings=seven["settings"])

    assert "agenda" not in certificate.snapshot
    assert page_count(data) == 1


def test_verification_page_lists_the_agenda_printed(seven, organiser, client):
    seven["settings"].agenda_page = True
    seven["settings"].save()
    certificate = services.certificate_issue(actor=organiser, registration=seven["registration"])

    page = client.get(certificate.get_absolute_url()).content.decode()

    assert 'data-testid="verify-agenda"' in page
    assert "Materi 4" in page and "Materi 7" not in page


def test_long_agenda_continues_on_further_pages(organiser):
    settings = factories.CertificateSettingsFactory(agenda_page=True)
    sessions = [
        factories.SessionFactory(event=settings.event, title=f"Materi panjang {n} " * 6)
        for n in range(40)
    ]
    registration = factories.RegistrationFactory(event=settings.event)
    factories.attend(registration, sessions)

    certificate = services.certificate_issue(actor=organiser, registration=registration)
    data = rendering.certificate_pdf(certificate, settings=settings)

    assert page_count(data) >= 3
    assert "Jumlah" in pdf_text(data, page=page_count(data) - 1)


def test_preview_shows_the_whole_agenda(seven):
    seven["settings"].agenda_page = True

    data = rendering.preview_pdf(
        settings=seven["settings"], registration=seven["registration"], jp_total=14
    )

    assert page_count(data) == 2
    assert "Materi 7" in pdf_text(data, page=1)


@needs_pdftotext
@pytest.mark.parametrize(("script", "name"), NAMES, ids=IDS)
def test_agenda_page_prints_every_script(script, name, organiser):
    settings = factories.CertificateSettingsFactory(agenda_page=True)
    session = factories.SessionFactory(event=settings.event, title=name, speakers=name)
    registration = factories.RegistrationFactory(event=settings.event)
    factories.attend(registration, [session])
    certificate = services.certificate_issue(actor=organiser, registration=registration)

    data = rendering.certificate_pdf(certificate, settings=settings)

    assert_prints(data, name)
    assert_no_notdef(data)
