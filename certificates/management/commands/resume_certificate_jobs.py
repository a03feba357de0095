from django.core.management.base import BaseCommand

from certificates.services import certificate_jobs_resume
from certificates.tasks import run_certificate_job


class Command(BaseCommand):
    help = (
        "Continue the bulk certificate runs whose worker died (killed, out of memory, the "
        "machine restarted): each is closed as interrupted and a new run with the same output "
        "is queued; it issues only what is missing. Run it when a worker starts (the systemd "
        "unit does). Safe to run any time: live runs are left alone."
    )

    def handle(self, *args, **options) -> None:
        resumed = certificate_jobs_resume(task=run_certificate_job)
        for job in resumed:
            self.stdout.write(f"Resumed the bulk run of {job.event.code} as run {job.pk}.")
        if not resumed:
            self.stdout.write("No interrupted bulk run.")
