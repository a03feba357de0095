import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from outbox.bounces import bounce_record


class Command(BaseCommand):
    help = (
        "Read messages that arrived at OUTBOX_BOUNCE_ADDRESS (one on standard input, "
        "as a mail server's pipe gives it, or files such as a Maildir's) and mark the "
        "deliveries that bounced permanently (docs/messages.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="message files; none: standard input")
        parser.add_argument(
            "--delete", action="store_true", help="remove each file once it has been read"
        )

    def handle(self, *args, files, delete, **options):
        if not files:
            self.stdout.write(f"-: {bounce_record(sys.stdin.buffer.read())}")
            return
        for name in files:
            path = Path(name)
            self.stdout.write(f"{name}: {bounce_record(path.read_bytes())}")
            if delete:
                path.unlink()
