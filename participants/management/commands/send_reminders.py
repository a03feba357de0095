from django.core.management.base import BaseCommand

from participants.services.reminders import reminders_queue


class Command(BaseCommand):
    help = (
        "Queue the day-before reminder (with the ticket) for every approved registration of "
        "events that start tomorrow at their venue. Idempotent: a reminder is sent once, "
        "however often this runs; run it daily, or hourly to retry failed sends."
    )

    def handle(self, *args, **options) -> None:
        queued = reminders_queue()
        self.stdout.write(f"Reminders queued for {queued} registration(s).")
