"""The event itself, its agenda and its audit trail."""

import json
from collections.abc import Iterator

from archive.tables.base import (
    CHUNK,
    Context,
    Table,
    fixed,
    user_label,
    yes_no,
)
from bimtek.models import AuditEntry


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
        ["Dibuat oleh", user_label(event.created_by)],
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
            yes_no(session.counts_for_certificate),
            ctx.when(override.opens_at if override else session.checkin_opens_at),
            ctx.when(override.closes_at if override else session.checkin_closes_at),
            override.reason if override else "",
            session.description,
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
            user_label(entry.actor),
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.summary,
            json.dumps(entry.changes, ensure_ascii=False, sort_keys=True, default=str)
            if entry.changes
            else "",
        ]


EVENT = Table(
    "01_kegiatan",
    "Kegiatan",
    "Data kegiatan: judul, penyelenggara, tempat, tanggal, kapasitas, status, aturan "
    "pendaftaran dan presensi (satu baris per isian).",
    fixed("Isian", "Nilai"),
    _event_rows,
)

AGENDA = Table(
    "02_sesi",
    "Susunan acara",
    "Susunan acara: setiap sesi dengan narasumber, moderator, ruang, waktu, JP, apakah "
    "dihitung untuk sertifikat, dan jendela presensinya.",
    fixed(
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
)

AUDIT = Table(
    "11_jejak_audit",
    "Jejak audit",
    "Jejak audit kegiatan: siapa mengubah apa dan kapan (pendaftaran, sesi, sertifikat, "
    "jendela presensi, dan lainnya).",
    fixed("Waktu", "Oleh", "Tindakan", "Jenis objek", "ID objek", "Ringkasan", "Perubahan"),
    _audit_rows,
)
