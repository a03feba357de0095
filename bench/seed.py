"""Benchmark data, written straight into the benchmark database (bulk
inserts, no e-mails) and printed as JSON for the load generator: ticket
tokens, ids, and signed-in sessions (cookies) for the simulated people.

Run by the benchmarks in the server's environment (bench/common.seed):

    bench/seed.py door --registrations 5000 --scanners 16 --sessions 4
    bench/seed.py registration --users 1000 --capacity 500
    bench/seed.py portal --users 200
    bench/seed.py bulk --registrations 10000 --code bench-bulk
"""

import argparse
import datetime as dt
import json
import sys
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session as WebSession  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from accounts import mfa  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from bimtek.models import (  # noqa: E402
    Event,
    EventStaff,
    Institution,
    InstitutionCategory,
    Session,
    Team,
)
from bimtek.models.events import EventStatus  # noqa: E402
from bimtek.models.teams import DEFAULT_TEAM_NAME  # noqa: E402
from checkin.models import CheckIn  # noqa: E402
from participants.models import Participant, Registration  # noqa: E402
from participants.models.registrations import RegistrationStatus  # noqa: E402

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
BACKEND = "django.contrib.auth.backends.ModelBackend"


def institutions() -> list[Institution]:
    existing = list(Institution.objects.filter(name__startswith="Bench "))
    if existing:
        return existing
    return Institution.objects.bulk_create(
        Institution(
            name=f"Bench {category.name} Kota Tanjungpinang {n}",
            category=category,
            is_confirmed=True,
        )
        for category in InstitutionCategory.objects.all()
        for n in range(3)
    )


def users(prefix: str, count: int, *, role: Role | None, name: str) -> list[User]:
    """Accounts without a usable password (nobody logs in with one: the
    benchmark hands out ready sessions), in one insert."""
    unusable = make_password(None)
    created = User.objects.bulk_create(
        User(email=f"{prefix}{n}@bench.example.org", display_name=f"{name} {n}", password=unusable)
        for n in range(count)
    )
    if role is not None:
        from django.contrib.auth.models import Group

        group, _created = Group.objects.get_or_create(name=role.value)
        User.groups.through.objects.bulk_create(
            User.groups.through(user_id=user.pk, group_id=group.pk) for user in created
        )
    return created


def signed_in(people: list[User]) -> list[dict]:
    """A database session per user (what logging in leaves behind, the
    answer of ``accounts.mfa`` included: the first page does not have to
    work it out and write the session) and a CSRF cookie: the cookies a
    browser would carry."""
    store = SessionStore()
    expires = timezone.now() + dt.timedelta(days=1)
    rows, clients = [], []
    for user in people:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = store.encode(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: BACKEND,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
                mfa.SESSION_KEY: mfa.setup_required(user),
            }
        )
        rows.append(WebSession(session_key=key, session_data=data, expire_date=expires))
        csrf = _get_new_csrf_string()
        clients.append(
            {
                "user": user.pk,
                "cookies": {settings.SESSION_COOKIE_NAME: key, settings.CSRF_COOKIE_NAME: csrf},
                "csrf": csrf,
            }
        )
    WebSession.objects.bulk_create(rows, batch_size=1000)
    return clients


def people(prefix: str, count: int, *, accounts: list[User] | None = None) -> list[Participant]:
    places = institutions()
    return Participant.objects.bulk_create(
        (
            Participant(
                full_name=f"Peserta Benchmark {prefix} {n}",
                title_back="S.Kom.",
                institution=places[n % len(places)],
                email=f"{prefix}{n}@bench.example.org",
                jabatan="Pranata Komputer",
                user=accounts[n] if accounts else None,
            )
            for n in range(count)
        ),
        batch_size=1000,
    )


def event(code: str, *, start: dt.date, days: int = 2, **fields) -> Event:
    fields.setdefault("team", Team.objects.get_or_create(name=DEFAULT_TEAM_NAME)[0])
    return Event.objects.create(
        title=f"Bimtek Benchmark {code}",
        code=code,
        organiser_unit="Dinas Komunikasi dan Informatika Kota Tanjungpinang",
        venue="Aula Lantai 3, Kantor Wali Kota Tanjungpinang",
        city="Tanjungpinang",
        start_date=start,
        end_date=start + dt.timedelta(days=days - 1),
        status=EventStatus.PUBLISHED,
        **fields,
    )


# --- scenarios ----------------------------------------------------------------


def seed_door(args) -> dict:
    """One event happening now: N approved registrations, sessions whose
    check-in is open, and C signed-in door stewards (one per scanner)."""
    now = timezone.now()
    door = event(args.code, start=timezone.localdate())
    session_ids = [
        Session.objects.create(
            event=door,
            title=f"Sesi {n + 1}",
            starts_at=now - dt.timedelta(minutes=10),
            ends_at=now + dt.timedelta(hours=4),
        ).pk
        for n in range(args.sessions)
    ]
    tickets = Registration.objects.bulk_create(
        (
            Registration(event=door, participant=person, status=RegistrationStatus.APPROVED)
            for person in people(f"{args.code}-", args.registrations)
        ),
        batch_size=1000,
    )
    stewards = users(f"petugas-{args.code}-", args.scanners, role=Role.DOOR_STAFF, name="Petugas")
    EventStaff.objects.bulk_create(EventStaff(event=door, user=user) for user in stewards)
    return {
        "event": door.code,
        "sessions": session_ids,
        "tokens": [ticket.token for ticket in tickets],
        "clients": signed_in(stewards),
    }


def seed_registration(args) -> dict:
    """The opening rush: a published event with open self-registration,
    automatic approval and C seats, and N signed-in people without a
    profile yet (they fill in the whole form)."""
    now = timezone.now()
    rush = event(
        args.code,
        start=timezone.localdate() + dt.timedelta(days=14),
        capacity=args.capacity,
        registration_opens_at=now - dt.timedelta(minutes=1),
        registration_closes_at=now + dt.timedelta(days=7),
    )
    accounts = users(f"daftar-{args.code}-", args.users, role=None, name="Pendaftar")
    places = institutions()
    clients = signed_in(accounts)
    for n, item in enumerate(clients):
        item["form"] = {
            "title_front": "" if n % 3 else "Dr.",
            "full_name": f"Pendaftar Benchmark {n}",
            "title_back": "S.Kom., M.T." if n % 2 else "",
            "employment": "non_asn",
            "nip": "",
            "pangkat_golongan": "",
            "jabatan": "Analis Sistem Informasi",
            "institution": str(places[n % len(places)].pk),
            "new_institution_name": "",
            "new_institution_category": "",
            "phone": f"0812{n:08d}",
            "consent": "on",
        }
    return {"event": rush.code, "capacity": args.capacity, "clients": clients}


def certificate_design(target: Event, *, downloads_open: bool) -> None:
    from bench.certificates import design_uploads
    from certificates import services

    certificate_settings = services.certificate_settings_ensure(event=target)
    services.certificate_settings_update(
        actor=None,
        settings=certificate_settings,
        changes={
            "signatory_name": "Teguh Ahmad Syafari",
            "signatory_position": "Kepala Dinas Komunikasi dan Informatika",
            "downloads_open": downloads_open,
        },
        uploads=design_uploads(photo=False),
    )


def finished_event_with_attendance(
    code: str, registrations: list[Registration] | None, participants: list[Participant]
) -> tuple[Event, list[Registration]]:
    start = timezone.localdate() - dt.timedelta(days=3)
    finished = event(code, start=start)
    sessions = [
        Session.objects.create(
            event=finished,
            title=f"Sesi {i + 1}",
            starts_at=dt.datetime.combine(start, dt.time(8 + 2 * i), tzinfo=WIB),
            ends_at=dt.datetime.combine(start, dt.time(9 + 2 * i, 30), tzinfo=WIB),
        )
        for i in range(4)
    ]
    tickets = Registration.objects.bulk_create(
        (
            Registration(event=finished, participant=person, status=RegistrationStatus.APPROVED)
            for person in participants
        ),
        batch_size=1000,
    )
    CheckIn.objects.bulk_create(
        (
            CheckIn(registration=ticket, session=session, checked_in_at=session.starts_at)
            for ticket in tickets
            for session in sessions
        ),
        batch_size=2000,
    )
    return finished, tickets


def seed_portal(args) -> dict:
    """N participants with an account, each with two tickets: an event next
    week (QR ticket) and one that ended with full attendance (certificate,
    downloads open, not issued yet: the first download issues it)."""
    accounts = users(f"portal-{args.code}-", args.users, role=Role.PARTICIPANT, name="Peserta")
    participants = people(f"portal-{args.code}-", args.users, accounts=accounts)
    upcoming = event(f"{args.code}-next", start=timezone.localdate() + dt.timedelta(days=7))
    now_tickets = Registration.objects.bulk_create(
        Registration(event=upcoming, participant=person, status=RegistrationStatus.APPROVED)
        for person in participants
    )
    finished, done_tickets = finished_event_with_attendance(f"{args.code}-done", None, participants)
    certificate_design(finished, downloads_open=True)
    clients = signed_in(accounts)
    for item, ticket, done in zip(clients, now_tickets, done_tickets, strict=True):
        item["ticket"] = ticket.pk
        item["certificate_ticket"] = done.pk
    return {"events": [upcoming.code, finished.code], "clients": clients}


def seed_bulk(args) -> dict:
    """An event that ended with N eligible participants, its certificate
    design, and a signed-in organiser to start the bulk run."""
    participants = people(f"{args.code}-", args.registrations)
    finished, tickets = finished_event_with_attendance(args.code, None, participants)
    certificate_design(finished, downloads_open=False)
    organiser = users(f"panitia-{args.code}-", 1, role=Role.ORGANISER, name="Panitia")
    # Organisers must have a second factor (REQUIRE_MFA_FOR_STAFF, on in
    # production settings): without one every organiser page redirects to
    # its setup. A real organiser set up TOTP before the event.
    for user in organiser:
        TOTP.activate(user, generate_totp_secret())
    # Organisers manage the events of their own teams only.
    finished.team.members.add(*organiser)
    return {
        "event": finished.code,
        "registrations": len(tickets),
        "clients": signed_in(organiser),
    }


SCENARIOS = {
    "door": seed_door,
    "registration": seed_registration,
    "portal": seed_portal,
    "bulk": seed_bulk,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="scenario", required=True)
    door = sub.add_parser("door")
    door.add_argument("--registrations", type=int, default=5000)
    door.add_argument("--scanners", type=int, default=16)
    door.add_argument("--sessions", type=int, default=4)
    door.add_argument("--code", default="bench-door")
    registration = sub.add_parser("registration")
    registration.add_argument("--users", type=int, default=1000)
    registration.add_argument("--capacity", type=int, default=500)
    registration.add_argument("--code", default="bench-daftar")
    portal = sub.add_parser("portal")
    portal.add_argument("--users", type=int, default=200)
    portal.add_argument("--code", default="bench-portal")
    bulk = sub.add_parser("bulk")
    bulk.add_argument("--registrations", type=int, default=10000)
    bulk.add_argument("--code", default="bench-bulk")
    args = parser.parse_args()
    json.dump(SCENARIOS[args.scenario](args), sys.stdout)


if __name__ == "__main__":
    main()
