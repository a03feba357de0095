"""The production profile is chosen by environment variables (README, docs/deploy.md)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.deploy.conftest import manage, server_environment

REDIS = "redis://10.0.0.7:6379/1"


def test_default_profile_needs_no_other_service(load_settings):
    settings = load_settings()

    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    # Rate limits must hold across workers: the database cache, not process memory.
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    assert not hasattr(settings, "SESSION_ENGINE")  # Django's default: database sessions
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert "django_rq" not in settings.INSTALLED_APPS


def test_production_static_files_are_hashed_and_compressed(load_settings):
    settings = load_settings(DEBUG="0")

    assert settings.STORAGES["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert settings.WHITENOISE_USE_FINDERS is False


def test_redis_url_puts_cache_and_sessions_on_redis_with_database_fallback(load_settings):
    settings = load_settings(REDIS_URL=REDIS)

    default, sessions = settings.CACHES["default"], settings.CACHES["sessions"]
    assert default["BACKEND"] == sessions["BACKEND"] == "bimtek.cache.ResilientRedisCache"
    assert default["LOCATION"] == sessions["LOCATION"] == REDIS
    # While Redis is down: rate limits in this process's memory, sessions from PostgreSQL.
    assert default["OPTIONS"]["FALLBACK"].endswith("LocMemCache")
    assert sessions["OPTIONS"]["FALLBACK"].endswith("DummyCache")
    assert default["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    assert settings.SESSION_CACHE_ALIAS == "sessions"
    # Redis alone does not move the task queue.
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_explicit_cache_url_wins_over_redis_url(load_settings):
    settings = load_settings(REDIS_URL=REDIS, CACHE_URL="dummycache://")

    assert settings.CACHES["default"]["BACKEND"].endswith("DummyCache")
    assert not hasattr(settings, "SESSION_ENGINE")


def test_s3_bucket_moves_media_to_private_object_storage(load_settings):
    settings = load_settings(
        AWS_STORAGE_BUCKET_NAME="bimtek-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.go.id",
        AWS_S3_REGION_NAME="id-jkt-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="tanjungpinang",
    )

    storage = settings.STORAGES["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "bimtek-media"
    assert storage["OPTIONS"]["endpoint_url"] == "https://objects.example.go.id"
    assert storage["OPTIONS"]["default_acl"] == "private"
    assert storage["OPTIONS"]["file_overwrite"] is False
    # Credentials stay in the environment, where boto3 reads them.
    assert not hasattr(settings, "AWS_SECRET_ACCESS_KEY")


def test_s3_storage_hands_out_signed_expiring_urls(load_settings, monkeypatch):
    settings = load_settings(
        AWS_STORAGE_BUCKET_NAME="bimtek-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.go.id",
        AWS_S3_REGION_NAME="id-jkt-1",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_LOCATION="tanjungpinang",
        AWS_ACCESS_KEY_ID="AKIAEXAMPLEBIMTEK",
        AWS_SECRET_ACCESS_KEY="secret-example",
    )
    from storages.backends.s3 import S3Storage

    storage = S3Storage(**settings.STORAGES["default"]["OPTIONS"])
    url = urlsplit(storage.url("certificates/BT-2019-0001.pdf"))  # signing needs no network

    assert (url.scheme, url.netloc) == ("https", "objects.example.go.id")
    assert url.path == "/bimtek-media/tanjungpinang/certificates/BT-2019-0001.pdf"
    query = parse_qs(url.query)
    assert "X-Amz-Signature" in query
    assert query["X-Amz-Expires"] == ["600"]


def test_no_bucket_keeps_media_in_the_local_folder(load_settings, tmp_path):
    settings = load_settings(MEDIA_ROOT=str(tmp_path / "uploads"))

    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert str(settings.MEDIA_ROOT) == str(tmp_path / "uploads")


@pytest.mark.parametrize(
    ("value", "backend", "fallback"),
    [
        ("rq", "bimtek.tasks_backends.ResilientRQBackend", True),
        ("django_tasks_rq.RQBackend", "django_tasks_rq.RQBackend", False),
    ],
)
def test_tasks_backend_rq_puts_every_queue_on_redis(load_settings, value, backend, fallback):
    settings = load_settings(REDIS_URL=REDIS, TASKS_BACKEND=value)

    assert settings.TASKS["default"]["BACKEND"] == backend
    assert {"django_rq", "django_tasks_rq"} <= set(settings.INSTALLED_APPS)
    assert set(settings.RQ_QUEUES) == set(settings.TASKS["default"]["QUEUES"])
    assert {queue["URL"] for queue in settings.RQ_QUEUES.values()} == {
        f"{REDIS}?socket_connect_timeout=2"
    }
    assert settings.RQ["COMMIT_MODE"] == "on_db_commit"
    # While Redis is down, tasks wait in the database queue (bimtek/tasks_backends.py).
    assert ("fallback" in settings.TASKS) is fallback
    if fallback:
        assert settings.TASKS["fallback"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_tasks_redis_url_keeps_the_queue_apart_from_the_cache(load_settings):
    settings = load_settings(
        REDIS_URL=REDIS, TASKS_BACKEND="rq", TASKS_REDIS_URL="redis://10.0.0.8:6379/0"
    )

    assert settings.CACHES["default"]["LOCATION"] == REDIS
    assert {queue["URL"] for queue in settings.RQ_QUEUES.values()} == {
        "redis://10.0.0.8:6379/0?socket_connect_timeout=2"
    }


def test_tasks_backend_rq_without_redis_refuses_to_start(load_settings):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        load_settings(TASKS_BACKEND="rq")


def test_postgresql_keeps_connections_and_checks_them(load_settings):
    settings = load_settings(DATABASE_URL="postgres://bimtek:secret@db.internal:5432/bimtek")

    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["OPTIONS"]["connect_timeout"] == 5


def test_connect_timeout_in_database_url_wins(load_settings):
    settings = load_settings(DATABASE_URL="postgres://bimtek@db:5432/bimtek?connect_timeout=2")

    assert str(settings.DATABASES["default"]["OPTIONS"]["connect_timeout"]) == "2"


def test_logs_are_json_in_production_and_plain_in_development(load_settings):
    production = load_settings(DEBUG="0")
    development = load_settings(DEBUG="1")
    chosen = load_settings(DEBUG="0", LOG_FORMAT="plain")

    assert production.LOGGING["handlers"]["console"]["formatter"] == "json"
    assert development.LOGGING["handlers"]["console"]["formatter"] == "plain"
    assert chosen.LOGGING["handlers"]["console"]["formatter"] == "plain"


def test_redis_s3_and_rq_profile_passes_django_checks(tmp_path):
    environment = server_environment(
        tmp_path,
        ALLOWED_HOSTS="bimtek.tanjungpinangkota.example",
        SECURE_SSL_REDIRECT="1",
        CSRF_TRUSTED_ORIGINS="https://bimtek.tanjungpinangkota.example",
        REDIS_URL="redis://127.0.0.1:6379/5",
        TRUSTED_PROXY_COUNT="2",
        TASKS_BACKEND="rq",
        AWS_STORAGE_BUCKET_NAME="bimtek-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.go.id",
    )

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=environment)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_one_trusted_proxy_setting_for_allauth_and_the_old_name(load_settings):
    new = load_settings(TRUSTED_PROXY_COUNT="1")
    old = load_settings(CERTIFICATE_VERIFY_TRUSTED_PROXIES="2")

    assert new.TRUSTED_PROXY_COUNT == new.ALLAUTH_TRUSTED_PROXY_COUNT == 1
    assert old.TRUSTED_PROXY_COUNT == 2


def test_check_deploy_warns_without_trusted_proxies(tmp_path):
    result = manage("check", "--deploy", env=server_environment(tmp_path))

    assert "accounts.W001" in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("environment", "required"),
    [
        ({"DEBUG": "0"}, True),
        ({"DEBUG": "1"}, False),
        ({"DEBUG": "0", "REQUIRE_MFA_FOR_STAFF": "0"}, False),
        ({"DEBUG": "1", "REQUIRE_MFA_FOR_STAFF": "1"}, True),
    ],
)
def test_two_factor_for_staff_is_on_outside_debug(load_settings, environment, required):
    settings = load_settings(**environment)

    assert settings.REQUIRE_MFA_FOR_STAFF is required
    assert "allauth.mfa" in settings.INSTALLED_APPS
    assert settings.MFA_SUPPORTED_TYPES == ["totp", "recovery_codes", "webauthn"]
