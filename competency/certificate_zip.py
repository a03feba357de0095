"""The certificate PDFs of the report's rows in one ZIP, for the SIASN
upload: each file ``<NIP>_<certificate number>.pdf`` (people without NIP by
name), each PDF what the certificate's own download serves (the stored signed
file, or the certificate drawn from its snapshot; certificates.services).
Bounded: above MAX_CERTIFICATES the caller refuses (docs/siasn.md)."""

import re
import zipfile
from typing import BinaryIO

from django.utils.text import slugify

from certificates import selectors as certificate_selectors
from certificates import services as certificate_services
from certificates.models import Certificate
from competency.report import AsnRow

# One ZIP is drawn in the request; more certificates than this are asked
# for narrower filters (an institution, a name) instead.
MAX_CERTIFICATES = 300

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def certificate_count(rows: list[AsnRow]) -> int:
    return sum(len(row.courses) for row in rows)


def file_name(participant, number: str) -> str:
    """``<NIP>_<number>.pdf``; without a NIP the name stands for it. Only
    letters, digits, dots and dashes (a number's slashes become dashes)."""
    person = participant.nip or slugify(participant.display_name)[:60] or "tanpa-nip"
    person = _UNSAFE.sub("-", person).strip("-.") or "tanpa-nip"
    number = _UNSAFE.sub("-", number).strip("-.") or "sertifikat"
    return f"{person}_{number}.pdf"


def write_zip(rows: list[AsnRow], out: BinaryIO) -> int:
    """Write the ZIP to ``out``; the number of files. Raises the
    certificates' CertificateError when one cannot be drawn or signed."""
    ids = [course.certificate_id for row in rows for course in row.courses]
    certificates = Certificate.objects.select_related("event").in_bulk(ids)
    settings_by_event = {}
    used: set[str] = set()
    count = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for row in rows:
            for course in row.courses:
                certificate = certificates[course.certificate_id]
                event_id = certificate.event_id
                if event_id not in settings_by_event:
                    settings_by_event[event_id] = certificate_selectors.certificate_settings_for(
                        certificate.event
                    )
                data = certificate_services.certificate_download_pdf(
                    certificate, settings=settings_by_event[event_id]
                )
                name = file_name(row.participant, certificate.number)
                if name in used:  # two people of one name without NIP
                    name = f"{name[:-4]}_{row.participant.pk}.pdf"
                used.add(name)
                archive.writestr(name, data)
                count += 1
    return count
