"""Reads for the institution report (HR / BKPSDM, organisers) and the
SIASN-ready export: ASN per institution with the JP earned in a year, one
course per valid certificate, at the JP frozen in it (docs/jp.md,
docs/siasn.md).

Who sees what (``certificate_scope``): an administrator everything; an HR
viewer the ASN of their institutions (whoever ran the course); an organiser
the certificates of their teams' events. Each list costs a fixed number of
queries whatever the number of rows.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from accounts.permissions import is_administrator, is_organiser
from bimtek import formatting
from bimtek.models import Event, Institution
from bimtek.permissions import team_ids
from certificates import jp
from certificates.models import Certificate
from competency.models import HrViewer
from participants.models.people import Employment, format_display_name

ASN = (Employment.PNS, Employment.PPPK)


def hr_institution_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(HrViewer.objects.filter(user=user).values_list("institution_id", flat=True))


def certificate_scope(user) -> Q | None:
    """The certificates ``user`` may report on, as a filter; None: none."""
    if not user.is_authenticated:
        return None
    if is_administrator(user):
        return Q()
    scope = None
    institutions = hr_institution_ids(user)
    if institutions:
        scope = Q(registration__participant__institution_id__in=institutions)
    if is_organiser(user):
        teams = Q(event__team_id__in=team_ids(user))
        scope = teams if scope is None else scope | teams
    return scope


@dataclass(frozen=True)
class Person:
    """The ASN of a report row, read as plain values (no model instance)."""

    pk: int
    nip: str | None
    full_name: str
    display_name: str
    institution_name: str


@dataclass(frozen=True)
class CourseEvent:
    pk: int
    title: str
    organiser_unit: str
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class Course:
    certificate_id: int
    number: str
    code: str
    event: CourseEvent
    jp: int


@dataclass
class AsnRow:
    participant: Person
    courses: list[Course] = field(default_factory=list)

    @property
    def jp(self) -> int:
        return sum(course.jp for course in self.courses)


def report_certificates(
    *, user, year: int, institution_id: int | None = None, search: str = ""
) -> QuerySet[Certificate]:
    scope = certificate_scope(user)
    if scope is None:
        return Certificate.objects.none()
    certificates = Certificate.objects.filter(
        scope,
        revoked_at__isnull=True,
        event__start_date__year=year,
        registration__participant__employment__in=ASN,
    )
    if institution_id:
        certificates = certificates.filter(registration__participant__institution_id=institution_id)
    if search:
        certificates = certificates.filter(
            Q(registration__participant__full_name__icontains=search)
            | Q(registration__participant__nip__startswith=search)
        )
    return certificates.order_by(
        "registration__participant__institution__name",
        "registration__participant__full_name",
        "registration__participant_id",
        "event__start_date",
        "id",
    )


_ROW_FIELDS = (
    "registration__participant_id",
    "registration__participant__nip",
    "registration__participant__full_name",
    "registration__participant__title_front",
    "registration__participant__title_back",
    "registration__participant__institution__name",
    "event_id",
    "id",
    "number",
    "code",
    # Only the two JP keys of the snapshot, not the whole printed text.
    "snapshot__jp_attended",
    "snapshot__jp",
)


def asn_rows(certificates: QuerySet[Certificate]) -> list[AsnRow]:
    """One row per ASN, their courses in date order. Two queries whatever
    the number of rows: the certificates as plain values, then their events."""
    values = list(certificates.values_list(*_ROW_FIELDS))
    events = {
        event.pk: CourseEvent(
            pk=event.pk,
            title=event.title,
            organiser_unit=event.organiser_unit,
            start_date=event.start_date,
            end_date=event.end_date,
        )
        for event in Event.objects.filter(pk__in={row[6] for row in values}).only(
            "title", "organiser_unit", "start_date", "end_date"
        )
    }
    rows: dict[int, AsnRow] = {}
    for (
        participant_id,
        nip,
        full_name,
        title_front,
        title_back,
        institution,
        event_id,
        certificate_id,
        number,
        code,
        jp_attended,
        jp_stated,
    ) in values:
        row = rows.get(participant_id)
        if row is None:
            row = rows[participant_id] = AsnRow(
                participant=Person(
                    pk=participant_id,
                    nip=nip,
                    full_name=full_name,
                    display_name=format_display_name(full_name, title_front, title_back),
                    institution_name=institution or "",
                )
            )
        # A JSON key that is absent reads as None: earned_jp sees what the
        # snapshot holds of the two keys it reads.
        snapshot = {
            key: value
            for key, value in (("jp_attended", jp_attended), ("jp", jp_stated))
            if value is not None
        }
        row.courses.append(
            Course(
                certificate_id=certificate_id,
                number=number,
                code=code,
                event=events[event_id],
                jp=jp.earned_jp(snapshot),
            )
        )
    return list(rows.values())


def institutions_in_scope(user) -> QuerySet[Institution]:
    """The institutions to filter by: an HR viewer's own, or those of the
    ASN an organiser's events certified."""
    scope = certificate_scope(user)
    if scope is None:
        return Institution.objects.none()
    if not is_organiser(user):
        return Institution.objects.filter(pk__in=hr_institution_ids(user)).order_by("name")
    ids = (
        Certificate.objects.filter(scope, registration__participant__employment__in=ASN)
        .values("registration__participant__institution_id")
        .distinct()
    )
    return Institution.objects.filter(pk__in=ids).order_by("name")


# --- SIASN riwayat kursus --------------------------------------------------

# The columns of the export, in order, and the SIASN field each fills
# (docs/siasn.md gives the source).
SIASN_COLUMNS = [
    ("NIP", "nipBaru"),
    ("Nama", "-"),
    ("Nama Kursus", "namaKursus"),
    ("Jenis Kursus", "jenisKursus"),
    ("Institusi Penyelenggara", "institusiPenyelenggara"),
    ("Tanggal Mulai", "tanggalKursus"),
    ("Tanggal Selesai", "tanggalSelesaiKursus"),
    ("Tahun", "tahunKursus"),
    ("Jumlah Jam", "jumlahJam"),
    ("Nomor Sertifikat", "nomorSertipikat"),
    ("Tautan Verifikasi", "-"),
]
COURSE_TYPE = "Bimbingan Teknis"


def _siasn_date(day: dt.date) -> str:
    return f"{day:%d-%m-%Y}"  # SIASN's web service takes dd-mm-yyyy


def _course_columns(event: CourseEvent) -> tuple:
    """The columns a course's event fills, the same on each of its rows."""
    return (
        event.title,
        COURSE_TYPE,
        event.organiser_unit,
        _siasn_date(event.start_date),
        _siasn_date(event.end_date),
        event.start_date.year,
    )


def siasn_rows(rows: list[AsnRow]) -> tuple[list[list], list[list]]:
    """(rows ready for SIASN, rows of ASN without a NIP — listed apart), in
    the order of SIASN_COLUMNS. The verification link is formatted from one
    ``reverse()``; each event's columns are written once."""
    verify_url = Certificate.verify_url_format()
    by_event: dict[int, tuple] = {}
    ready, missing = [], []
    for row in rows:
        participant = row.participant
        target = ready if participant.nip else missing
        person = (participant.nip or "", participant.display_name)
        for course in row.courses:
            event = by_event.get(course.event.pk)
            if event is None:
                event = by_event[course.event.pk] = _course_columns(course.event)
            target.append(
                [
                    *person,
                    *event,
                    course.jp,
                    course.number,
                    verify_url.format(code=course.code),
                ]
            )
    return ready, missing


def recap_row(row: AsnRow, *, target: int) -> list:
    participant = row.participant
    return [
        participant.nip or "",
        participant.display_name,
        participant.institution_name,
        len(row.courses),
        row.jp,
        target,
        "Ya" if row.jp >= target else "Belum",
    ]


RECAP_COLUMNS = [
    "NIP",
    "Nama",
    "Instansi",
    "Jumlah kegiatan",
    "JP",
    "Target JP",
    "Target tercapai",
]


def period_label(year: int) -> str:
    return formatting.format_date_range(dt.date(year, 1, 1), dt.date(year, 12, 31), lang="id")
