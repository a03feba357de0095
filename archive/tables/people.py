"""Who took part: registrations, institutions' invitations, door staff."""

from collections.abc import Iterator

from django.db.models import Count, Q

from archive.tables.base import (
    CHUNK,
    Context,
    Table,
    event_registrations,
    fixed,
    user_label,
)
from bimtek.models import EventStaff
from participants.models import Invitation
from participants.models.registrations import ACTIVE_STATUSES
from participants.phones import phone_local


def _registration_rows(ctx: Context) -> Iterator[list]:
    for number, registration in enumerate(
        event_registrations(ctx).iterator(chunk_size=CHUNK), start=1
    ):
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
            user_label(invitation.created_by),
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


REGISTRATIONS = Table(
    "03_peserta",
    "Peserta",
    "Semua pendaftaran (peserta, narasumber, moderator, panitia) dengan data diri: nama "
    "dan gelar, NIP, pangkat/golongan, jabatan, instansi, kontak, peran, status, sumber "
    "pendaftaran dan waktunya. Kode QR tiket tidak disertakan.",
    fixed(
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
)

INVITATIONS = Table(
    "04_undangan",
    "Undangan instansi",
    "Undangan kepada instansi: kuota, jumlah delegasi aktif, kontak, dan kapan dikirim "
    "atau dicabut. Tautan undangan tidak disertakan.",
    fixed(
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
)

STAFF = Table(
    "05_petugas",
    "Petugas registrasi",
    "Petugas registrasi yang ditugaskan di kegiatan ini dan perannya.",
    fixed("Nama", "E-mail", "Peran", "Ditugaskan"),
    _staff_rows,
)
