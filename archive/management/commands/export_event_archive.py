from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.services import archive_filename, event_archive_write
from bimtek.models import Event


class Command(BaseCommand):
    help = (
        "Write one event's complete data (event and agenda, participants and registrations, "
        "attendance and scan log, certificates) as a ZIP of CSV and XLSX files with a README "
        "in Bahasa Indonesia, for the archive. See docs/archive.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help="The event's short code (as in its links).")
        parser.add_argument(
            "--output",
            default="",
            help="The ZIP file, or a folder for arsip-<code>-<date>.zip (default: here).",
        )

    def handle(self, *, code: str, output: str, **options) -> None:
        event = Event.objects.filter(code=code).first()
        if event is None:
            raise CommandError(f"No event has the code {code!r}.")
        target = Path(output or ".")
        if target.is_dir():
            target = target / archive_filename(event)
        if target.exists():
            raise CommandError(f"{target} exists already; choose another --output.")
        partial = target.with_name(target.name + ".part")
        try:
            with partial.open("wb") as destination:
                result = event_archive_write(event=event, destination=destination)
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(f"Wrote {target} ({target.stat().st_size:,} bytes):")
        for item in result.files:
            rows = f"{item.rows} rows" if item.name.endswith(".csv") else f"{item.bytes:,} bytes"
            self.stdout.write(f"  {item.name}: {rows}")
