"""The daily erasure of personal data past each event's retention period
(run by bimtek-daily.timer; docs/security.md). Prints the report; the same
counts go to the audit trail."""

from django.core.management.base import BaseCommand

from participants.services.privacy import personal_data_erase_expired


class Command(BaseCommand):
    help = (
        "Erase NIP, phone, e-mail, scanned codes and sent messages past the retention "
        "period; print a report."
    )

    def handle(self, *args, **options) -> None:
        report = personal_data_erase_expired()
        self.stdout.write(
            f"retention: {report.events} event(s) past retention, "
            f"{report.participants} participant(s) erased, "
            f"{report.scanned_values} scanned code(s) erased"
        )
        # Every erasure listener's count (messages: outbox deliveries blanked).
        for key, count in sorted(report.erased.items()):
            self.stdout.write(f"  {key}: {count}")
