"""The installable, offline-capable door: the service worker script, the web
app manifest, the offline page and what the scanner page gives its script."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from django.test import override_settings
from django.urls import reverse

from checkin.views import door_offline
from tests import factories

pytestmark = pytest.mark.django_db


class FakeHashedStorage(StaticFilesStorage):
    """Names like whitenoise's manifest storage gives in production."""

    def url(self, name):
        stem, dot, extension = name.rpartition(".")
        return super().url(f"{stem}.0123abcd{dot}{extension}" if dot else name)


def sw_config(client) -> dict:
    response = client.get(reverse("checkin:door_sw"))
    match = re.search(r"const CONFIG = (\{.*?\n\});", response.content.decode(), re.S)
    return json.loads(match.group(1))


def test_urls_sit_under_the_door_scope():
    assert reverse("checkin:door_sw") == "/door/sw.js"
    assert reverse("checkin:door_manifest") == "/door/manifest.webmanifest"
    assert reverse("checkin:door_offline") == "/door/offline.html"


@pytest.mark.parametrize("name", ["door_sw", "door_manifest", "door_offline"])
def test_offline_files_are_public(client, name):
    assert client.get(reverse(f"checkin:{name}")).status_code == 200


def test_service_worker_is_javascript_never_cached(client):
    response = client.get(reverse("checkin:door_sw"))

    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/door/"
    assert "Content-Security-Policy" not in response


def test_service_worker_keeps_every_file_the_scanner_loads(client):
    config = sw_config(client)

    for name in door_offline.DOOR_ASSETS:
        assert f"/static/{name}" in config["precache"]
        assert finders.find(name), f"{name} is not a static file"
    for name in door_offline.SCANNER_MODULES:
        assert f"/static/js/scanner/{name}" in config["precache"]
    assert "/door/offline.html" in config["precache"]
    assert config["optional"] == [
        "/static/vendor/barcode-detector/polyfill.js",
        "/static/vendor/zxing-wasm/zxing_reader.wasm",
    ]
    assert config["staticPrefix"] == settings.STATIC_URL
    pages = [re.compile(pattern) for pattern in config["pages"]]
    assert any(p.match("/door/") for p in pages)
    assert any(p.match("/door/bimtek-sc-2026/sessions/12/") for p in pages)
    assert not any(p.match("/door/devices/") for p in pages)
    assert not any(p.match("/door/bimtek-sc-2026/") for p in pages)


def test_service_worker_lists_every_scanner_module():
    folder = Path(settings.BASE_DIR) / "static" / "js" / "scanner"
    on_disk = {path.name for path in folder.glob("*.js")} - {"main.js"}

    assert set(door_offline.SCANNER_MODULES) == on_disk


def test_service_worker_uses_the_hashed_names_of_production(client):
    plain = sw_config(client)
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "tests.checkin.test_door_offline_views.FakeHashedStorage"},
        }
    ):
        hashed = sw_config(client)

    assert "/static/css/scanner.0123abcd.css" in hashed["precache"]
    assert "/static/js/scanner/main.0123abcd.js" in hashed["precache"]
    # Modules are imported by main.js under their plain names, next to it.
    assert "/static/js/scanner/api.js" in hashed["precache"]
    assert hashed["version"] != plain["version"]


def test_service_worker_script_is_valid_javascript(client, tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / "sw.js"
    script.write_bytes(client.get(reverse("checkin:door_sw")).content)

    result = subprocess.run([node, "--check", str(script)], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr


def test_manifest_makes_the_door_installable(client):
    response = client.get(reverse("checkin:door_manifest"))

    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["start_url"] == manifest["scope"] == "/door/"
    assert manifest["display"] == "standalone"
    assert manifest["name"] == "Registrasi ulang Bimtek"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL))


def test_offline_page_says_what_works_offline(client):
    response = client.get(reverse("checkin:door_offline"))

    page = response.content.decode()
    assert "Tidak ada koneksi" in page
    assert reverse("checkin:door_home") in page


def test_scanner_page_is_installable_and_knows_the_pages_to_keep(client, event):
    first = factories.open_session(event=event)
    second = factories.SessionFactory(event=event)
    steward = factories.EventStaffFactory(event=event).user
    client.force_login(steward)

    response = client.get(
        reverse("checkin:door_scanner", kwargs={"code": event.code, "session_id": first.pk})
    )

    page = response.content.decode()
    assert 'rel="manifest" href="/door/manifest.webmanifest"' in page
    assert "vendor/idb/idb.umd.js" in page
    config = response.context["config"]
    assert config["offline"]["serviceWorker"] == "/door/sw.js"
    assert config["offline"]["pages"] == [
        "/door/",
        f"/door/{event.code}/sessions/{first.pk}/",
        f"/door/{event.code}/sessions/{second.pk}/",
    ]
    assert config["api"]["roster"] == f"/api/v1/events/{event.code}/roster/"
    assert config["api"]["batch"] == "/api/v1/checkins/batch/"
    assert config["offline"]["zone"] == "WIB"
    words = response.context["strings"]["answers"]
    assert words["welcome"] == "Silakan masuk"
    assert words["statuses"]["cancelled"] == "Pendaftaran dibatalkan."
