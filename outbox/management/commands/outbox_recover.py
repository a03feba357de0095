from django.core.management.base import BaseCommand

from outbox.services import deliveries_recover


class Command(BaseCommand):
    help = (
        "After a worker stopped: mark deliveries interrupted mid-send as failed (never "
        "resent by themselves) and queue again every delivery no worker took."
    )

    def handle(self, *args, **options):
        result = deliveries_recover()
        self.stdout.write(
            f"interrupted: {result['interrupted']}, queued again: {result['queued']}, "
            f"retried: {result['retried']}"
        )
