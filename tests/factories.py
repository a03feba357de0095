"""factory_boy factories for every model the tests touch."""

import datetime as dt
import zoneinfo

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role, grant_role
from bimtek.models import Event, EventStaff, Institution, InstitutionCategory, Session, Team
from bimtek.models.events import EventStatus, StaffRole
from bimtek.models.teams import DEFAULT_TEAM_NAME
from checkin.models import CheckIn
from participants.models import Invitation, Participant, Registration, RevokedToken
from participants.models.registrations import RegistrationStatus
from participants.tokens import new_ticket_token

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
DEFAULT_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """A verified primary e-mail address, as allauth requires to log in."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)
        if create:
            obj.save()

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        for role in extracted or []:
            grant_role(obj, role)

    @factory.post_generation
    def teams(obj, create, extracted, **kwargs):
        """An organiser joins the default team (that of every EventFactory
        event) unless told which teams (``teams=[]``: none)."""
        if not create:
            return
        if extracted is None:
            is_organiser = obj.groups.filter(name=Role.ORGANISER.value).exists()
            extracted = [default_team()] if is_organiser else []
        if extracted:
            obj.teams.add(*extracted)


def default_team() -> Team:
    """The team the data migration creates (made again if a transactional
    test flushed the table)."""
    return Team.objects.get_or_create(name=DEFAULT_TEAM_NAME)[0]


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bidang Contoh {n}")

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.members.add(*extracted)


def organiser_user(**kwargs) -> User:
    return UserFactory(roles=[Role.ORGANISER], **kwargs)


def participant_user(**kwargs) -> User:
    return UserFactory(roles=[Role.PARTICIPANT], **kwargs)


def category(code: str = "opd") -> InstitutionCategory:
    """Categories are created by a data migration; fetch one by its code
    (made again if a transactional test flushed the table)."""
    return InstitutionCategory.objects.get_or_create(
        code=code, defaults={"name": code.upper(), "name_en": code.upper()}
    )[0]


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Dinas Contoh {n} Kota Tanjungpinang")
    category = factory.LazyFunction(category)


class EventFactory(factory.django.DjangoModelFactory):
    """A published two-day event starting two weeks from today, registration open."""

    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Bimtek Contoh {n}")
    code = factory.Sequence(lambda n: f"bimtek-contoh-{n}")
    organiser_unit = "Dinas Komunikasi dan Informatika Kota Tanjungpinang"
    venue = "Aula Lantai 3, Kantor Wali Kota Tanjungpinang"
    city = "Tanjungpinang"
    timezone = "Asia/Jakarta"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    end_date = factory.LazyAttribute(lambda o: o.start_date + dt.timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.start_date, dt.time.min, tzinfo=WIB)
    )
    # Opened yesterday, or a day before closing for an event whose first day
    # has begun in WIB (a test's date.today() is still yesterday there from
    # 17.00 UTC): never after it closes.
    registration_opens_at = factory.LazyAttribute(
        lambda o: min(
            timezone.now() - dt.timedelta(days=1),
            (o.registration_closes_at or timezone.now()) - dt.timedelta(days=1),
        )
    )
    status = EventStatus.PUBLISHED
    capacity = 100
    team = factory.LazyFunction(default_team)


class SessionFactory(factory.django.DjangoModelFactory):
    """A 90-minute session on the event's first day (08.00 + 2h × n, WIB)."""

    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Sesi {n}")
    room = "Aula Lantai 3"
    starts_at = factory.LazyAttributeSequence(
        lambda o, n: (
            dt.datetime.combine(o.event.start_date, dt.time(8, 0), tzinfo=WIB)
            + dt.timedelta(hours=2 * (n % 4))
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(minutes=90))


class EventStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventStaff

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.DOOR_STAFF])
    role = StaffRole.STEWARD


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Peserta Contoh {n}")
    institution = factory.SubFactory(InstitutionFactory)
    email = factory.Sequence(lambda n: f"peserta{n}@example.org")
    phone = "+6281234567890"


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = RegistrationStatus.APPROVED


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory, registration_mode="both")
    institution = factory.SubFactory(InstitutionFactory)
    quota = 2
    contact_name = "Kepala Sub Bagian Umum"
    contact_email = factory.Sequence(lambda n: f"umum{n}@example.org")


def nip_for(*, birth: str = "19850312", appointed: str = "201001", gender: str = "1", seq: int = 1):
    """A NIP that passes the rule (docs/nip.md), built from its parts."""
    return f"{birth}{appointed}{gender}{seq:03d}"


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    registration = factory.SubFactory(RegistrationFactory)
    session = factory.SubFactory(
        SessionFactory, event=factory.SelfAttribute("..registration.event")
    )
    checked_in_at = factory.LazyAttribute(lambda o: o.session.starts_at)


class RevokedTokenFactory(factory.django.DjangoModelFactory):
    """An old token of a reissued ticket (the registration keeps a new one)."""

    class Meta:
        model = RevokedToken

    registration = factory.SubFactory(RegistrationFactory)
    token = factory.LazyFunction(new_ticket_token)


def open_session(event=None, **kwargs) -> Session:
    """A session running now (its check-in window is open)."""
    now = timezone.now()
    fields = {"starts_at": now - dt.timedelta(minutes=10), "ends_at": now + dt.timedelta(hours=1)}
    fields.update(kwargs)
    if event is not None:
        fields["event"] = event
    return SessionFactory(**fields)


# --- certificates ------------------------------------------------------------
from certificates.models import CertificateSettings, EligibilityException  # noqa: E402


class CertificateSettingsFactory(factory.django.DjangoModelFactory):
    """An event's certificate settings with a signatory and downloads open."""

    class Meta:
        model = CertificateSettings

    event = factory.SubFactory(EventFactory)
    downloads_open = True
    number_pattern = "{seq:03}/SERT/BIMTEK-SC/{roman_month}/{year}"
    signatory_name = "Teguh Ahmad Syafari"
    signatory_title_back = "S.Kom., M.Si."
    signatory_position = "Kepala Dinas Komunikasi dan Informatika Kota Tanjungpinang"
    signatory_pangkat = "Pembina Utama Muda, IV/c"
    signatory_nip = "196801011990031001"


class EligibilityExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EligibilityException

    registration = factory.SubFactory(RegistrationFactory)
    decision = "grant"
    reason = "Sakit, dengan surat keterangan dokter"
    decided_at = factory.LazyFunction(timezone.now)


def attend(registration, sessions) -> None:
    """Check ``registration`` in to each of ``sessions``."""
    for session in sessions:
        CheckInFactory(registration=registration, session=session)
