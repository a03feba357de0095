"""One SPJ document in one format, and the whole pack as a ZIP ("Unduh
paket SPJ"), every file named in Indonesian."""

import io
import zipfile

from bimtek.models import Event
from spj.documents import context, pdf_lists, pdf_reports, word
from spj.models import DocumentKind, DocumentTemplate

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PER = ("session", "day")

_PDF = {
    DocumentKind.ATTENDANCE_SPEAKERS: lambda ctx: pdf_lists.attendance(
        ctx, heading="DAFTAR HADIR NARASUMBER DAN MODERATOR"
    ),
    DocumentKind.ATTENDANCE_COMMITTEE: lambda ctx: pdf_lists.attendance(
        ctx, heading="DAFTAR HADIR PANITIA"
    ),
    DocumentKind.HONORARIUM: pdf_lists.honorarium,
    DocumentKind.RECEIPTS: pdf_lists.receipts,
    DocumentKind.MINUTES: pdf_reports.minutes,
    DocumentKind.REPORT: pdf_reports.report,
}


def template_for(*, event: Event, kind: str) -> bytes:
    """The event's team's own template of ``kind``, or the built-in one."""
    own = DocumentTemplate.objects.filter(team_id=event.team_id, kind=kind).first()
    return bytes(own.content) if own is not None else word.default_template(kind)


def filename(*, event: Event, kind: str, fmt: str, per: str = "session") -> str:
    suffix = "_per_hari" if kind == DocumentKind.ATTENDANCE_SPEAKERS and per == "day" else ""
    return f"{kind}{suffix}_{event.code}.{fmt}"


def document(*, event: Event, kind: str, fmt: str, per: str = "session") -> bytes:
    """``kind`` of ``event`` as PDF or DOCX; a team template that cannot be
    filled raises SpjError("template_invalid")."""
    ctx = context.context_for(kind, event=event, per=per)
    if fmt == "pdf":
        return _PDF[kind](ctx)
    return word.render(template_for(event=event, kind=kind), ctx)


def pack_zip(*, event: Event) -> bytes:
    """Every document in both formats (the speakers' daftar hadir per session
    and per day) in one ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for kind in DocumentKind.values:
            pers = PER if kind == DocumentKind.ATTENDANCE_SPEAKERS else ("session",)
            for per in pers:
                for fmt in FORMATS:
                    archive.writestr(
                        filename(event=event, kind=kind, fmt=fmt, per=per),
                        document(event=event, kind=kind, fmt=fmt, per=per),
                    )
    return buffer.getvalue()


def pack_filename(*, event: Event) -> str:
    return f"paket_spj_{event.code}.zip"
