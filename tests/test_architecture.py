"""Dependencies point one way: archive → certificates → checkin → participants
→ bimtek → accounts (docs/architecture.md). Only the settings know every app;
the root URLconf names the other apps' URL modules by string and imports
none of them. `demo` sits at the top with `archive`."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [
    "accounts",
    "outbox",
    "bimtek",
    "participants",
    "checkin",
    "certificates",
    "competency",
    "evaluations",
    "broadcasts",
    "spj",
    "archive",
]  # lowest first
TOP = ["demo"]  # may import every app below it
ROOT_URLCONF = ROOT / "bimtek" / "urls.py"
EXEMPT = {ROOT_URLCONF, ROOT / "bimtek" / "settings.py"}


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & {*LAYERS, *TOP}


def _included_modules(path: Path) -> set[str]:
    """The dotted names passed to ``include("…")``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "include"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


@pytest.mark.parametrize("app", [*LAYERS, *TOP])
def test_apps_import_only_from_lower_layers(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1]) if app in LAYERS else {*LAYERS, app}
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


def test_root_urlconf_imports_no_higher_app():
    assert _imported_apps(ROOT_URLCONF) <= {"accounts", "bimtek"}


def test_root_urlconf_includes_every_app_by_string():
    included_apps = {name.split(".")[0] for name in _included_modules(ROOT_URLCONF)}

    assert {"participants", "checkin", "certificates", "archive"} <= included_apps
