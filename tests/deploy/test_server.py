"""The production profile as it runs: collectstatic, gunicorn with
gunicorn.conf.py, and the background workers, each in its own process with
DEBUG off (docs/deploy.md)."""

import json
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

from tests.deploy.conftest import (
    REDIS_TEST_URL,
    ROOT,
    free_port,
    manage,
    needs_redis,
    server_environment,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated database and collected static files, as on a server."""
    tmp_path = tmp_path_factory.mktemp("site")
    environment = server_environment(tmp_path)
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        result = manage(*command, env=environment, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
    return tmp_path, environment


def test_collectstatic_hashes_vendor_files_and_rewrites_their_references(site):
    tmp_path, _environment = site
    static = Path(tmp_path / "static")
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]

    for name in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.min.css.map",
        "vendor/bootstrap/bootstrap.bundle.min.js.map",
        "vendor/bootstrap-icons/bootstrap-icons.min.css",
        "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
        "vendor/zxing-wasm/zxing_reader.wasm",
        "css/bimtek.css",
    ):
        assert name in manifest, name
        assert (static / manifest[name]).is_file()
    icons_css = (static / manifest["vendor/bootstrap-icons/bootstrap-icons.min.css"]).read_text()
    font = Path(manifest["vendor/bootstrap-icons/fonts/bootstrap-icons.woff2"]).name
    assert f"fonts/{font}" in icons_css  # the font URL points at the hashed file
    bootstrap_css = (static / manifest["vendor/bootstrap/bootstrap.min.css"]).read_text()
    css_map = Path(manifest["vendor/bootstrap/bootstrap.min.css.map"]).name
    assert f"sourceMappingURL={css_map}" in bootstrap_css
    assert (static / (manifest["vendor/bootstrap/bootstrap.min.css"] + ".gz")).is_file()


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def gunicorn(site):
    tmp_path, environment = site
    port = free_port()
    environment = {
        **environment,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "-",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "1",
    }
    stdout, stderr = tmp_path / "gunicorn.out", tmp_path / "gunicorn.err"
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "bimtek.wsgi"],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=err,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if _get(f"{base}/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail(f"gunicorn did not start: {stderr.read_text()}")

    logs = {}

    def stop() -> list[dict]:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)
        if not logs:
            text = stdout.read_text() + stderr.read_text()
            logs["lines"] = [json.loads(line) for line in text.splitlines() if line.strip()]
        return logs["lines"]

    yield base, stop
    stop()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_gunicorn_serves_pages_behind_a_tls_proxy_with_security_headers(gunicorn):
    base, _stop = gunicorn

    status, headers, body = _get(f"{base}/", **HTTPS)

    assert status == 200
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert b"Bimtek" in body


def test_gunicorn_redirects_plain_http_but_answers_health_probes(gunicorn):
    base, _stop = gunicorn

    page = _get(f"{base}/")
    probe = _get(f"{base}/healthz", Host="10.0.0.5")

    assert page[0] == 301
    assert page[1]["Location"] == "https://127.0.0.1/" or page[1]["Location"].startswith("https://")
    assert probe[0] == 200
    assert json.loads(probe[2])["status"] == "ok"


def test_gunicorn_serves_hashed_static_files_for_a_year_compressed(gunicorn):
    base, _stop = gunicorn
    html = _get(f"{base}/", **HTTPS)[2].decode()
    css_url = re.search(r'href="(/static/vendor/bootstrap-icons/[^"]+\.css)"', html).group(1)

    status, headers, _body = _get(f"{base}{css_url}", **{**HTTPS, "Accept-Encoding": "gzip"})
    css = _get(f"{base}{css_url}", **HTTPS)[2].decode()
    font = re.search(r'url\("(fonts/bootstrap-icons\.[0-9a-f]{12}\.woff2)', css).group(1)
    font_status, font_headers, _font = _get(f"{base}{css_url.rsplit('/', 1)[0]}/{font}", **HTTPS)

    assert re.search(r"\.[0-9a-f]{12}\.css$", css_url)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert font_status == 200
    assert font_headers["Content-Type"] == "font/woff2"


def test_gunicorn_and_application_log_json_lines(gunicorn):
    base, stop = gunicorn
    _status, headers, _body = _get(f"{base}/", **HTTPS)

    lines = stop()

    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "gunicorn.access", "bimtek.request"} <= loggers
    page = [
        line
        for line in lines
        if line["logger"] == "bimtek.request" and line["request_id"] == headers["X-Request-ID"]
    ]
    assert len(page) == 1
    assert page[0]["path"] == "/"
    assert page[0]["status"] == 200
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any(f"request_id={headers['X-Request-ID']}" in line["message"] for line in access)
    assert any("Booting worker" in line["message"] for line in lines)


def _shell(code: str, environment: dict[str, str]) -> str:
    result = manage("shell", "-c", code, env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip().splitlines()[-1]


ENQUEUE = "from tests.deploy.tasks import add_numbers; print(add_numbers.enqueue(20, 22).id)"
RESULT = (
    "from tests.deploy.tasks import add_numbers; r = add_numbers.get_result({id!r}); "
    "print(r.status, r.return_value)"
)


def test_database_worker_runs_queued_tasks(site):
    _tmp_path, environment = site
    result_id = _shell(ENQUEUE, environment)

    worker = manage("run_worker", "--burst", env=environment)

    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert _shell(RESULT.format(id=result_id), environment) == "SUCCESSFUL 42"


@needs_redis
def test_rq_worker_runs_queued_tasks_from_redis(site):
    _tmp_path, environment = site
    environment = {**environment, "REDIS_URL": REDIS_TEST_URL, "TASKS_BACKEND": "rq"}
    server = redis.Redis.from_url(REDIS_TEST_URL)
    health = (
        "import json; from bimtek.health import health_report; "
        "print(json.dumps(health_report().as_dict()['checks']['queue']))"
    )
    result_id = _shell(ENQUEUE, environment)
    try:
        waiting = json.loads(_shell(health, environment))

        worker = manage("run_worker", "--burst", env=environment)

        assert worker.returncode == 0, worker.stdout + worker.stderr
        assert _shell(RESULT.format(id=result_id), environment) == "SUCCESSFUL 42"
        assert waiting["backend"] == "rq"
        assert waiting["ready"] >= 1
        assert waiting["workers"] == 0
        assert waiting["status"] == "degraded"  # queued work and nobody to do it
    finally:
        for key in server.scan_iter(f"rq:*{result_id}*"):
            server.delete(key)


def test_rq_worker_runs_the_fallback_queue_while_redis_is_down(site):
    """TASKS_BACKEND=rq and Redis down: the task waits in the database and
    run_worker's fallback worker runs it (bimtek/tasks_backends.py)."""
    _tmp_path, environment = site
    down = f"redis://127.0.0.1:{free_port()}/9"
    environment = {**environment, "REDIS_URL": down, "TASKS_BACKEND": "rq"}
    result_id = _shell(ENQUEUE, environment)
    fallback_result = (
        "from django_tasks import task_backends; "
        f"r = task_backends['fallback'].get_result({result_id!r}); print(r.status, r.return_value)"
    )

    worker = manage("run_worker", "--burst", env=environment)

    assert _shell(fallback_result, environment) == "SUCCESSFUL 42"
    assert worker.returncode == 1  # the RQ part could not run
    assert "only the database fallback queue was run" in worker.stderr
