"""A server with DEBUG off serves static files from collectstatic's output,
through the manifest of hashed names. Without it every page would answer 500
("Missing staticfiles manifest entry"): the WSGI application refuses to start
instead, saying what to run (docs/deploy.md)."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages


def require_collected_static() -> None:
    storage = storages["staticfiles"]
    if settings.DEBUG or not isinstance(storage, ManifestFilesMixin):
        return
    if not storage.manifest_storage.exists(storage.manifest_name):
        raise ImproperlyConfigured(
            f"Static files are not collected: {settings.STATIC_ROOT}/{storage.manifest_name} "
            "is missing. Run `manage.py collectstatic --no-input` (with the same STATIC_ROOT) "
            "before starting the server."
        )
