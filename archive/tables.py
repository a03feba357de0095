"""The tables of an event's archive: what each file holds, its columns and
its rows (docs/archive.md).

Every table reads the database in a fixed number of queries whatever the
size of the event, and yields its rows one at a time (``iterator``), so a
5,000-participant event is written in flat memory. Headers and the README
are in Bahasa Indonesia, whatever the language of the person exporting: the
archive is a fixed format for a government office's records, like the
participant export (participants/resources.py). Times are ISO 8601 in the
event's time zone, with the offset (2019-07-08T08:03:12+07:00).
"""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from bimtek.models import AuditEntry, Event, EventStaff, Session
from bimtek.models.events import (
    ApprovalMode,
    EventStatus,
    EventTimezone,
    RegistrationMode,
    StaffRole,
)
from certificates.models import Certificate, EligibilityException, ExceptionDecision
from checkin.models import CheckIn, ScanLog
from checkin.models.checkins import CheckInMethod, ScanAction, ScanResult
from participants.models import Invitation, Registration
from participants.models.people import Employment, PangkatGolongan
from participants.models.registrations import (
    ACTIVE_STATUSES,
    RegistrationRole,
    RegistrationSource,
    RegistrationStatus,
)
from participants.phones import phone_local

CHUNK = 2000


@dataclass
class Context:
    """What every table of one archive shares: the event, its sessions and
    the labels of coded values (looked up once, in Bahasa Indonesia)."""

    event: Event
    sessions: list[Session] = field(default_factory=list)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def for_event(cls, event: Event) -> "Context":
        sessions = list(
            event.sessions.select_related("checkin_override").order_by(
                "starts_at", "position", "id"
            )
        )
        for session in sessions:
            session.event = event
        labels = {
            name: {value: str(label) for value, label in choices.choices}
            for name, choices in {
                "role": RegistrationRole,
                "status": RegistrationStatus,
                "source": RegistrationSource,
                "employment": Employment,
                "pangkat": PangkatGolongan,
                "method": CheckInMethod,
                "action": ScanAction,
                "result": ScanResult,
                "decision": ExceptionDecision,
                "staff_role": StaffRole,
                "event_status": EventStatus,
                "registration_mode": RegistrationMode,
                "approval_mode": ApprovalMode,
                "timezone": EventTimezone,
            }.items()
        }
        return cls(event=event, sessions=sessions, labels=labels)

    def when(self, value: dt.datetime | None) -> str:
        if value is None:
            return ""
        return timezone.localtime(value, self.event.tzinfo).isoformat(timespec="seconds")

    def label(self, kind: str, value: str) -> str:
        return self.labels[kind].get(value, value) if value else ""


def _yes(value: bool) -> str:
    return "ya" if value else "tidak"


def _user(user) -> str:
    if user is None:
        return ""
    name = getattr(user, "display_name", "") or ""
    return f"{name} <{user.email}>" if name else user.email


def _masked(scanned: str) -> str:
    """A scanned code is a ticket's secret while the ticket is valid: the
    archive keeps enough to tell codes apart, not enough to reuse one."""
    return f"{scanned[:6]}…" if len(scanned) > 6 else scanned


@dataclass(frozen=True)
class Table:
    name: str  # the file name without extension, e.g. "03_peserta"
    sheet: str  # the XLSX sheet (at most 31 characters)
    description: str  # for the README
    columns: Callable[[Context], list[str]]
    rows: Callable[[Context], Iterator[list]]


# --- the event and its agenda -------------------------------------------------------


def _event_rows(ctx: Context) -> Iterator[list]:
    event = ctx.event
    yield from (
        ["ID", event.pk],
        ["Kode", event.code],
        ["Judul", event.title],
        ["Penyelenggara", event.organiser_unit],
        ["Deskripsi", event.description],
        ["Tempat", event.venue],
        ["Alamat", event.address],
        ["Kota", event.city],
        ["Zona waktu", ctx.label("timezone", event.timezone)],
        ["Hari pertama", event.start_date.isoformat()],
        ["Hari terakhir", event.end_date.isoformat()],
        ["Pendaftaran dibuka", ctx.when(event.registration_opens_at)],
        ["Pendaftaran ditutup", ctx.when(event.registration_closes_at)],
        ["Kapasitas", "" if event.capacity is None else event.capacity],
        ["Status", ctx.label("event_status", event.status)],
        ["Alasan pembatalan", event.cancellation_reason],
        ["Cara pendaftaran", ctx.label("registration_mode", event.registration_mode)],
        ["Persetujuan", ctx.label("approval_mode", event.approval_mode)],
        ["Menit per JP", event.minutes_per_jp],
        ["Presensi dibuka (menit sebelum sesi)", event.checkin_opens_minutes],
        ["Dibuat oleh", _user(event.created_by)],
        ["Dibuat", ctx.when(event.created_at)],
        ["Terakhir diubah", ctx.when(event.updated_at)],
    )


def _session_rows(ctx: Context) -> Iterator[list]:
    for number, session in enumerate(ctx.sessions, start=1):
        override = getattr(session, "checkin_override", None)
        yield [
            session.pk,
            number,
            session.title,
            "; ".join(session.speaker_list),
            session.moderator,
            session.room,
            ctx.when(session.starts_at),
            ctx.when(session.ends_at),
            session.jp,
            _yes(session.counts_for_certificate),
            ctx.when(override.opens_at if override else session.checkin_opens_at),
            ctx.when(override.closes_at if override else session.checkin_closes_at),
            override.reason if override else "",
            session.description,
        ]


# --- participants and registrations -----------------------------------------------------


def _registrations(ctx: Context):
    return (
        Registration.objects.filter(event=ctx.event)
        .select_related(
            "participant",
            "participant__institution",
            "participant__institution__category",
            "invitation__institution",
        )
        .order_by("participant__full_name", "id")
    )


def _registration_rows(ctx: Context) -> Iterator[list]:
    for number, registration in enumerate(_registrations(ctx).iterator(chunk_size=CHUNK), start=1):
        person = registration.participant
        institution = person.institution
        invitation = registration.invitation
        yield [
            registration.pk,
            number,
            person.display_name,
            person.full_name,
            person.title_front,
            person.title_back,
            person.nip or "",
            ctx.label("employment", person.employment),
            ctx.label("pangkat", person.pangkat_golongan),
            person.jabatan,
            institution.name,
            institution.category.name,
            person.email,
            phone_local(person.phone),
            ctx.label("role", registration.role),
            ctx.label("status", registration.status),
            ctx.label("source", registration.source),
            invitation.institution.name if invitation else "",
            ctx.when(registration.created_at),
            ctx.when(registration.status_changed_at),
            ctx.when(registration.reminder_sent_at),
            ctx.when(person.consent_at),
        ]


def _invitation_rows(ctx: Context) -> Iterator[list]:
    invitations = (
        Invitation.objects.filter(event=ctx.event)
        .select_related("institution", "created_by")
        .annotate(
            active=Count("registrations", filter=Q(registrations__status__in=ACTIVE_STATUSES))
        )
        .order_by("institution__name", "id")
    )
    for invitation in invitations.iterator(chunk_size=CHUNK):
        yield [
            invitation.pk,
            invitation.institution.name,
            invitation.quota,
            invitation.active,
            invitation.contact_name,
            invitation.contact_email,
            _user(invitation.created_by),
            ctx.when(invitation.created_at),
            ctx.when(invitation.sent_at),
            ctx.when(invitation.revoked_at),
        ]


def _staff_rows(ctx: Context) -> Iterator[list]:
    staff = EventStaff.objects.filter(event=ctx.event).select_related("user")
    for assignment in staff.order_by("user__email").iterator(chunk_size=CHUNK):
        yield [
            assignment.user.display_name,
            assignment.user.email,
            ctx.label("staff_role", assignment.role),
            ctx.when(assignment.created_at),
        ]


# --- attendance ------------------------------------------------------------------


def _checkin_rows(ctx: Context) -> Iterator[list]:
    checkins = (
        CheckIn.objects.filter(session__event=ctx.event)
        .select_related("registration__participant__institution", "session", "checked_in_by")
        .order_by("session__starts_at", "session_id", "checked_in_at", "id")
    )
    for checkin in checkins.iterator(chunk_size=CHUNK):
        person = checkin.registration.participant
        yield [
            checkin.registration_id,
            person.display_name,
            person.nip or "",
            person.institution.name,
            checkin.session_id,
            checkin.session.title,
            ctx.when(checkin.checked_in_at),
            ctx.when(checkin.recorded_at),
            ctx.label("method", checkin.method),
            _user(checkin.checked_in_by),
            checkin.device,
            checkin.reason,
        ]


def _summary_columns(ctx: Context) -> list[str]:
    return [
        "ID pendaftaran",
        "Nama dan gelar",
        "NIP",
        "Instansi",
        "Peran",
        "Status pendaftaran",
        *(f"Sesi {n}: {session.title}" for n, session in enumerate(ctx.sessions, start=1)),
        "Jumlah sesi hadir",
        "JP hadir (sesi yang dihitung)",
    ]


def _summary_rows(ctx: Context) -> Iterator[list]:
    # Who was where: one small pair per check-in (20,000 for 5,000 people
    # and four sessions), read once.
    present: dict[int, set[int]] = defaultdict(set)
    pairs = CheckIn.objects.filter(session__event=ctx.event).values_list(
        "registration_id", "session_id"
    )
    for registration_id, session_id in pairs.iterator(chunk_size=CHUNK):
        present[registration_id].add(session_id)
    for registration in _registrations(ctx).iterator(chunk_size=CHUNK):
        attended = present.get(registration.pk, set())
        person = registration.participant
        yield [
            registration.pk,
            person.display_name,
            person.nip or "",
            person.institution.name,
            ctx.label("role", registration.role),
            ctx.label("status", registration.status),
            *("hadir" if session.pk in attended else "" for session in ctx.sessions),
            len(attended),
            sum(s.jp for s in ctx.sessions if s.pk in attended and s.counts_for_certificate),
        ]


def _scan_rows(ctx: Context) -> Iterator[list]:
    log = (
        ScanLog.objects.filter(session__event=ctx.event)
        .select_related("session", "registration__participant", "staff")
        .order_by("received_at", "id")
    )
    for entry in log.iterator(chunk_size=CHUNK):
        registration = entry.registration
        yield [
            entry.pk,
            ctx.when(entry.received_at),
            ctx.when(entry.scanned_at),
            entry.session_id,
            entry.session.title,
            ctx.label("action", entry.action),
            ctx.label("result", entry.result),
            entry.reason,
            entry.note,
            _masked(entry.scanned_value),
            entry.registration_id or "",
            registration.participant.display_name if registration else "",
            _user(entry.staff),
            entry.device,
            entry.client_id,
        ]


# --- certificates ----------------------------------------------------------------


def _certificate_rows(ctx: Context) -> Iterator[list]:
    certificates = (
        Certificate.objects.filter(event=ctx.event)
        .select_related("issued_by", "revoked_by", "replaces")
        .order_by("sequence")
    )
    for certificate in certificates.iterator(chunk_size=CHUNK):
        snapshot = certificate.snapshot or {}
        yield [
            certificate.pk,
            certificate.sequence,
            certificate.number,
            certificate.grouped_code,
            certificate.registration_id,
            snapshot.get("name", ""),
            snapshot.get("institution", ""),
            snapshot.get("role_label", ""),
            snapshot.get("jp", ""),
            ctx.when(certificate.issued_at),
            _user(certificate.issued_by),
            "tidak berlaku" if certificate.is_revoked else "berlaku",
            ctx.when(certificate.revoked_at),
            _user(certificate.revoked_by),
            certificate.revoke_reason,
            certificate.replaces.number if certificate.replaces else "",
            json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
        ]


def _exception_rows(ctx: Context) -> Iterator[list]:
    exceptions = (
        EligibilityException.objects.filter(registration__event=ctx.event)
        .select_related("registration__participant", "decided_by")
        .order_by("registration__participant__full_name", "id")
    )
    for exception in exceptions.iterator(chunk_size=CHUNK):
        yield [
            exception.registration_id,
            exception.registration.participant.display_name,
            ctx.label("decision", exception.decision),
            exception.reason,
            _user(exception.decided_by),
            ctx.when(exception.decided_at),
        ]


def _audit_rows(ctx: Context) -> Iterator[list]:
    entries = (
        AuditEntry.objects.filter(event=ctx.event)
        .select_related("actor")
        .order_by("created_at", "id")
    )
    for entry in entries.iterator(chunk_size=CHUNK):
        yield [
            ctx.when(entry.created_at),
            _user(entry.actor),
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.summary,
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True, default=str)
            if entry.changes
            else "",
        ]


def _fixed(*columns: str) -> Callable[[Context], list[str]]:
    return lambda ctx: list(columns)


TABLES: tuple[Table, ...] = (
    Table(
        "01_kegiatan",
        "Kegiatan",
        "Data kegiatan: judul, penyelenggara, tempat, tanggal, kapasitas, status, aturan "
        "pendaftaran dan presensi (satu baris per isian).",
        _fixed("Isian", "Nilai"),
        _event_rows,
    ),
    Table(
        "02_sesi",
        "Susunan acara",
        "Susunan acara: setiap sesi dengan narasumber, moderator, ruang, waktu, JP, apakah "
        "dihitung untuk sertifikat, dan jendela presensinya.",
        _fixed(
            "ID sesi",
            "No.",
            "Judul",
            "Narasumber",
            "Moderator",
            "Ruang",
            "Mulai",
            "Selesai",
            "JP",
            "Dihitung untuk sertifikat",
            "Presensi dibuka",
            "Presensi ditutup",
            "Alasan perubahan jendela presensi",
            "Deskripsi",
        ),
        _session_rows,
    ),
    Table(
        "03_peserta",
        "Peserta",
        "Semua pendaftaran (peserta, narasumber, moderator, panitia) dengan data diri: nama "
        "dan gelar, NIP, pangkat/golongan, jabatan, instansi, kontak, peran, status, sumber "
        "pendaftaran dan waktunya. Kode QR tiket tidak disertakan.",
        _fixed(
            "ID pendaftaran",
            "No.",
            "Nama dan gelar",
            "Nama lengkap",
            "Gelar depan",
            "Gelar belakang",
            "NIP",
            "Status kepegawaian",
            "Pangkat/golongan",
            "Jabatan",
            "Instansi",
            "Kategori instansi",
            "E-mail",
            "Nomor HP",
            "Peran",
            "Status pendaftaran",
            "Sumber",
            "Dikirim oleh instansi (undangan)",
            "Tanggal daftar",
            "Status terakhir berubah",
            "Pengingat terkirim",
            "Persetujuan data pribadi",
        ),
        _registration_rows,
    ),
    Table(
        "04_undangan",
        "Undangan instansi",
        "Undangan kepada instansi: kuota, jumlah delegasi aktif, kontak, dan kapan dikirim "
        "atau dicabut. Tautan undangan tidak disertakan.",
        _fixed(
            "ID undangan",
            "Instansi",
            "Kuota",
            "Delegasi aktif",
            "Kontak",
            "E-mail kontak",
            "Dibuat oleh",
            "Dibuat",
            "Terakhir dikirim",
            "Dicabut",
        ),
        _invitation_rows,
    ),
    Table(
        "05_petugas",
        "Petugas registrasi",
        "Petugas registrasi yang ditugaskan di kegiatan ini dan perannya.",
        _fixed("Nama", "E-mail", "Peran", "Ditugaskan"),
        _staff_rows,
    ),
    Table(
        "06_kehadiran",
        "Kehadiran",
        "Daftar hadir: setiap kehadiran (registrasi ulang) per sesi, dengan waktu, cara "
        "(pindai QR atau manual), petugas, perangkat dan alasan pencatatan manual.",
        _fixed(
            "ID pendaftaran",
            "Nama dan gelar",
            "NIP",
            "Instansi",
            "ID sesi",
            "Sesi",
            "Waktu hadir",
            "Dicatat",
            "Cara",
            "Petugas",
            "Perangkat",
            "Alasan",
        ),
        _checkin_rows,
    ),
    Table(
        "07_rekap_kehadiran",
        "Rekap kehadiran",
        "Rekap presensi: satu baris per pendaftaran, satu kolom per sesi (\u201chadir\u201d atau "
        "kosong), jumlah sesi yang dihadiri dan JP dari sesi yang dihitung untuk sertifikat.",
        _summary_columns,
        _summary_rows,
    ),
    Table(
        "08_log_pemindaian",
        "Log pemindaian",
        "Log pemindaian: setiap percobaan di pintu, diterima atau ditolak, termasuk pembatalan "
        "(undo), dengan hasil dan alasannya. Kode yang dipindai hanya ditampilkan 6 karakter "
        "pertamanya.",
        _fixed(
            "ID log",
            "Diterima server",
            "Waktu pindai",
            "ID sesi",
            "Sesi",
            "Tindakan",
            "Hasil",
            "Keterangan",
            "Catatan petugas",
            "Kode dipindai (disamarkan)",
            "ID pendaftaran",
            "Nama dan gelar",
            "Petugas",
            "Perangkat",
            "ID klien",
        ),
        _scan_rows,
    ),
    Table(
        "09_sertifikat",
        "Sertifikat",
        "Sertifikat yang diterbitkan, termasuk yang dicabut: nomor, kode verifikasi, data yang "
        "tercetak (kolom terakhir: JSON lengkap), penerbitan, pencabutan beserta alasannya, "
        "dan sertifikat yang digantikan.",
        _fixed(
            "ID sertifikat",
            "No. urut",
            "Nomor sertifikat",
            "Kode verifikasi",
            "ID pendaftaran",
            "Nama tercetak",
            "Instansi tercetak",
            "Peran tercetak",
            "JP tercetak",
            "Diterbitkan",
            "Diterbitkan oleh",
            "Keadaan",
            "Dicabut",
            "Dicabut oleh",
            "Alasan pencabutan",
            "Menggantikan nomor",
            "Data tercetak (JSON)",
        ),
        _certificate_rows,
    ),
    Table(
        "10_pengecualian_sertifikat",
        "Pengecualian sertifikat",
        "Keputusan panitia yang mengecualikan aturan kehadiran untuk sertifikat (diberikan atau "
        "tidak diberikan), dengan alasan.",
        _fixed("ID pendaftaran", "Nama dan gelar", "Keputusan", "Alasan", "Oleh", "Waktu"),
        _exception_rows,
    ),
    Table(
        "11_jejak_audit",
        "Jejak audit",
        "Jejak audit kegiatan: siapa mengubah apa dan kapan (pendaftaran, sesi, sertifikat, "
        "jendela presensi, dan lainnya).",
        _fixed("Waktu", "Oleh", "Tindakan", "Jenis objek", "ID objek", "Ringkasan", "Perubahan"),
        _audit_rows,
    ),
)
