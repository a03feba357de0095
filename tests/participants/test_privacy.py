"""Personal data over its life: exports audited, own data downloaded, erasure
asked and completed, erasure after the retention period."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry
from certificates.models import Certificate
from checkin.models import ScanLog
from checkin.services.attempts import ScanAttempt
from checkin.services.scan import checkin_record
from participants.errors import RegistrationError
from participants.models import ErasureRequest, Participant
from participants.services.privacy import (
    erasure_request_create,
    personal_data_erase_expired,
)
from participants.tickets import ticket_pdf
from tests import factories

pytestmark = pytest.mark.django_db

NIP = factories.nip_for()


def past_event(**kwargs):
    return factories.EventFactory(
        start_date=dt.date(2020, 1, 6),
        registration_opens_at=dt.datetime(2019, 12, 1, tzinfo=dt.UTC),
        **kwargs,
    )


@pytest.fixture
def person(event):
    user = factories.participant_user(email="siti@example.org")
    participant = factories.ParticipantFactory(
        user=user, email="siti@example.org", nip=NIP, employment="pns", phone="+6281234567890"
    )
    registration = factories.RegistrationFactory(event=event, participant=participant)
    return user, participant, registration


def test_participant_export_is_audited_with_its_row_count(client, organiser, event):
    factories.RegistrationFactory.create_batch(3, event=event)
    client.force_login(organiser)

    url = reverse("participants:organiser_export", kwargs={"code": event.code, "fmt": "csv"})
    assert client.get(url).status_code == 200

    entry = AuditEntry.objects.get(action="export.participants")
    assert entry.actor == organiser
    assert entry.event == event
    assert entry.changes == {"rows": 3, "format": "csv"}


@pytest.mark.parametrize(
    ("name", "kwargs", "action"),
    [
        ("attendance_session_export", {"kind": "present", "fmt": "csv"}, "attendance_present"),
        ("attendance_session_export", {"kind": "missing", "fmt": "xlsx"}, "attendance_missing"),
        ("attendance_session_export", {"kind": "daftar-hadir", "fmt": "pdf"}, "attendance_sheet"),
        ("attendance_matrix_export", {"fmt": "csv"}, "attendance_matrix"),
    ],
)
def test_attendance_exports_are_audited(client, organiser, event, name, kwargs, action):
    session = factories.open_session(event=event)
    factories.RegistrationFactory.create_batch(2, event=event)
    if name == "attendance_session_export":
        kwargs = {"session_id": session.pk, **kwargs}
    client.force_login(organiser)

    response = client.get(reverse(f"checkin:{name}", kwargs={"code": event.code, **kwargs}))

    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=f"export.{action}")
    assert entry.actor == organiser
    assert entry.changes["rows"] == (0 if action == "attendance_present" else 2)


def test_own_data_download_has_profile_registrations_checkins_and_is_audited(client, person):
    user, _participant, registration = person
    session = factories.open_session(event=registration.event)
    factories.CheckInFactory(registration=registration, session=session)
    client.force_login(user)

    response = client.get(reverse("participants:own_data_download"))

    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["profile"]["nip"] == NIP
    assert data["registrations"][0]["event_code"] == registration.event.code
    assert data["checkins"][0]["session"] == session.title
    assert data["certificates"] == []
    assert AuditEntry.objects.filter(action="export.own_data", actor=user).exists()


def test_own_data_page_needs_a_sign_in(client):
    response = client.get(reverse("participants:own_data"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_participant_asks_for_erasure_once(client, person):
    user, participant, _registration = person
    client.force_login(user)

    client.post(reverse("participants:own_data"), {"reason": "Pindah tugas"})
    client.post(reverse("participants:own_data"), {"reason": "again"})

    request = ErasureRequest.objects.get()
    assert request.participant == participant
    assert request.reason == "Pindah tugas"
    assert AuditEntry.objects.filter(action="privacy.erasure_request").count() == 1


def test_a_second_open_request_is_refused_with_a_code(person):
    user, participant, _registration = person
    erasure_request_create(participant=participant, actor=user)

    with pytest.raises(RegistrationError) as excinfo:
        erasure_request_create(participant=participant, actor=user)

    assert excinfo.value.code == "erasure_open"


def test_organiser_completes_a_request_keeping_certificates_and_the_audit_chain(
    client, organiser, person
):
    user, participant, registration = person
    session = factories.open_session(event=registration.event)
    checkin_record(
        session=session,
        staff=organiser,
        attempt=ScanAttempt(token=registration.token),
    )
    certificate = Certificate.objects.create(
        event=registration.event,
        registration=registration,
        sequence=1,
        number="001/BIMTEK",
        code="ABCD2345",
        snapshot={"name": participant.display_name, "nip": NIP},
        issued_at=timezone.now(),
    )
    request = erasure_request_create(participant=participant, actor=user)
    client.force_login(organiser)
    assert participant.full_name in client.get(reverse("participants:erasure_requests")).text

    client.post(reverse("participants:erasure_request_complete", args=[request.pk]))

    participant.refresh_from_db()
    request.refresh_from_db()
    assert request.status == "done"
    assert request.completed_by == organiser
    assert participant.nip is None
    assert participant.phone == ""
    assert participant.email.endswith("@erased.invalid")
    assert participant.erased_at is not None
    assert ScanLog.objects.get().scanned_value == ""
    certificate.refresh_from_db()
    assert certificate.snapshot["nip"] == NIP
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "0 break(s)" in out.getvalue()


@pytest.mark.parametrize("who", ["anonymous", "participant", "door staff"])
def test_erasure_requests_are_for_organisers_only(client, event, person, who):
    user, participant, _registration = person
    request = erasure_request_create(participant=participant, actor=user)
    if who == "participant":
        client.force_login(user)
    elif who == "door staff":
        client.force_login(factories.EventStaffFactory(event=event).user)

    listing = client.get(reverse("participants:erasure_requests"))
    client.post(reverse("participants:erasure_request_complete", args=[request.pk]))

    assert listing.status_code in (302, 403)
    request.refresh_from_db()
    assert request.status == "open"


def test_retention_erases_people_without_an_account_past_every_event(event):
    past = past_event(retention_days=30)
    gone = factories.RegistrationFactory(
        event=past, participant__nip=NIP, participant__employment="pns"
    ).participant
    also_current = factories.RegistrationFactory(event=past).participant
    factories.RegistrationFactory(event=event, participant=also_current)
    account = factories.RegistrationFactory(
        event=past, participant__user=factories.participant_user()
    ).participant
    session = factories.SessionFactory(event=past)
    ScanLog.objects.create(
        session=session, result="invalid", scanned_value="ABC", scanned_at=timezone.now()
    )

    report = personal_data_erase_expired()

    gone.refresh_from_db()
    also_current.refresh_from_db()
    account.refresh_from_db()
    assert (report.participants, report.scanned_values) == (1, 1)
    assert gone.nip is None and gone.email.endswith("@erased.invalid")
    assert also_current.erased_at is None
    assert account.erased_at is None
    entry = AuditEntry.objects.get(action="privacy.retention_erase")
    assert entry.changes["participants"] == 1
    assert personal_data_erase_expired().participants == 0


def test_retention_follows_the_site_default(settings):
    settings.DATA_RETENTION_DAYS = 100_000
    past = past_event()
    factories.RegistrationFactory(event=past)

    assert personal_data_erase_expired().participants == 0
    assert not Participant.objects.filter(erased_at__isnull=False).exists()


def test_retention_command_prints_the_report():
    out = io.StringIO()

    call_command("erase_expired_personal_data", stdout=out)

    assert "participant(s) erased" in out.getvalue()


def test_pdf_ticket_does_not_print_the_nip(person):
    from pypdf import PdfReader

    _user, _participant, registration = person

    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(ticket_pdf(registration))).pages
    )

    assert NIP not in text


def test_privacy_notice_says_the_supervisor_sees_the_nip(client, settings):
    # The site ignores Accept-Language (docs/i18n.md): the choice is a cookie.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("participants:privacy"))

    assert "also sees your NIP" in response.content.decode()
