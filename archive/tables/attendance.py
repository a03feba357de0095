"""Attendance: check-ins, the summary per registration, the door's scan log."""

from collections import defaultdict
from collections.abc import Iterator

from archive.tables.base import (
    CHUNK,
    Context,
    Table,
    event_registrations,
    fixed,
    masked,
    user_label,
)
from checkin.models import CheckIn, ScanLog


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
            user_label(checkin.checked_in_by),
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
    for registration in event_registrations(ctx).iterator(chunk_size=CHUNK):
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
            masked(entry.scanned_value),
            entry.registration_id or "",
            registration.participant.display_name if registration else "",
            user_label(entry.staff),
            entry.device,
            entry.client_id,
        ]


CHECKINS = Table(
    "06_kehadiran",
    "Kehadiran",
    "Daftar hadir: setiap kehadiran (registrasi ulang) per sesi, dengan waktu, cara "
    "(pindai QR atau manual), petugas, perangkat dan alasan pencatatan manual.",
    fixed(
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
)

SUMMARY = Table(
    "07_rekap_kehadiran",
    "Rekap kehadiran",
    "Rekap presensi: satu baris per pendaftaran, satu kolom per sesi (\u201chadir\u201d atau "
    "kosong), jumlah sesi yang dihadiri dan JP dari sesi yang dihitung untuk sertifikat.",
    _summary_columns,
    _summary_rows,
)

SCANS = Table(
    "08_log_pemindaian",
    "Log pemindaian",
    "Log pemindaian: setiap percobaan di pintu, diterima atau ditolak, termasuk pembatalan "
    "(undo), dengan hasil dan alasannya. Kode yang dipindai hanya ditampilkan 6 karakter "
    "pertamanya.",
    fixed(
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
)
