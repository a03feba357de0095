"""Navigation text has a contrast of at least 4.5:1 (WCAG 2.1 AA), computed
from the colours static/css/bimtek.css gives the top navigation."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static/css/bimtek.css").read_text()


def _luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rule(selector: str) -> dict[str, str]:
    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert match, f"{selector} not in bimtek.css"
    return {
        name.strip(): value.strip()
        for name, value in re.findall(r"([-\w]+)\s*:\s*([^;]+);", match.group(1))
    }


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    "variable",
    ["--bs-navbar-color", "--bs-navbar-hover-color", "--bs-navbar-active-color",
     "--bs-navbar-brand-color"],
)  # fmt: skip
def test_navigation_text_contrast_is_at_least_4_5(variable):
    rule = _rule(".navbar-bimtek")

    assert contrast(rule[variable], rule["background-color"]) >= 4.5


def test_the_navigation_uses_those_colours():
    navbar = (ROOT / "templates/_navbar.html").read_text()

    assert 'class="navbar navbar-expand-{{ nav_bar.expand }} navbar-dark navbar-bimtek"' in navbar
    assert "bg-primary" not in navbar  # Bootstrap's utility would win (!important)
