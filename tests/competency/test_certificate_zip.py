"""The report's ZIP of certificate PDFs for SIASN: the report's scope and
filters, files named <NIP>_<number>.pdf (by name without NIP), bounded,
audited; participants and other teams get nothing."""

import io
import zipfile

import pytest
from django.urls import reverse

from bimtek.models.audit import AuditEntry
from certificates.models import Certificate
from competency import certificate_zip
from tests import factories
from tests.competency.test_report import YEAR, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db
URL = reverse("competency:report_certificates")


def names_in(response) -> set[str]:
    data = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert archive.read(name).startswith(b"%PDF")
        return set(archive.namelist())


def expected(participants) -> list[str]:
    """Each certificate's file name (two events may share a number: the
    second then carries the person's id, so none overwrites another)."""
    return sorted(
        certificate_zip.file_name(c.registration.participant, c.number)[:-4]
        for c in Certificate.objects.filter(registration__participant__in=participants)
    )


def stems(names) -> list[str]:
    return sorted(
        name[:-4].rsplit("_", 1)[0] if name.count("_") > 1 else name[:-4] for name in names
    )


def test_hr_viewer_gets_their_institutions_certificates_named_for_siasn(world, client):  # noqa: F811
    client.force_login(world["hr"])

    response = client.get(URL, {"year": YEAR})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = names_in(response)
    dinas = [p for p in world["people"] if p.institution == world["dinas"]]
    assert stems(names) == expected(dinas)
    with_nip = dinas[0]
    assert any(name.startswith(f"{with_nip.nip}_") for name in names)
    assert any(name.startswith("asn-diskominfo-4_") for name in names)  # no NIP: the name
    assert all("/" not in name for name in names)
    entry = AuditEntry.objects.get(action="export.competency_certificates")
    assert entry.actor == world["hr"] and entry.changes["rows"] == len(names)


def test_filters_apply_as_in_the_report(world, client, organiser):  # noqa: F811
    client.force_login(organiser)

    response = client.get(URL, {"year": YEAR, "institution": world["bappeda"].pk})

    assert stems(names_in(response)) == expected([world["people"][2]])


def test_file_name_is_sanitised():
    person = factories.ParticipantFactory.build(nip=None, full_name="Ana / Budi")

    assert (
        certificate_zip.file_name(person, "001/BIMTEK/I/2026") == "ana-budi_001-BIMTEK-I-2026.pdf"
    )


def test_organiser_of_another_team_gets_nothing(world, client):  # noqa: F811
    other = factories.organiser_user(teams=[factories.TeamFactory(name="Dinkes")])
    client.force_login(other)

    response = client.get(URL, {"year": YEAR})

    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="export.competency_certificates").exists()


@pytest.mark.parametrize("role", ["participant", "door_staff"])
def test_participant_and_door_staff_cannot_download(client, user_for_role, role):
    client.force_login(user_for_role(role))

    assert client.get(URL).status_code == 403


def test_too_many_is_refused_with_a_message(world, client, monkeypatch):  # noqa: F811
    monkeypatch.setattr(certificate_zip, "MAX_CERTIFICATES", 2)
    client.force_login(world["hr"])

    response = client.get(URL, {"year": YEAR}, follow=True)

    assert b"PK" not in response.content[:2]
    assert "too many for one ZIP" in response.content.decode() or "terlalu banyak" in (
        response.content.decode()
    )
    assert not AuditEntry.objects.filter(action="export.competency_certificates").exists()
