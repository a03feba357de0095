"""Dependencies point one way: archive → certificates → checkin → participants
→ bimtek → accounts (docs/architecture.md). Only the root URLconf, the
settings and `demo` may know every app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "accounts",
    "bimtek",
    "participants",
    "checkin",
    "certificates",
    "archive",
]  # lowest first
EXEMPT = {ROOT / "bimtek" / "urls.py", ROOT / "bimtek" / "settings.py"}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & {*LAYERS, "demo"}


@pytest.mark.parametrize("app", LAYERS)
def test_apps_import_only_from_lower_layers(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    offenders = {}
    for path in (ROOT / app).rglob("*.py"):
        if path in EXEMPT or "migrations" in path.parts:
            continue
        higher = _imported_apps(path) - allowed
        if higher:
            offenders[str(path.relative_to(ROOT))] = sorted(higher)

    assert not offenders, f"imports from higher layers: {offenders}"


def test_demo_is_imported_by_no_app():
    offenders = [
        str(path.relative_to(ROOT))
        for app in LAYERS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and "demo" in _imported_apps(path)
    ]

    assert not offenders, f"apps importing demo: {offenders}"


def test_every_app_of_the_project_is_in_a_layer():
    # A new app must be placed in the layers, or nothing checks its imports.
    apps = {
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if path.parent.name not in {"demo", ".venv", "node_modules"}
    }

    assert apps == set(LAYERS)
