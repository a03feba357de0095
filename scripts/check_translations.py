"""Fail when the Bahasa Indonesia catalogue lags behind the source.

Runs `make messages` (Django's makemessages, which needs GNU gettext), then
checks with polib that every entry is translated and not fuzzy, and puts the
catalogues back as they were so the check leaves the tree untouched.
Used by .ci/run; locally: `.venv/bin/python scripts/check_translations.py`.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"


def main() -> int:
    if shutil.which("xgettext") is None:
        print("check_translations: xgettext (GNU gettext) is missing; cannot check")
        return 1
    backup = Path(tempfile.mkdtemp()) / "locale"
    shutil.copytree(LOCALE, backup)
    try:
        subprocess.run(
            ["make", "--no-print-directory", "messages"],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        problems = []
        for path in sorted(LOCALE.glob("id/LC_MESSAGES/*.po")):
            catalogue = polib.pofile(str(path))
            for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
                problems.append(f"{path.name}: {entry.msgid!r}")
    finally:
        shutil.rmtree(LOCALE)
        shutil.copytree(backup, LOCALE)
    if problems:
        print("Strings without a Bahasa Indonesia translation (run `make messages`, then")
        print("translate them in locale/id/LC_MESSAGES/*.po):")
        print("\n".join(f"  {p}" for p in problems))
        return 1
    print("check_translations: every string is translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
