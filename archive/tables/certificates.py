"""Certificates issued (revoked ones too) and the organisers' exceptions."""

import json
from collections.abc import Iterator

from archive.tables.base import (
    CHUNK,
    Context,
    Table,
    fixed,
    user_label,
)
from certificates.models import Certificate, EligibilityException


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
            user_label(certificate.issued_by),
            "tidak berlaku" if certificate.is_revoked else "berlaku",
            ctx.when(certificate.revoked_at),
            user_label(certificate.revoked_by),
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
            user_label(exception.decided_by),
            ctx.when(exception.decided_at),
        ]


CERTIFICATES = Table(
    "09_sertifikat",
    "Sertifikat",
    "Sertifikat yang diterbitkan, termasuk yang dicabut: nomor, kode verifikasi, data yang "
    "tercetak (kolom terakhir: JSON lengkap), penerbitan, pencabutan beserta alasannya, "
    "dan sertifikat yang digantikan.",
    fixed(
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
)

EXCEPTIONS = Table(
    "10_pengecualian_sertifikat",
    "Pengecualian sertifikat",
    "Keputusan panitia yang mengecualikan aturan kehadiran untuk sertifikat (diberikan atau "
    "tidak diberikan), dengan alasan.",
    fixed("ID pendaftaran", "Nama dan gelar", "Keputusan", "Alasan", "Oleh", "Waktu"),
    _exception_rows,
)
