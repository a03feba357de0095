"""Settings come from the environment and refuse to run insecurely."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    ours = {
        "SECRET_KEY",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "TRUSTED_PROXY_COUNT",
        "CACHE_URL",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    clean.update({"DJANGO_SETTINGS_MODULE": "bimtek.settings", **env})
    clean.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_settings_refuse_missing_secret_key_outside_debug(tmp_path):
    result = _run(["manage.py", "check"], {"DEBUG": "0"}, tmp_path)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_source_only_commands_run_without_a_secret_key(tmp_path):
    result = _run(["manage.py", "makemigrations", "--check", "--dry-run"], {"DEBUG": "0"}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_settings_allow_development_key_with_debug(tmp_path):
    result = _run(["manage.py", "check"], {"DEBUG": "1"}, tmp_path)

    assert result.returncode == 0, result.stderr


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x7#kq!v2-" + "a9Zr4LmP0sT3wY6bN8cE1fH5jK" * 2,
        "ALLOWED_HOSTS": "bimtek.tanjungpinangkota.example",
        "CSRF_TRUSTED_ORIGINS": "https://bimtek.tanjungpinangkota.example",
        # Behind nginx, as README's "One machine" (rate limits per real client).
        "TRUSTED_PROXY_COUNT": "1",
    }

    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_default_survives_a_busy_door(settings, db):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]

    assert options["transaction_mode"] == "IMMEDIATE"
    assert busy_timeout >= 5000
    assert "journal_mode=WAL" in options["init_command"]
