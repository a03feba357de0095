"""From an event's settings and a certificate's snapshot to PDF pages.

``snapshot_for`` decides what is printed (frozen at issue); ``printed_from``
turns a stored snapshot back into the renderer's input; ``design_for`` loads
the settings' images once for a whole job.
"""

import datetime as dt
import io
import logging
import threading
from collections import OrderedDict

from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from bimtek import formatting
from bimtek.models import Event
from certificates import images, jp, pdf_agenda, selectors, texts
from certificates.codes import group_code
from certificates.models import ActingTitle, Certificate, CertificateSettings, Orientation
from certificates.pdf import CertificateRenderer, Design, ImageAsset, Printed, Signatory
from participants.models import Registration

logger = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1


def signing_date(settings: CertificateSettings) -> dt.date:
    return settings.signing_date or settings.event.end_date


def place_date_line(settings: CertificateSettings) -> str:
    city = settings.signing_city or settings.event.city
    date = formatting.format_date(signing_date(settings), weekday=False, lang="id")
    return f"{city}, {date}" if city else date


def signatory_for(settings: CertificateSettings, *, second: bool = False) -> dict[str, str]:
    """A signature block as printed (``second``: the second signatory's).
    Acting officials (Plt./Plh./Pj.) sign without NIP and pangkat; titles
    only when the template says so."""
    prefix = "signatory2_" if second else "signatory_"

    def value(name: str):
        return getattr(settings, prefix + name)

    name = value("name").strip()
    if value("print_titles") and name:
        front, back = value("title_front").strip(), value("title_back").strip()
        name = " ".join(part for part in (front, name) if part)
        if back:
            name = f"{name}, {back}"
    acting = value("acting")
    position = value("position").strip()
    if acting and position:
        position = f"{acting} {position}"
    is_definitive = acting == ActingTitle.NONE
    return {
        "name": name,
        "position": position,
        "pangkat": value("pangkat").strip() if is_definitive else "",
        "nip": value("nip").strip() if is_definitive else "",
    }


def _signatory(data: dict | None) -> Signatory:
    data = data or {}
    return Signatory(
        name=data.get("name", ""),
        position=data.get("position", ""),
        pangkat=data.get("pangkat", ""),
        nip=data.get("nip", ""),
    )


def placeholder_values(
    *,
    settings: CertificateSettings,
    registration: Registration,
    jp_total: int,
    jp_fields: dict | None = None,
) -> dict[str, object]:
    event: Event = settings.event
    participant = registration.participant
    values: dict[str, object] = {
        "name": participant.display_name,
        "nip": participant.nip or "",
        "pangkat": participant.get_pangkat_golongan_display()
        if participant.pangkat_golongan
        else "",
        "jabatan": participant.jabatan,
        "institution": participant.institution.name,
        "role": texts.ROLE_WORDS.get(registration.role, registration.role),
        "event": event.title,
        "organiser": event.organiser_unit,
        "dates": formatting.format_date_range(event.start_date, event.end_date, lang="id"),
        "place": event.venue,
        "city": event.city,
        "jp": jp_total,
        "jp_total": jp_total,
        "jp_attended": jp_total,
    }
    if jp_fields:  # the JP earned and the basis of {jp} (certificates.jp)
        values.update({key: jp_fields[key] for key in ("jp", "jp_total", "jp_attended")})
    return values


def snapshot_for(
    *,
    settings: CertificateSettings,
    registration: Registration,
    jp_total: int,
    jp_fields: dict | None = None,
) -> dict:
    """Everything printed on the certificate, frozen at issue (the number is
    added by the service once allocated). Holds only what is printed, and the
    JP fields of ``certificates.jp`` (``jp_fields``) when given."""
    values = placeholder_values(
        settings=settings, registration=registration, jp_total=jp_total, jp_fields=jp_fields
    )
    return {
        "version": SNAPSHOT_VERSION,
        "title": settings.title,
        "intro": settings.intro_text,
        "name": values["name"],
        "subline": texts.render_text(settings.name_subline, values),
        "body": texts.render_text(settings.body_for(registration.role), values),
        "role": registration.role,
        "role_label": values["role"],
        "institution": values["institution"],
        "event": values["event"],
        "organiser": values["organiser"],
        "dates": values["dates"],
        "place": values["place"],
        "jp": values["jp"],
        "place_date": place_date_line(settings),
        "signatory": signatory_for(settings),
        # only when there is one: snapshots of one signatory stay as they were
        **(
            {
                "signatory2": signatory_for(settings, second=True),
                "electronic_signatory": settings.electronic_signatory,
            }
            if settings.has_second_signatory
            else {}
        ),
        **{key: value for key, value in (jp_fields or {}).items() if key != "jp"},
    }


def printed_from(*, snapshot: dict, number: str, code: str, verify_url: str) -> Printed:
    second = snapshot.get("signatory2")
    return Printed(
        agenda=pdf_agenda.rows_from(snapshot.get("agenda")),
        title=snapshot.get("title", ""),
        number=number,
        intro=snapshot.get("intro", ""),
        name=snapshot.get("name", ""),
        subline=snapshot.get("subline", ""),
        body=snapshot.get("body", ""),
        place_date=snapshot.get("place_date", ""),
        signatory=_signatory(snapshot.get("signatory")),
        signatory2=_signatory(second) if second else None,
        code=group_code(code),
        verify_url=verify_url,
    )


def printed_for_certificate(certificate: Certificate) -> Printed:
    return printed_from(
        snapshot=certificate.snapshot,
        number=certificate.number,
        code=certificate.code,
        verify_url=certificate.verify_url,
    )


def _asset(
    name: str, field_file, uploaded: dict | None = None, *, compact: bool = False
) -> ImageAsset | None:
    """An image from storage (or, for a preview, from an unsaved upload);
    ``compact``: the background for PDFs sent one per person."""
    if uploaded and name in uploaded:
        data = uploaded[name]
        return ImageAsset.from_bytes(name, data) if data else None
    if not field_file:
        return None
    try:
        with default_storage.open(field_file.name, "rb") as handle:
            data = handle.read()
        if compact and name == "background":
            data = images.compact_background(data)
        return ImageAsset.from_bytes(name, data)
    except (OSError, ValueError):
        # A file lost from storage must not stop every certificate: print without it.
        logger.warning("certificate image %s is missing or unreadable", field_file.name)
        return None


# Prepared designs of saved settings, per process: decoding and compressing
# the images costs ~30 ms, rendering a certificate ~7 ms, and after an event
# every participant downloads theirs (docs/benchmarks.md, the portal).
_DESIGNS: OrderedDict[tuple, Design] = OrderedDict()
_DESIGNS_KEPT = 8  # events; a design holds its images (a few hundred KiB)
_designs_lock = threading.Lock()


def _design_key(settings: CertificateSettings, *, compact: bool = False) -> tuple | None:
    if settings.pk is None:
        return None
    files = tuple(getattr(settings, name).name or "" for name in settings.IMAGE_FIELDS)
    return (settings.pk, settings.updated_at, settings.orientation, files, compact)


def design_for(
    settings: CertificateSettings, *, uploaded: dict | None = None, compact: bool = False
) -> Design:
    """``uploaded``: {field name: normalised bytes, or b"" to drop the image}.
    Without uploads (a preview has them) the design of saved settings is
    prepared once per process and reused until the settings change.
    ``compact``: the background compressed for PDFs sent one per person."""
    key = None if uploaded else _design_key(settings, compact=compact)
    if key is not None:
        with _designs_lock:
            if key in _DESIGNS:
                _DESIGNS.move_to_end(key)
                return _DESIGNS[key]
    design = _prepare_design(settings, uploaded=uploaded, compact=compact)
    complete = all(
        getattr(design_asset, "name", None) or not getattr(settings, name)
        for name, design_asset in zip(settings.IMAGE_FIELDS, _assets(design), strict=True)
    )
    if key is not None and complete:  # a file missing from storage is tried again
        with _designs_lock:
            _DESIGNS[key] = design
            while len(_DESIGNS) > _DESIGNS_KEPT:
                _DESIGNS.popitem(last=False)
    return design


def forget_designs() -> None:
    """Drop the prepared designs (tests: ids and times repeat between them)."""
    with _designs_lock:
        _DESIGNS.clear()
        _SIZES.clear()


def _assets(design: Design) -> list:
    return [design.background, *design.logos, design.signature, design.signature2]


def _prepare_design(
    settings: CertificateSettings, *, uploaded: dict | None, compact: bool = False
) -> Design:
    return Design(
        landscape=settings.orientation == Orientation.LANDSCAPE,
        background=_asset("background", settings.background, uploaded, compact=compact),
        logos=[
            _asset("logo_left", settings.logo_left, uploaded),
            _asset("logo_centre", settings.logo_centre, uploaded),
            _asset("logo_right", settings.logo_right, uploaded),
        ],
        signature=_asset("signature_image", settings.signature_image, uploaded),
        signature2=_asset("signature_image_2", settings.signature_image_2, uploaded),
    )


def renderer_for(
    settings: CertificateSettings, *, uploaded: dict | None = None, compact: bool = False
):
    """Raises ``CertificateError`` (``render_too_slow``) from any page that takes
    more than ``CERTIFICATE_RENDER_CPU_SECONDS`` of CPU time."""
    return CertificateRenderer(
        design_for(settings, uploaded=uploaded, compact=compact),
        cpu_seconds=django_settings.CERTIFICATE_RENDER_CPU_SECONDS,
    )


# What a bulk file will weigh, per design: a sample certificate drawn once.
_SIZES: dict[tuple, tuple[int, int, int]] = {}
_ZIP_ENTRY = 120  # bytes a ZIP adds per file (headers with a ~40-character name)


def _sample_printed(settings: CertificateSettings) -> Printed:
    registration = sample_registration(settings.event, "peserta")
    jp_fields = jp.preview_fields(
        settings=settings, sessions=selectors.countable_sessions(settings.event)
    )
    snapshot = snapshot_for(
        settings=settings, registration=registration, jp_total=16, jp_fields=jp_fields
    )
    return printed_from(
        snapshot=snapshot,
        number=texts.render_number(
            settings.number_pattern, seq=1, on=signing_date(settings), event_code="BIMTEK"
        ),
        code="A" * 20,
        verify_url=f"{django_settings.SITE_URL}/v/{'A' * 20}/",
    )


def output_sizes(settings: CertificateSettings, count: int) -> dict[str, int]:
    """Expected bytes of a bulk run's file for ``count`` certificates:
    ``zip`` (one compact PDF per person) and ``pdf`` (merged, images once),
    from a sample drawn once per design (~30 ms) and kept per process."""
    key = _design_key(settings)
    sizes = _SIZES.get(key) if key else None
    if sizes is None:
        printed = _sample_printed(settings)
        single = len(renderer_for(settings, compact=True).render(printed))
        merged = renderer_for(settings)
        one, two = io.BytesIO(), io.BytesIO()
        merged.write_merged([printed], one)
        merged.write_merged([printed, printed], two)
        sizes = (single, len(one.getvalue()), len(two.getvalue()) - len(one.getvalue()))
        if key:
            with _designs_lock:
                _SIZES[key] = sizes
    single, first, per_page = sizes
    return {
        "zip": count * (single + _ZIP_ENTRY) + 22,
        "pdf": first + max(0, count - 1) * per_page,
        "per_pdf": single,
    }


def certificate_pdf(certificate: Certificate, *, settings: CertificateSettings) -> bytes:
    return renderer_for(settings).render(
        printed_for_certificate(certificate), title=certificate.number
    )


def preview_pdf(
    *, settings: CertificateSettings, registration: Registration, jp_total: int, uploaded=None
) -> bytes:
    """The certificate as it would print for ``registration`` now, marked as a
    preview (number and code are placeholders, the QR leads nowhere; every
    countable session counts as attended)."""
    jp_fields = jp.preview_fields(
        settings=settings, sessions=selectors.countable_sessions(settings.event)
    )
    snapshot = snapshot_for(
        settings=settings, registration=registration, jp_total=jp_total, jp_fields=jp_fields
    )
    number = texts.render_number(
        settings.number_pattern,
        seq=1,
        on=signing_date(settings),
        event_code=settings.event.code,
    )
    printed = printed_from(
        snapshot=snapshot,
        number=number,
        code="PREVIEWPREVIEWPREVIE",
        verify_url=f"{django_settings.SITE_URL}/v/PREVIEW/",
    )
    return renderer_for(settings, uploaded=uploaded).render(
        printed, title=_("Preview %(date)s") % {"date": f"{timezone.localdate():%Y-%m-%d}"}
    )


def sample_registration(event: Event, role: str) -> Registration:
    """An unsaved registration for previews when the event has nobody yet."""
    from bimtek.models import Institution
    from participants.models import Participant

    participant = Participant(
        full_name="Budi Santoso",
        title_front="Dr.",
        title_back="S.Kom., M.T.",
        nip="198001012005011001",
        pangkat_golongan="III/c",
        jabatan="Kepala Seksi Aplikasi Informatika",
        institution=Institution(name="Dinas Komunikasi dan Informatika"),
    )
    return Registration(event=event, participant=participant, role=role)
