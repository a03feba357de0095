"""The door as an installable web app that opens without a network: the
service worker script, the web app manifest and the page shown offline for
a page never opened on the device. See docs/offline.md.

The service worker is served by Django (not as a static file) so that its
scope covers /door/ and its list of files to keep is built from the
``{% static %}`` URLs — hashed names in production (whitenoise's manifest
storage) — with a version that changes whenever one of them does."""

import hashlib
import json
import os
import posixpath
import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

# Everything a scanner page loads (templates/base.html and door_scanner.html).
DOOR_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/idb/idb.umd.js",
    "css/bimtek.css",
    "css/scanner.css",
    "img/favicon.svg",
    "img/door-icon-192.png",
    "img/door-icon-512.png",
    "js/scanner/main.js",
)
# Kept too, but a failure to fetch them does not stop the rest: the camera
# decoder for browsers without a built-in one (the keyboard path needs none).
DOOR_OPTIONAL_ASSETS = (
    "vendor/barcode-detector/polyfill.js",
    "vendor/zxing-wasm/zxing_reader.wasm",
)
# The scanner's ES modules, imported by main.js by relative URL — under their
# plain names even when main.js itself has a hashed one (Django does not
# rewrite module imports). A test checks this list against static/js/scanner/.
SCANNER_MODULES = (
    "api.js",
    "camera.js",
    "config.js",
    "door.js",
    "feedback.js",
    "history.js",
    "ids.js",
    "judge.js",
    "kiosk.js",
    "reader.js",
    "reasons.js",
    "roster.js",
    "search.js",
    "settings.js",
    "stats.js",
    "status.js",
    "store.js",
    "undo.js",
    "wedge.js",
)
SW_TEMPLATE = "checkin/door_sw.js"


def _fingerprint(name: str) -> str:
    """What changes when a static file does: its URL (hashed in production)
    and, where the source file is at hand, its size and modification time
    (unhashed names in development, and the modules)."""
    found = finders.find(name)
    if found:
        stat = os.stat(found)
        return f"{static(name)}:{stat.st_size}:{stat.st_mtime_ns}"
    return static(name)


def scanner_module_urls() -> list[str]:
    base = posixpath.dirname(static("js/scanner/main.js"))
    return [posixpath.join(base, name) for name in SCANNER_MODULES]


def service_worker_config() -> dict:
    scanner = reverse("checkin:door_scanner", kwargs={"code": "CODE", "session_id": 12345})
    pattern = "^" + re.escape(scanner).replace("CODE", "[-a-zA-Z0-9_]+").replace("12345", "[0-9]+")
    assets = [static(name) for name in DOOR_ASSETS] + scanner_module_urls()
    optional = [static(name) for name in DOOR_OPTIONAL_ASSETS]
    offline_page = reverse("checkin:door_offline")
    fingerprints = [_fingerprint(name) for name in DOOR_ASSETS + DOOR_OPTIONAL_ASSETS]
    fingerprints += [_fingerprint(posixpath.join("js/scanner", name)) for name in SCANNER_MODULES]
    source = get_template(SW_TEMPLATE).template.source
    version = hashlib.sha256("\n".join([source, offline_page, *fingerprints]).encode()).hexdigest()[
        :16
    ]
    return {
        "version": version,
        "precache": [*assets, offline_page],
        "optional": optional,
        "staticPrefix": static(""),
        "pages": [re.escape(reverse("checkin:door_home")) + "$", pattern + "$"],
        "offlinePage": offline_page,
    }


@require_GET
def door_service_worker(request):
    """Public: the door's service worker script. It holds no personal data —
    only the addresses of static files and of the door pages to keep."""
    config = service_worker_config()
    body = get_template(SW_TEMPLATE).render({"config": json.dumps(config, indent=2)})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new version at every visit; never from a cache.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = reverse("checkin:door_home")
    return response


@require_GET
def door_manifest(request):
    """Public: the web app manifest that makes the door pages installable
    (a home-screen icon opening the check-in straight away)."""
    manifest = {
        "name": _("Bimtek check-in"),
        "short_name": _("Check-in"),
        "description": _("Scan tickets at the door, with or without a network."),
        "lang": get_language(),
        "start_url": reverse("checkin:door_home"),
        "scope": reverse("checkin:door_home"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static("img/door-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/door-icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(manifest, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response


class DoorOfflineView(TemplateView):
    """Public: what the service worker shows, without a network, for a door
    page this device never opened (it holds no data)."""

    template_name = "checkin/door_offline.html"
