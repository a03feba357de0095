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
from participants.models import Participant
from participants.models.people import Employment

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
class Course:
    certificate: Certificate
    jp: int

    @property
    def event(self) -> Event:
        return self.certificate.event


@dataclass
class AsnRow:
    participant: Participant
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
    return certificates.select_related("event", "registration__participant__institution").order_by(
        "registration__participant__institution__name",
        "registration__participant__full_name",
        "registration__participant_id",
        "event__start_date",
        "id",
    )


def asn_rows(certificates) -> list[AsnRow]:
    """One row per ASN, their courses in date order."""
    rows: dict[int, AsnRow] = {}
    for certificate in certificates:
        participant = certificate.registration.participant
        row = rows.get(participant.pk)
        if row is None:
            row = rows[participant.pk] = AsnRow(participant=participant)
        row.courses.append(Course(certificate=certificate, jp=jp.earned_jp(certificate.snapshot)))
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


def siasn_row(course: Course, participant: Participant) -> list:
    event = course.event
    return [
        participant.nip or "",
        participant.display_name,
        event.title,
        COURSE_TYPE,
        event.organiser_unit,
        _siasn_date(event.start_date),
        _siasn_date(event.end_date),
        event.start_date.year,
        course.jp,
        course.certificate.number,
        course.certificate.verify_url,
    ]


def siasn_rows(rows: list[AsnRow]) -> tuple[list[list], list[list]]:
    """(rows ready for SIASN, rows of ASN without a NIP — listed apart)."""
    ready, missing = [], []
    for row in rows:
        target = ready if row.participant.nip else missing
        for course in row.courses:
            target.append(siasn_row(course, row.participant))
    return ready, missing


def recap_row(row: AsnRow, *, target: int) -> list:
    participant = row.participant
    return [
        participant.nip or "",
        participant.display_name,
        participant.institution.name,
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
