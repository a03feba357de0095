"""Benchmark data for the door: one event with N approved registrations,
sessions whose check-in is open now, and signed-in door stewards (one per
scanner). Run by bench/checkin.py in the server's environment; prints JSON."""

import datetime as dt
import json
import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role, grant_role  # noqa: E402
from bimtek.models import Event, EventStaff, Institution, InstitutionCategory, Session  # noqa: E402
from bimtek.models.events import EventStatus  # noqa: E402
from participants.models import Participant, Registration  # noqa: E402
from participants.models.registrations import RegistrationStatus  # noqa: E402


def main(registrations: int, scanners: int, sessions: int) -> dict:
    now = timezone.now()
    event = Event.objects.create(
        title="Bimtek Benchmark",
        code="bench-door",
        organiser_unit="Diskominfo",
        venue="Aula Lantai 3",
        city="Tanjungpinang",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + dt.timedelta(days=1),
        status=EventStatus.PUBLISHED,
    )
    session_ids = [
        Session.objects.create(
            event=event,
            title=f"Sesi {n + 1}",
            starts_at=now - dt.timedelta(minutes=10),
            ends_at=now + dt.timedelta(hours=4),
        ).pk
        for n in range(sessions)
    ]
    institutions = [
        Institution.objects.create(
            name=f"{category.name} Kota Tanjungpinang {n}", category=category
        )
        for category in InstitutionCategory.objects.all()
        for n in range(3)
    ]
    people = Participant.objects.bulk_create(
        Participant(
            full_name=f"Peserta Benchmark {n}",
            title_back="S.Kom.",
            institution=institutions[n % len(institutions)],
            email=f"peserta{n}@bench.example.org",
            jabatan="Pranata Komputer",
        )
        for n in range(registrations)
    )
    tickets = Registration.objects.bulk_create(
        Registration(event=event, participant=person, status=RegistrationStatus.APPROVED)
        for person in people
    )
    clients = []
    for n in range(scanners):
        user = User.objects.create_user(
            f"petugas{n}@bench.example.org", None, display_name=f"Petugas {n}"
        )
        grant_role(user, Role.DOOR_STAFF)
        EventStaff.objects.create(event=event, user=user)
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        clients.append(
            {
                "cookies": {
                    settings.SESSION_COOKIE_NAME: store.session_key,
                    settings.CSRF_COOKIE_NAME: (csrf := _get_new_csrf_string()),
                },
                "csrf": csrf,
            }
        )
    return {
        "event": event.code,
        "sessions": session_ids,
        "tokens": [ticket.token for ticket in tickets],
        "clients": clients,
    }


if __name__ == "__main__":
    registrations, scanners, sessions = (int(arg) for arg in sys.argv[1:4])
    json.dump(main(registrations, scanners, sessions), sys.stdout)
