"""No module over 500 lines (the project rule, docs/development.md): past that, split it into
a package by theme. Covers the project's own Python and JavaScript: the apps,
bench/, scripts/, static/js/ (not static/vendor) and tests/."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500
FOLDERS = [
    "accounts",
    "bimtek",
    "participants",
    "checkin",
    "certificates",
    "archive",
    "broadcasts",
    "competency",
    "evaluations",
    "outbox",
    "spj",
    "demo",
    "deploy",
    "bench",
    "scripts",
    "static/js",
    "tests",
]
SUFFIXES = {".py", ".js"}


def _project_files() -> list[Path]:
    """The tracked files when this is a git checkout, else every file on disk."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--", *FOLDERS],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        paths = [ROOT / name for name in listed]
    except (OSError, subprocess.CalledProcessError):
        paths = [path for folder in FOLDERS for path in (ROOT / folder).rglob("*")]
    return sorted(path for path in paths if path.suffix in SUFFIXES and path.is_file())


def test_the_project_has_files_to_measure():
    names = {str(path.relative_to(ROOT)) for path in _project_files()}

    assert "bimtek/settings.py" in names
    assert "static/js/agenda.js" in names
    assert "manage.py" not in names
    assert not any(name.startswith("static/vendor/") for name in names)


def test_no_module_over_500_lines():
    too_long = {}
    for path in _project_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            too_long[str(path.relative_to(ROOT))] = lines

    assert not too_long, f"over {MAX_LINES} lines, split by theme: {too_long}"
