"""Settings for the test suite: fast, isolated, no outside service.

DATABASE_URL still chooses the database, so the same suite runs on SQLite
(the default) and on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghij")
os.environ.setdefault("ALLOWED_HOSTS", "*")

from bimtek.settings import *  # noqa: F403
from bimtek.settings import CONTENT_SECURITY_POLICY

DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SITE_URL = "http://testserver"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Off for the suite, which signs organisers in with force_login on every
# page; tests/accounts/test_mfa.py turns it on and tests the rule itself.
REQUIRE_MFA_FOR_STAFF = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "email", "certificates"],
    }
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="bimtek-test-media-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"handlers": ["null"]},
}
