"""The archive page and its download, for organisers only."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bimtek.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def _url(event) -> str:
    return reverse("archive:event_archive", kwargs={"code": event.code})


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
def test_archive_is_for_organisers_only(client, user_for_role, event, role, expected):
    user = user_for_role(role)
    if user:
        client.force_login(user)

    page = client.get(_url(event))
    download = client.post(_url(event))
    if download.streaming:
        b"".join(download.streaming_content)

    assert page.status_code == expected
    assert download.status_code == expected
    if expected != 200:
        assert not AuditEntry.objects.filter(action="event.archive").exists()


def test_organiser_downloads_the_archive_zip(client, organiser, event):
    factories.RegistrationFactory.create_batch(3, event=event)
    client.force_login(organiser)

    page = client.get(_url(event))
    response = client.post(_url(event))
    body = b"".join(response.streaming_content)

    assert 'data-event-tab="archive"' in page.text
    assert response["Content-Type"] == "application/zip"
    assert f'filename="arsip-{event.code}-' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        peserta = archive.read("csv/03_peserta.csv").decode("utf-8-sig")
    assert len(peserta.strip().splitlines()) == 4  # header and three people
    history = client.get(_url(event))
    assert "archive-history" in history.text


def test_archive_page_costs_the_same_queries_for_2_or_20_people(
    client, organiser, django_assert_num_queries
):
    small, large = factories.EventFactory(), factories.EventFactory()
    factories.RegistrationFactory.create_batch(2, event=small)
    factories.RegistrationFactory.create_batch(20, event=large)
    client.force_login(organiser)
    client.get(_url(small))  # warm: menu, session

    # 11: one of them reads the organiser's teams (bimtek.permissions.team_ids),
    # one the permission facts (accounts.permission_facts).
    with django_assert_num_queries(11) as few:
        client.get(_url(small))
    with django_assert_num_queries(len(few)):
        client.get(_url(large))


def test_command_writes_the_archive_file(tmp_path, event):
    factories.RegistrationFactory.create_batch(2, event=event)
    out = io.StringIO()

    call_command("export_event_archive", event.code, "--output", str(tmp_path), stdout=out)

    files = list(tmp_path.glob(f"arsip-{event.code}-*.zip"))
    assert len(files) == 1
    with zipfile.ZipFile(files[0]) as archive:
        assert "BACA-SAYA.txt" in archive.namelist()
    assert "csv/03_peserta.csv: 2 rows" in out.getvalue()
    assert not list(tmp_path.glob("*.part"))


def test_command_refuses_an_unknown_event_and_an_existing_file(tmp_path, event):
    target = tmp_path / "arsip.zip"
    target.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="No event"):
        call_command("export_event_archive", "tidak-ada", stdout=io.StringIO())
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_event_archive", event.code, "--output", str(target))
    assert target.read_bytes() == b"keep me"
