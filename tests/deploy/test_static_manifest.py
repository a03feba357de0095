"""DEBUG=0 without collectstatic: the server refuses to start and says what to
run, instead of answering 500 on every page (issue 22, item 5)."""

import subprocess
import sys

from tests.deploy.conftest import ROOT, manage, server_environment

LOAD_APPLICATION = "import bimtek.wsgi; print('started')"


def _start(environment) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", LOAD_APPLICATION],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_application_refuses_to_start_without_collected_static_files(tmp_path):
    result = _start(server_environment(tmp_path))

    assert result.returncode != 0
    assert "Static files are not collected" in result.stderr
    assert "collectstatic --no-input" in result.stderr
    assert "started" not in result.stdout


def test_the_application_starts_once_static_files_are_collected(tmp_path):
    environment = server_environment(tmp_path)
    collected = manage("collectstatic", "--no-input", env=environment, timeout=300)
    assert collected.returncode == 0, collected.stderr

    result = _start(environment)

    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_serves_without_collecting(tmp_path):
    result = _start(server_environment(tmp_path, DEBUG="1"))

    assert result.returncode == 0, result.stderr
