"""Reads of the accountability pack: who spoke and moderated (from the
sessions' texts), the committee, the honorarium lines and the event's
figures for the berita acara and the laporan kegiatan."""

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from bimtek.models import Event, Session
from certificates.models import Certificate
from outbox.models import Delivery
from participants.models import Registration
from participants.models.registrations import RegistrationStatus
from spj import money
from spj.models import DataRequest, PackSettings, Person, RateBasis


def name_key(name: str) -> str:
    """Names match the sessions' texts whatever the case, spacing and width
    (NFKC: a full-width name typed on a phone is the same name)."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


# "Dr. Ir. Hendra Wijaya, M.Sc. (Kementerian Komunikasi dan Digital)": the
# agenda often names the institution after the speaker, in brackets.
_TRAILING_BRACKETS = re.compile(r"^(?P<name>.*?\S)\s*\((?P<institution>[^()]*)\)$")


def agenda_name_split(raw: str) -> tuple[str, str]:
    """A name as written in the agenda → (the person's name, the institution
    in a trailing "(…)", or "")."""
    text = " ".join((raw or "").split())
    found = _TRAILING_BRACKETS.match(text)
    if found is None or not found["institution"].strip():
        return text, ""
    return found["name"].rstrip(" ,"), found["institution"].strip()


def speaker_key(raw: str) -> str:
    """The key of a speaker named in the agenda, without the institution."""
    return name_key(agenda_name_split(raw)[0])


def event_sessions(*, event: Event) -> list[Session]:
    sessions = list(Session.objects.filter(event=event).order_by("starts_at", "position", "id"))
    for session in sessions:
        session.event = event
    return sessions


@dataclass
class Speaker:
    name: str
    person: Person | None
    institution: str = ""  # from the agenda: "Name (Institution)"
    spoke: list[Session] = field(default_factory=list)
    moderated: list[Session] = field(default_factory=list)

    @property
    def sessions(self) -> list[Session]:
        return sorted(self.spoke + self.moderated, key=lambda s: (s.starts_at, s.position, s.pk))

    @property
    def jp(self) -> int:
        return sum(session.jp for session in self.sessions)

    @property
    def roles(self) -> str:
        roles = []
        if self.spoke:
            roles.append("Narasumber")
        if self.moderated:
            roles.append("Moderator")
        return " / ".join(roles)


def speakers_of_event(*, event: Event, sessions: list[Session] | None = None) -> list[Speaker]:
    """Everyone named as a speaker or moderator in the event's sessions, in
    the order they first appear, with their SPJ record when there is one
    (two queries). A trailing "(…)" after a name in the agenda is the
    institution, not part of the name (``agenda_name_split``); a record
    saved earlier under the whole text still matches."""
    sessions = event_sessions(event=event) if sessions is None else sessions
    people = {name_key(p.name): p for p in Person.objects.filter(event=event)}
    speakers: dict[str, Speaker] = {}

    def speaker(raw: str) -> Speaker:
        name, institution = agenda_name_split(raw)
        key = name_key(name)
        if key not in speakers:
            person = people.get(key) or people.get(name_key(raw))
            speakers[key] = Speaker(name=name, person=person, institution=institution)
        elif institution and not speakers[key].institution:
            speakers[key].institution = institution
        if speakers[key].person is None:
            speakers[key].person = people.get(name_key(raw))
        return speakers[key]

    for session in sessions:
        for name in session.speaker_list:
            speaker(name).spoke.append(session)
        if session.moderator.strip():
            speaker(session.moderator).moderated.append(session)
    return list(speakers.values())


def committee_of_event(*, event: Event) -> list[Person]:
    return list(Person.objects.filter(event=event, is_committee=True).order_by("name", "id"))


def minutes_can_be_numbered(event: Event, now: dt.datetime | None = None) -> bool:
    """A berita acara says the event "telah dilaksanakan": it is numbered from
    the event's last day on (in the event's time zone), not before."""
    now = now or timezone.now()
    return timezone.localtime(now, event.tzinfo).date() >= event.end_date


def pack_settings_for(event: Event) -> PackSettings:
    """The event's SPJ settings, unsaved and empty when never edited."""
    found = PackSettings.objects.filter(event=event).first()
    return found if found is not None else PackSettings(event=event)


@dataclass
class HonorariumLine:
    number: int
    speaker: Speaker
    person: Person
    units: Decimal
    unit_label: str
    amounts: money.Honorarium

    @property
    def tax_label(self) -> str:
        if self.person.is_pns:
            return f"PNS {self.person.golongan or '-'}"
        return "Non-PNS, NPWP" if self.person.npwp else "Non-PNS, tanpa NPWP"


@dataclass
class Honoraria:
    lines: list[HonorariumLine]
    without_rate: list[Speaker]  # named in the sessions, no rate entered yet
    gross: Decimal
    tax: Decimal
    net: Decimal


def honoraria(*, event: Event, sessions: list[Session] | None = None) -> Honoraria:
    """One line per speaker or moderator with a rate: the JP (or sessions)
    they taught × the rate, the PPh 21 of their case, the net."""
    lines: list[HonorariumLine] = []
    without_rate: list[Speaker] = []
    for speaker in speakers_of_event(event=event, sessions=sessions):
        person = speaker.person
        if person is None or person.rate is None:
            without_rate.append(speaker)
            continue
        if person.rate_basis == RateBasis.PER_JP:
            units, unit_label = Decimal(speaker.jp), "JP"
        else:
            units, unit_label = Decimal(len(speaker.sessions)), "sesi"
        case = money.tax_case(
            is_pns=person.is_pns, golongan=person.golongan, has_npwp=bool(person.npwp)
        )
        lines.append(
            HonorariumLine(
                number=len(lines) + 1,
                speaker=speaker,
                person=person,
                units=units,
                unit_label=unit_label,
                amounts=money.honorarium(units=units, rate=person.rate, case=case),
            )
        )
    return Honoraria(
        lines=lines,
        without_rate=without_rate,
        gross=sum((line.amounts.gross for line in lines), Decimal(0)),
        tax=sum((line.amounts.tax for line in lines), Decimal(0)),
        net=sum((line.amounts.net for line in lines), Decimal(0)),
    )


def days_of_event(*, event: Event, sessions: list[Session]) -> list[dt.date]:
    """The days that have sessions (the daftar hadir per day)."""
    return sorted({session.local_date for session in sessions})


def certificates_issued(*, event: Event) -> int:
    return Certificate.objects.filter(event=event, revoked_at__isnull=True).count()


def attendance_by_category(*, event: Event) -> list[dict]:
    """Approved participants and those who came at least once, by the
    category of their institution (one query)."""
    rows = (
        Registration.objects.filter(event=event, status=RegistrationStatus.APPROVED)
        .values("participant__institution__category__name")
        .annotate(
            registered=Count("id", distinct=True),
            attended=Count("id", distinct=True, filter=Q(checkins__isnull=False)),
        )
        .order_by("participant__institution__category__sort_order")
    )
    return [
        {
            "category": row["participant__institution__category__name"],
            "registered": row["registered"],
            "attended": row["attended"],
        }
        for row in rows
    ]


def token_hash(token: str) -> str:
    """What is stored of a speaker's link (only the e-mail holds the token)."""
    return hashlib.sha256(token.encode()).hexdigest()


def data_request_by_token(token: str) -> DataRequest | None:
    """The request a speaker's link names, or None."""
    if not token or len(token) > 100:
        return None
    return (
        DataRequest.objects.select_related("person__event")
        .filter(token_hash=token_hash(token))
        .first()
    )


@dataclass(frozen=True)
class RequestState:
    request: DataRequest
    delivery_status: str  # the outbox's, "" when unknown
    delivery_label: str

    @property
    def filled(self) -> bool:
        return self.request.filled_at is not None

    @property
    def delivery_failed(self) -> bool:
        return self.delivery_status in ("failed", "bounced")


def data_requests_of(*, event: Event) -> dict[int, RequestState]:
    """Each person's form link, by person id, with what became of its
    e-mail (two queries)."""
    requests = list(DataRequest.objects.filter(person__event=event).select_related("person"))
    deliveries = {
        d.message_id: d
        for d in Delivery.objects.filter(
            message_id__in=[r.message_id for r in requests if r.message_id]
        )
    }
    states = {}
    for request in requests:
        delivery = deliveries.get(request.message_id)
        states[request.person_id] = RequestState(
            request=request,
            delivery_status=delivery.status if delivery else "",
            delivery_label=delivery.get_status_display() if delivery else "",
        )
    return states
