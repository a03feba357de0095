"""Speakers fill in their own data (issue 21, item 5): the organiser sends
each speaker a link by e-mail (through the outbox); the link works for that
speaker and that event only, once, until it expires; the same rules as the
organiser's form; stored encrypted; audited; the organiser sees who filled in."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry
from outbox.models import Delivery
from spj import services
from spj.errors import SpjError
from spj.models import DataRequest, Person
from tests import factories

pytestmark = pytest.mark.django_db

SPEAKER_DATA = {
    "institution": "Universitas Riau",
    "position": "Dosen",
    "employment": "pns",
    "golongan": "III",
    "nip": "198001012005011001",
    "nik": "1471 0101 0180 0002",
    "npwp": "09.254.294.3-407.001",
    "bank_name": "Bank Riau Kepri",
    "bank_account": "987-654-3210",
    "bank_account_holder": "Rina Wulandari",
}


def _send(event, organiser, name="Rina Wulandari", email="rina@example.org", capture=None):
    with capture(execute=True):
        services.data_request_send(event=event, name=name, email=email, actor=organiser)
    body = mail.outbox[-1].body
    return re.search(r"https?://\S+/spj/speaker/(\S+)/", body).group(0)


def _path(link: str) -> str:
    return link[link.index("/spj/speaker/") :]


def test_the_speaker_gets_their_link_by_e_mail_through_the_outbox(
    spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]

    link = _send(event, organiser, capture=django_capture_on_commit_callbacks)

    message = mail.outbox[-1]
    assert message.to == ["rina@example.org"]
    assert event.title in message.subject
    assert "NIK" in message.body and "NPWP" in message.body
    delivery = Delivery.objects.get(recipient_key__startswith="spj_person:")
    assert delivery.status == "sent" and delivery.message.topic == f"spj:{event.pk}"
    request = DataRequest.objects.get(person__name="Rina Wulandari")
    token = _path(link).split("/")[3]
    # Only a hash is stored: the token is in the e-mail alone.
    assert token not in request.token_hash and len(token) >= 40
    assert request.expires_at > timezone.now() + dt.timedelta(days=13)
    entry = AuditEntry.objects.get(action="spj.data_request_sent")
    assert entry.event == event and "rina@example.org" not in str(entry.changes)


def test_only_a_speaker_of_the_agenda_gets_a_form(spj_event, organiser):
    with pytest.raises(SpjError) as refused:
        services.data_request_send(
            event=spj_event["event"], name="Andi Pratama", email="a@example.org", actor=organiser
        )
    assert refused.value.code == "not_a_speaker"
    with pytest.raises(SpjError) as refused:
        services.data_request_send(
            event=spj_event["event"], name="Rina Wulandari", email="bukan-email", actor=organiser
        )
    assert refused.value.code == "email_invalid"
    assert not DataRequest.objects.exists()


def test_a_speaker_without_a_record_gets_one(spj_event, organiser):
    event = spj_event["event"]
    Person.objects.filter(name="Rina Wulandari").delete()

    services.data_request_send(
        event=event, name="rina  WULANDARI", email="rina@example.org", actor=organiser
    )

    person = Person.objects.get(event=event, name="Rina Wulandari")
    assert person.email == "rina@example.org" and person.data_request


def test_the_speaker_fills_in_their_data_encrypted_and_audited(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    link = _send(event, organiser, capture=django_capture_on_commit_callbacks)

    page = client.get(_path(link))
    assert page.status_code == 200
    assert "Rina Wulandari" in page.text and "Kebijakan SPBE" in page.text
    # Nobody else's data: not the other speakers', not even the names.
    assert "Dr. Budi Santoso" not in page.text and "2171010101700001" not in page.text
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]

    response = client.post(_path(link), SPEAKER_DATA)

    assert response.status_code == 302
    person = Person.objects.get(name="Rina Wulandari")
    assert person.nik == "1471010101800002"  # normalised, as the organiser's form does
    assert person.npwp == "092542943407001" and person.bank_account == "9876543210"
    assert person.golongan == "III" and person.institution == "Universitas Riau"
    with connection.cursor() as cursor:
        cursor.execute("SELECT nik, bank_account FROM spj_person WHERE id = %s", [person.pk])
        stored = cursor.fetchone()
    assert "1471010101800002" not in stored[0] and "9876543210" not in stored[1]
    entry = AuditEntry.objects.get(action="spj.data_request_filled")
    assert entry.actor is None and "nik" in entry.changes["fields"]
    assert "1471010101800002" not in str(entry.changes)
    assert person.data_request.filled_at is not None
    # The thank-you page; the link is used up.
    done = client.get(_path(link))
    assert "sudah diterima" in done.text and 'name="nik"' not in done.text
    assert done.text.count("Terima kasih") == 1  # said once, not twice
    again = client.post(_path(link), {**SPEAKER_DATA, "nik": "1471010101800009"})
    assert Person.objects.get(pk=person.pk).nik == "1471010101800002"
    assert again.status_code == 200


def test_the_same_rules_as_the_organisers_form(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    link = _send(spj_event["event"], organiser, capture=django_capture_on_commit_callbacks)

    bad_nik = client.post(_path(link), {**SPEAKER_DATA, "nik": "12345"})
    assert bad_nik.status_code == 400 and "16 angka" in bad_nik.text
    no_golongan = client.post(_path(link), {**SPEAKER_DATA, "golongan": ""})
    assert no_golongan.status_code == 400 and "golongan" in no_golongan.text.lower()
    no_account = client.post(_path(link), {**SPEAKER_DATA, "bank_account": ""})
    assert no_account.status_code == 400
    short_nip = client.post(_path(link), {**SPEAKER_DATA, "nip": "19800101200501100"})
    assert short_nip.status_code == 400 and "yang ini 17 digit" in short_nip.text
    letters = client.post(_path(link), {**SPEAKER_DATA, "nip": "12ab"})
    assert letters.status_code == 400 and "NIP hanya berisi angka" in letters.text

    person = Person.objects.get(name="Rina Wulandari")
    assert person.nik == "" and person.data_request.filled_at is None


def test_an_expired_a_replaced_or_an_unknown_link_does_not_work(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    first = _send(event, organiser, capture=django_capture_on_commit_callbacks)
    second = _send(event, organiser, capture=django_capture_on_commit_callbacks)

    assert client.get(_path(first)).status_code == 404  # replaced by the second
    assert client.get("/spj/speaker/" + "x" * 43 + "/").status_code == 404
    DataRequest.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    expired = client.get(_path(second))
    assert expired.status_code == 410 and "kedaluwarsa" in expired.text
    posted = client.post(_path(second), SPEAKER_DATA)
    assert posted.status_code == 410
    assert Person.objects.get(name="Rina Wulandari").nik == ""


def test_a_link_is_for_its_speaker_and_event_only(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    rina = _send(event, organiser, capture=django_capture_on_commit_callbacks)
    _send(event, organiser, name="Siti Aminah", email="siti@example.org",
          capture=django_capture_on_commit_callbacks)  # fmt: skip

    client.post(_path(rina), SPEAKER_DATA)

    assert Person.objects.get(name="Rina Wulandari").nik == "1471010101800002"
    assert Person.objects.get(name="Siti Aminah").nik == ""
    assert Person.objects.get(name="Dr. Budi Santoso").nik == "2171010101700001"


def test_the_organiser_sees_who_filled_in(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    rina = _send(event, organiser, capture=django_capture_on_commit_callbacks)
    _send(event, organiser, name="Siti Aminah", email="siti@example.org",
          capture=django_capture_on_commit_callbacks)  # fmt: skip
    client.post(_path(rina), SPEAKER_DATA)
    client.force_login(organiser)

    page = client.get(reverse("spj:overview", kwargs={"code": event.code}))

    rows = {
        name: re.search(rf'data-speaker="{name}".*?</tr>', page.text, re.S).group(0)
        for name in ("Rina Wulandari", "Siti Aminah", "Dr. Budi Santoso")
    }
    assert "Sudah diisi" in rows["Rina Wulandari"]
    assert "Menunggu" in rows["Siti Aminah"]
    assert "Belum dikirim" in rows["Dr. Budi Santoso"]


def test_the_organiser_sends_the_form_from_the_page(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    url = reverse("spj:data_request", kwargs={"code": event.code})
    client.force_login(organiser)

    form = client.get(url + "?name=Siti%20Aminah")
    bad = client.post(url, {"name": "Siti Aminah", "email": "siti@"})
    assert bad.status_code == 400 and not DataRequest.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"name": "Siti Aminah", "email": "siti@example.org"})

    assert form.status_code == 200 and "Siti Aminah" in form.text
    assert sent.status_code == 302
    assert mail.outbox[-1].to == ["siti@example.org"]
    assert client.get(url + "?name=Orang%20Lain").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "participant", "other_organiser"])
def test_only_the_events_organisers_send_forms(client, spj_event, role):
    event = spj_event["event"]
    if role == "participant":
        client.force_login(factories.participant_user())
    elif role == "other_organiser":
        client.force_login(factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")]))
    url = reverse("spj:data_request", kwargs={"code": event.code})

    response = client.post(url, {"name": "Siti Aminah", "email": "siti@example.org"})

    assert response.status_code in (302, 403, 404)
    assert not DataRequest.objects.exists()


def test_the_retention_erasure_closes_the_links(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    link = _send(event, organiser, capture=django_capture_on_commit_callbacks)

    services.people_erase(events=[event])

    assert client.get(_path(link)).status_code == 404
    assert Person.objects.get(name="Rina Wulandari").email == ""


def test_the_retention_erasure_blanks_the_mails_to_speakers(
    spj_event, organiser, django_capture_on_commit_callbacks
):
    from bimtek.models import Event
    from spj.integrations import messages_erase

    event = spj_event["event"]
    _send(event, organiser, capture=django_capture_on_commit_callbacks)
    [delivery] = Delivery.objects.filter(message__topic=f"spj:{event.pk}")
    assert delivery.email == "rina@example.org"

    erased = messages_erase(events=Event.objects.filter(pk=event.pk))

    delivery.refresh_from_db()
    assert erased == 1
    assert (delivery.email, delivery.name, delivery.body) == ("", "", "")
    assert messages_erase(registrations=Event.objects.none(), events=None) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_sending_at_once_fill_in_once(spj_event, organiser):
    """The link works once even when sent twice at the same moment: the
    request row is locked while the data is saved."""
    import threading

    from django.db import close_old_connections

    event = spj_event["event"]
    request = services.data_request_send(
        event=event, name="Rina Wulandari", email="rina@example.org", actor=organiser
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(nik):
        try:
            barrier.wait()
            services.data_request_submit(request=request, data={**SPEAKER_DATA, "nik": nik})
            outcomes.append("saved")
        except SpjError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(nik,))
        for nik in ("1471010101800002", "1471010101800003")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert sorted(outcomes) == ["link_closed", "saved"]
    assert AuditEntry.objects.filter(action="spj.data_request_filled").count() == 1


HENDRA = "Dr. Ir. Hendra Wijaya, M.Sc. (Kementerian Komunikasi dan Digital)"


def _hendra_session(event):
    first = event.sessions.order_by("starts_at").first()
    first.speakers = f"{first.speakers}\n{HENDRA}"
    first.save(update_fields=["speakers"])


def test_the_institution_in_brackets_after_a_name_in_the_agenda_is_the_institution(
    client, spj_event, organiser, django_capture_on_commit_callbacks
):
    event = spj_event["event"]
    _hendra_session(event)
    client.force_login(organiser)

    overview = client.get(reverse("spj:overview", kwargs={"code": event.code}))
    prefilled = client.get(
        reverse("spj:person_create", kwargs={"code": event.code}) + f"?name={HENDRA}"
    )
    link = _send(event, organiser, name=HENDRA, capture=django_capture_on_commit_callbacks)

    assert 'data-speaker="Dr. Ir. Hendra Wijaya, M.Sc."' in overview.text
    assert 'value="Dr. Ir. Hendra Wijaya, M.Sc."' in prefilled.text
    assert 'value="Kementerian Komunikasi dan Digital"' in prefilled.text
    person = Person.objects.get(event=event, name="Dr. Ir. Hendra Wijaya, M.Sc.")
    assert person.institution == "Kementerian Komunikasi dan Digital"
    body = mail.outbox[-1].body
    assert "Dr. Ir. Hendra Wijaya, M.Sc.," in body and "(Kementerian" not in body
    client.logout()
    page = client.get(_path(link))
    assert "(Kementerian" not in page.text
    assert 'value="Kementerian Komunikasi dan Digital"' in page.text


def test_a_record_saved_under_the_whole_text_still_matches_and_is_not_renamed(spj_event, organiser):
    event = spj_event["event"]
    _hendra_session(event)
    Person.objects.create(event=event, name=HENDRA)

    services.data_request_send(event=event, name=HENDRA, email="h@example.org", actor=organiser)

    assert Person.objects.filter(event=event, name__startswith="Dr. Ir. Hendra").count() == 1
    assert Person.objects.get(event=event, name=HENDRA).email == "h@example.org"
