"""What each SPJ document says, as plain values: the same context fills the
PDF and the Word template (its keys are the placeholders listed to the
organiser, ``PLACEHOLDERS``). The documents are Indonesian forms, so their
labels and dates are in Bahasa Indonesia whatever the page's language."""

import datetime as dt
from decimal import Decimal

from bimtek import formatting
from bimtek.models import Event
from checkin.selectors.attendance import event_expected, event_session_figures
from spj import extensions, money, selectors
from spj.models import DocumentKind, MinutesNumber, Photo

ID = "id"


def _date(value) -> str:
    return formatting.format_date(value, lang=ID)


def _nip(value: str) -> str:
    return f"NIP {value}" if value else ""


def _amount(value: Decimal) -> str:
    return money.rupiah(value)


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def common(*, event: Event) -> dict:
    pack = selectors.pack_settings_for(event)
    return {
        "kegiatan": {
            "nama": event.title,
            "kode": event.code,
            "penyelenggara": event.organiser_unit,
            "tempat": event.venue,
            "alamat": event.address,
            "kota": event.city,
            "tanggal": formatting.format_date_range(event.start_date, event.end_date, lang=ID),
            "tahun": str(event.end_date.year),
        },
        "ttd": {
            "kepala_nama": pack.head_name,
            "kepala_jabatan": pack.head_position,
            "kepala_nip": _nip(pack.head_nip),
            "bendahara_nama": pack.treasurer_name,
            "bendahara_nip": _nip(pack.treasurer_nip),
            "ketua_nama": pack.chair_name,
            "ketua_nip": _nip(pack.chair_nip),
        },
        "tempat_tanggal": (
            f"{event.city}, {formatting.format_date(event.end_date, weekday=False, lang=ID)}"
        ),
        "latar_belakang": pack.background,
        "tujuan": pack.purpose,
        "penutup": pack.closing,
    }


def _sheet(*, title: str, day: dt.date, time: str, people: list[dict]) -> dict:
    return {"judul": title, "hari_tanggal": _date(day), "waktu": time, "orang": people}


def attendance_speakers(*, event: Event, per: str = "session") -> dict:
    """Daftar hadir of narasumber and moderators: a sheet per session (each
    with its speakers) or per day (everyone who spoke that day)."""
    sessions = selectors.event_sessions(event=event)
    tz = event.tzinfo

    def row(number: int, speaker, role: str) -> dict:
        person = speaker.person
        return {
            "no": number,
            "nama": speaker.name,
            "peran": role,
            "instansi": (person.institution if person else "") or speaker.institution,
            "jabatan": person.position if person else "",
        }

    speakers = selectors.speakers_of_event(event=event, sessions=sessions)
    by_key = {selectors.name_key(s.name): s for s in speakers}
    sheets = []
    if per == "day":
        for day in selectors.days_of_event(event=event, sessions=sessions):
            people = [
                row(i, s, s.roles)
                for i, s in enumerate(
                    [s for s in speakers if any(x.local_date == day for x in s.sessions)], start=1
                )
            ]
            sheets.append(_sheet(title="", day=day, time="", people=people))
    else:
        for session in sessions:
            named = [(n, "Narasumber") for n in session.speaker_list]
            if session.moderator.strip():
                named.append((session.moderator, "Moderator"))
            found = [(by_key[selectors.speaker_key(n)], role) for n, role in named]
            people = [row(i, s, role) for i, (s, role) in enumerate(found, start=1)]
            time = formatting.format_time_range(session.starts_at, session.ends_at, tz=tz, lang=ID)
            sheets.append(
                _sheet(title=session.title, day=session.local_date, time=time, people=people)
            )
    return {**common(event=event), "lembar": sheets}


def attendance_committee(*, event: Event) -> dict:
    """Daftar hadir of the committee, a sheet per day of the event."""
    committee = selectors.committee_of_event(event=event)
    people = [
        {
            "no": i,
            "nama": p.name,
            "peran": p.committee_role or "Panitia",
            "instansi": p.institution,
            "jabatan": p.position,
        }
        for i, p in enumerate(committee, start=1)
    ]
    sheets = [_sheet(title="", day=day, time="", people=people) for day in event.days]
    return {**common(event=event), "lembar": sheets}


def _payee(line: selectors.HonorariumLine) -> dict:
    person, amounts = line.person, line.amounts
    return {
        "no": line.number,
        "nama": person.name,
        "nip": person.nip,
        "jabatan": person.position,
        "instansi": person.institution,
        "peran": line.speaker.roles,
        "status": line.tax_label,
        "npwp": person.npwp,
        "volume": _number(line.units),
        "satuan": line.unit_label,
        "tarif": _amount(amounts.rate),
        "bruto": _amount(amounts.gross),
        "pph_persen": f"{_number(amounts.tax_rate)} %",
        "pph": _amount(amounts.tax),
        "neto": _amount(amounts.net),
        "terbilang": money.terbilang_rupiah(amounts.net),
        "bank": person.bank_name,
        "rekening": person.bank_account,
        "pemegang_rekening": person.bank_account_holder or person.name,
    }


def honorarium(*, event: Event) -> dict:
    found = selectors.honoraria(event=event)
    return {
        **common(event=event),
        "baris": [_payee(line) for line in found.lines],
        "total_bruto": _amount(found.gross),
        "total_pph": _amount(found.tax),
        "total_neto": _amount(found.net),
        "terbilang_bruto": money.terbilang_rupiah(found.gross),
        "terbilang_neto": money.terbilang_rupiah(found.net),
    }


def receipts(*, event: Event) -> dict:
    found = selectors.honoraria(event=event)
    return {**common(event=event), "penerima": [_payee(line) for line in found.lines]}


def _agenda(event: Event) -> list[dict]:
    tz = event.tzinfo
    rows = []
    for session, present in event_session_figures(event=event):
        rows.append(
            {
                "hari_tanggal": _date(session.local_date),
                "waktu": formatting.format_time_range(
                    session.starts_at, session.ends_at, tz=tz, lang=ID
                ),
                "sesi": session.title,
                "narasumber": ", ".join(session.speaker_list),
                "moderator": session.moderator,
                "jp": session.jp,
                "hadir": present,
            }
        )
    return rows


def report(*, event: Event) -> dict:
    """The berita acara and the laporan kegiatan: the agenda as run (each
    session with its attendance), attendance by institution category, the
    certificates issued."""
    categories = [
        {"kategori": row["category"], "terdaftar": row["registered"], "hadir": row["attended"]}
        for row in selectors.attendance_by_category(event=event)
    ]
    numbered = MinutesNumber.objects.filter(event=event).first()
    return {
        **common(event=event),
        # Empty until the organiser numbers it (spj.services.minutes_number_assign).
        "nomor_berita_acara": numbered.number if numbered else "",
        "agenda": _agenda(event),
        "per_kategori": categories,
        "peserta_terdaftar": event_expected(event=event),
        "peserta_hadir": sum(row["hadir"] for row in categories),
        "sertifikat_terbit": selectors.certificates_issued(event=event),
        "total_jp": sum(session.jp for session in selectors.event_sessions(event=event)),
        "narasumber": [
            {"nama": s.name, "peran": s.roles, "jp": s.jp}
            for s in selectors.speakers_of_event(event=event)
        ],
        "hasil_lain": [
            {"label": label, "nilai": value}
            for entry in extensions.report_figures.all()
            for label, value in entry.rows(event)
        ],
        # Bytes here; the Word renderer turns "foto" into an image.
        "dokumentasi": [
            {"keterangan": photo.caption, "foto": bytes(photo.content)}
            for photo in Photo.objects.filter(event=event)
        ],
    }


def context_for(kind: str, *, event: Event, per: str = "session") -> dict:
    if kind == DocumentKind.ATTENDANCE_SPEAKERS:
        return attendance_speakers(event=event, per=per)
    if kind == DocumentKind.ATTENDANCE_COMMITTEE:
        return attendance_committee(event=event)
    if kind == DocumentKind.HONORARIUM:
        return honorarium(event=event)
    if kind == DocumentKind.RECEIPTS:
        return receipts(event=event)
    return report(event=event)


_COMMON = [
    "kegiatan.nama",
    "kegiatan.kode",
    "kegiatan.penyelenggara",
    "kegiatan.tempat",
    "kegiatan.alamat",
    "kegiatan.kota",
    "kegiatan.tanggal",
    "kegiatan.tahun",
    "ttd.kepala_nama",
    "ttd.kepala_jabatan",
    "ttd.kepala_nip",
    "ttd.bendahara_nama",
    "ttd.bendahara_nip",
    "ttd.ketua_nama",
    "ttd.ketua_nip",
    "tempat_tanggal",
    "latar_belakang",
    "tujuan",
    "penutup",
]
_SHEETS = [
    "lembar[].judul",
    "lembar[].hari_tanggal",
    "lembar[].waktu",
    "lembar[].orang[].no / nama / peran / instansi / jabatan",
]
_PAYEE = (
    "no / nama / nip / jabatan / instansi / peran / status / npwp / volume / satuan / tarif / "
    "bruto / pph_persen / pph / neto / terbilang / bank / rekening / pemegang_rekening"
)
_REPORT = [
    "nomor_berita_acara",
    "agenda[].hari_tanggal / waktu / sesi / narasumber / moderator / jp / hadir",
    "per_kategori[].kategori / terdaftar / hadir",
    "peserta_terdaftar",
    "peserta_hadir",
    "sertifikat_terbit",
    "total_jp",
    "narasumber[].nama / peran / jp",
    "hasil_lain[].label / nilai",
    "dokumentasi[].foto / keterangan",
]
PLACEHOLDERS = {
    DocumentKind.ATTENDANCE_SPEAKERS: _COMMON + _SHEETS,
    DocumentKind.ATTENDANCE_COMMITTEE: _COMMON + _SHEETS,
    DocumentKind.HONORARIUM: [
        *_COMMON,
        f"baris[].{_PAYEE}",
        "total_bruto",
        "total_pph",
        "total_neto",
        "terbilang_bruto",
        "terbilang_neto",
    ],
    DocumentKind.RECEIPTS: [*_COMMON, f"penerima[].{_PAYEE}"],
    DocumentKind.MINUTES: _COMMON + _REPORT,
    DocumentKind.REPORT: _COMMON + _REPORT,
}
