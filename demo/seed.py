"""Create (or complete) the demo data. Idempotent: every object is looked up by
a stable key first, so running it twice changes nothing."""

import datetime as dt
import random
import zoneinfo
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, grant_role
from bimtek import services as event_services
from bimtek.models import Event, Institution, InstitutionCategory, Team
from bimtek.models.events import ApprovalMode, EventStatus, RegistrationMode, StaffRole
from certificates.models import CertificateSettings
from certificates.services import certificate_settings_ensure, certificate_settings_update
from demo import artwork, data, finished
from participants.models import Participant, Registration
from participants.models.people import Employment
from participants.models.registrations import RegistrationRole, RegistrationSource
from participants.notifications import muted
from participants.services.people import participant_create
from participants.services.registrations import (
    registration_cancel,
    registration_create,
    registration_reject,
)

# Grades of the ASN who attend a Bimtek: from II/a (staff) to IV/b (heads of office).
PNS_GRADES = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
DEMO_ROLES = {
    1: RegistrationRole.SPEAKER,
    2: RegistrationRole.SPEAKER,
    3: RegistrationRole.MODERATOR,
    4: RegistrationRole.ORGANISER,
    5: RegistrationRole.ORGANISER,
}
# Some registrations the door must refuse (not_approved): declined and cancelled.
DEMO_STATUS_CHANGES = {
    57: registration_reject,
    58: registration_reject,
    59: registration_cancel,
}


@dataclass
class SeedResult:
    event: Event
    created: int
    logins: list[tuple[str, str, str]]


def _nip(rng: random.Random, gender: str, today: dt.date) -> str:
    """A NIP of the PNS shape: birth date, appointment month, gender, sequence."""
    birth = dt.date(rng.randint(1968, 1996), rng.randint(1, 12), rng.randint(1, 28))
    appointed_year = min(birth.year + rng.randint(22, 30), today.year - 1)
    return (
        f"{birth:%Y%m%d}{appointed_year}{rng.randint(1, 12):02d}{gender}{rng.randint(1, 999):03d}"
    )


def _user(email: str, password: str, display_name: str, **extra) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email, password, display_name=display_name, **extra)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


def rng_pick(items: list, index: int):
    return items[index % len(items)]


def _address(given: str, family: str, institution: Institution, taken: set[str]) -> str:
    """given.family@example.org, as offices write them; a namesake gets the
    short name of their institution, never a number."""
    local = f"{given}.{family}".lower().replace(" ", "")
    if local in taken:
        short = institution.short_name or institution.name.split()[-1]
        local = f"{local}.{short}".lower().replace(" ", "").replace("/", "")
    taken.add(local)
    return f"{local}@example.org"


def _jabatan(rng: random.Random, category: str, institution: Institution) -> str:
    if category == "kecamatan-kelurahan":
        category = "kecamatan" if institution.name.startswith("Kecamatan") else "kelurahan"
    return rng.choice(data.JABATAN[category])


def _demo_people(rng: random.Random, today: dt.date, institutions: dict) -> list[dict]:
    """The same ~60 people on every run and every machine."""
    category_codes = [code for code, _name, _short in data.INSTITUTIONS]
    people = []
    taken: set[str] = set()
    for index in range(data.PARTICIPANT_COUNT):
        gender = "1" if index % 2 == 0 else "2"
        given = rng.choice(data.GIVEN_NAMES[gender])
        family = rng.choice(data.FAMILY_NAMES)
        category = category_codes[index % len(category_codes)]
        institution = rng_pick(institutions[category], index)
        is_asn = category in data.ASN_CATEGORIES
        people.append(
            {
                "category": category,
                "institution": institution,
                "full_name": f"{given} {family}",
                "email": _address(given, family, institution, taken),
                "title_front": rng.choice(data.TITLES_FRONT),
                "title_back": rng.choice(data.TITLES_BACK),
                "employment": Employment.PNS if is_asn else Employment.NON_ASN,
                "nip": _nip(rng, gender, today) if is_asn else None,
                "pangkat_golongan": rng.choice(PNS_GRADES) if is_asn else "",
                "jabatan": _jabatan(rng, category, institution),
                "phone": f"+62812{rng.randint(10000000, 99999999)}",
            }
        )
    return people


def seed_demo(*, today: dt.date | None = None) -> SeedResult:
    """The demo's people are invented: no e-mail is queued for them."""
    with muted(), transaction.atomic():
        return _seed(today=today or timezone.localdate())


def _seed(*, today: dt.date) -> SeedResult:
    rng = random.Random(20190708)  # the same people on every machine
    created = 0
    tz = zoneinfo.ZoneInfo(data.EVENT["timezone"])

    categories = {c.code: c for c in InstitutionCategory.objects.all()}
    institutions: dict[str, list[Institution]] = {}
    for code, name, short_name in data.INSTITUTIONS:
        institution, was_created = event_services.institution_get_or_create(
            name=name, category=categories[code], short_name=short_name
        )
        created += was_created
        institutions.setdefault(code, []).append(institution)

    logins = []
    users = {}
    for email, password, display_name, role in data.LOGINS:
        extra = {"is_staff": True, "is_superuser": True} if role == "superuser" else {}
        user, was_created = _user(email, password, display_name, **extra)
        created += was_created
        users[role] = user
        logins.append((role, email, password))
    grant_role(users["organiser"], Role.ORGANISER)
    grant_role(users["participant"], Role.PARTICIPANT)
    # The demo organiser's team runs both demo events; the second team has
    # none of them (its organisers would see neither, nor their people).
    team, was_created = Team.objects.get_or_create(name=data.TEAM)
    created += was_created
    team.members.add(users["organiser"])
    created += Team.objects.get_or_create(name=data.OTHER_TEAM)[1]

    event = Event.objects.filter(code=data.EVENT["code"]).first()
    if event is None:
        start = today + dt.timedelta(days=14)
        event = event_services.event_create(
            actor=users["organiser"],
            team=team,
            **data.EVENT,
            start_date=start,
            end_date=start + dt.timedelta(days=1),
            registration_opens_at=timezone.now() - dt.timedelta(days=7),
            registration_closes_at=dt.datetime.combine(start, dt.time(0, 0), tzinfo=tz),
            status=EventStatus.PUBLISHED,
            registration_mode=RegistrationMode.BOTH,
            approval_mode=ApprovalMode.AUTO,
        )
        created += 1
        for day, start_time, end_time, title, speakers, room, counts in data.SESSIONS:
            date = event.start_date + dt.timedelta(days=day)
            event_services.session_create(
                actor=users["organiser"],
                event=event,
                title=title,
                speakers=speakers,
                room=room,
                starts_at=dt.datetime.combine(date, dt.time.fromisoformat(start_time), tzinfo=tz),
                ends_at=dt.datetime.combine(date, dt.time.fromisoformat(end_time), tzinfo=tz),
                counts_for_certificate=counts,
            )
            created += 1

    for key, staff_role in (
        ("door_supervisor", StaffRole.SUPERVISOR),
        ("door_steward", StaffRole.STEWARD),
    ):
        if not event.staff.filter(user=users[key]).exists():
            event_services.event_staff_assign(
                actor=users["organiser"], event=event, user=users[key], role=staff_role
            )

    people = []
    for index, person in enumerate(_demo_people(rng, today, institutions)):
        person.pop("category")
        email = users["participant"].email if index == 0 else person.pop("email")
        person.pop("email", None)
        participant = Participant.objects.filter(email__iexact=email).first()
        if participant is None:
            participant = participant_create(
                # The first person is the demo participant's own profile.
                user=users["participant"] if index == 0 else None,
                email=email,
                consent_at=timezone.now(),
                **person,
            )
            created += 1
        if not Registration.objects.filter(event=event, participant=participant).exists():
            registration = registration_create(
                event=event,
                participant=participant,
                role=DEMO_ROLES.get(index, RegistrationRole.PARTICIPANT),
                source=RegistrationSource.IMPORT if index % 3 else RegistrationSource.SELF,
                actor=users["organiser"],
            )
            if index in DEMO_STATUS_CHANGES:
                DEMO_STATUS_CHANGES[index](registration=registration, actor=users["organiser"])
            created += 1
        people.append(participant)

    if not CertificateSettings.objects.filter(event=event).exists():
        _certificate_settings(event, actor=users["organiser"])
        created += 1

    created += finished.seed_finished_event(
        today=today,
        organiser=users["organiser"],
        team=team,
        door_staff=users["door_supervisor"],
        people=people[: data.FINISHED_PEOPLE],
        certificate_settings=_certificate_settings,
    )
    return SeedResult(event=event, created=created, logins=logins)


def _certificate_settings(event: Event, *, actor, number_pattern: str = "") -> None:
    """The demo's certificate template: drawn artwork, a Diskominfo signatory,
    downloads open so a participant with complete attendance can download."""
    settings = certificate_settings_ensure(event=event)
    certificate_settings_update(
        actor=actor,
        settings=settings,
        changes={
            **data.CERTIFICATE,
            **({"number_pattern": number_pattern} if number_pattern else {}),
            "downloads_open": True,
        },
        uploads={
            "background": SimpleUploadedFile(
                "background.png", artwork.certificate_background(), content_type="image/png"
            ),
            "logo_left": SimpleUploadedFile("logo.png", artwork.emblem(), content_type="image/png"),
        },
    )
