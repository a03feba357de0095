import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import User
from bimtek.models import Event, Institution, InstitutionCategory, Session
from demo.seed import seed_demo
from participants.models import Participant, Registration

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Event, Session, Institution, Participant, Registration)
    }


def test_seed_demo_twice_creates_no_duplicates():
    first = seed_demo()
    after_first = _counts()

    second = seed_demo()

    assert first.created > 0
    assert second.created == 0
    assert _counts() == after_first


def test_seed_demo_builds_the_tanjungpinang_event():
    result = seed_demo()
    event = result.event

    assert "Smart City" in event.title
    assert event.city == "Tanjungpinang"
    assert (event.end_date - event.start_date).days == 1
    assert 10 <= (event.start_date - __import__("datetime").date.today()).days <= 18
    assert event.sessions.count() == 8
    assert 55 <= Participant.objects.count() <= 65
    used = set(Institution.objects.values_list("category__code", flat=True))
    assert used == set(InstitutionCategory.objects.values_list("code", flat=True))
    names = set(Institution.objects.values_list("short_name", flat=True))
    assert {"Pelindo", "Angkasa Pura", "UMRAH"} <= names
    nips = [p.nip for p in Participant.objects.exclude(nip=None)]
    assert nips and all(len(nip) == 18 and nip.isdigit() for nip in nips)


def test_seed_demo_logins_work_for_every_role(client):
    result = seed_demo()

    for _role, email, password in result.logins:
        assert client.login(email=email, password=password), email
        client.logout()


def test_seed_demo_command_refuses_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")


def test_seed_demo_queues_no_email_for_invented_people(django_capture_on_commit_callbacks):
    from django.core import mail

    from outbox.models import Delivery

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed_demo()

    assert mail.outbox == []
    assert Registration.objects.filter(status="approved").count() > 50
    assert not Delivery.objects.exclude(builder="").exists()  # no automatic e-mail
    assert all("_dispatch" not in repr(c) for c in callbacks)


def test_seed_demo_people_read_like_a_real_offices():
    seed_demo()

    people = Participant.objects.select_related("institution__category")
    addresses = [person.email for person in people]
    assert not any(ch.isdigit() for address in addresses for ch in address.split("@")[0])
    assert len(set(addresses)) == len(addresses)
    for person in people:
        institution = person.institution.name
        if person.jabatan in {"Camat", "Sekretaris Camat"}:
            assert institution.startswith("Kecamatan"), (person.jabatan, institution)
        if person.jabatan in {"Lurah", "Sekretaris Lurah"}:
            assert institution.startswith("Kelurahan"), (person.jabatan, institution)
        if person.jabatan == "Dosen":
            assert person.institution.category.code == "perguruan-tinggi"


def test_seed_demo_has_a_finished_event_with_attendance_and_certificates():
    from certificates.models import Certificate
    from checkin.models import CheckIn

    result = seed_demo()

    finished = Event.objects.get(code="bimtek-keamanan-informasi")
    assert finished.status == "finished"
    assert finished.end_date < result.event.start_date
    checkins = CheckIn.objects.filter(session__event=finished)
    assert checkins.count() > 80
    certificates = Certificate.objects.filter(registration__event=finished)
    assert 20 <= certificates.count() < 30  # some missed too much
    assert all("/BIMTEK-KI/" in c.number for c in certificates)
    # The demo participant has a certificate to download.
    assert certificates.filter(registration__participant__email="peserta@example.org").exists()
