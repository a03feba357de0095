"""Every user-facing string is translated into Bahasa Indonesia, with the same
placeholders as the source (a missing %(name)s breaks the page at runtime)."""

import re
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGUES = sorted(LOCALE.glob("id/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def test_indonesian_catalogue_exists():
    assert any(path.name == "django.po" for path in CATALOGUES)


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_every_string_is_translated(path):
    catalogue = polib.pofile(str(path))

    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]

    assert not missing, f"untranslated in {path.name}: {missing}"
    assert not fuzzy, f"fuzzy (unchecked) in {path.name}: {fuzzy}"


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.name)
def test_translations_keep_their_placeholders(path):
    catalogue = polib.pofile(str(path))
    broken = []
    for entry in catalogue.translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            if sorted(PLACEHOLDER.findall(text)) != expected:
                broken.append((entry.msgid, text))

    assert not broken, broken
