"""The pg_dump/restore procedure of docs/deploy.md, run for real against the
PostgreSQL test database (deploy/backup/)."""

import shutil
import subprocess
from urllib.parse import quote

import pytest
from django.db import connection

from participants.models import Registration
from tests import factories
from tests.deploy.conftest import ROOT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs pg_dump and psql"),
]
SCRIPTS = ROOT / "deploy" / "backup"


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPTS / script), *args], capture_output=True, text=True, timeout=120
    )


def _scratch_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'bimtek_restore_check_%'"
        )
        return [row[0] for row in cursor.fetchall()]


def test_backup_restores_with_every_row(tmp_path):
    event = factories.EventFactory(title="Bimtek Tahap I <Smart City>")
    factories.RegistrationFactory.create_batch(5, event=event)
    url = _database_url()

    backup = _run("pg_backup.sh", url, str(tmp_path))
    dump = backup.stdout.strip()
    check = _run("pg_restore_check.sh", dump, url)

    assert backup.returncode == 0, backup.stderr
    assert dump.endswith(".dump")
    assert (tmp_path / f"{dump.rsplit('/', 1)[1]}.sha256").is_file()
    assert check.returncode == 0, check.stderr
    assert "row counts match the source database" in check.stdout
    assert _scratch_databases() == []


def test_restore_check_notices_missing_rows(tmp_path):
    event = factories.EventFactory()
    url = _database_url()
    dump = _run("pg_backup.sh", url, str(tmp_path)).stdout.strip()
    factories.RegistrationFactory(event=event)  # written after the dump

    check = _run("pg_restore_check.sh", dump, url)

    assert check.returncode == 1
    assert "MISMATCH" in check.stderr
    assert Registration.objects.count() == 1
    assert _scratch_databases() == []


def test_restore_refuses_a_database_that_has_tables(tmp_path):
    factories.EventFactory()
    url = _database_url()
    dump = _run("pg_backup.sh", url, str(tmp_path)).stdout.strip()

    restore = _run("pg_restore.sh", dump, url)

    assert restore.returncode == 1
    assert "refusing to restore" in restore.stderr


def test_restore_rejects_a_damaged_dump(tmp_path):
    factories.EventFactory()
    url = _database_url()
    dump = _run("pg_backup.sh", url, str(tmp_path)).stdout.strip()
    with open(dump, "r+b") as damaged:
        damaged.seek(200)
        damaged.write(b"\0" * 64)

    check = _run("pg_restore_check.sh", dump, url)

    assert check.returncode != 0
    assert _scratch_databases() == []
