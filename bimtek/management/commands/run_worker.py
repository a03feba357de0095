"""Start the background worker of the configured task queue.

One command for the Procfile, the systemd unit and the container, whatever
TASKS_BACKEND says: the database queue's ``db_worker`` or an RQ worker on
Redis (with django-tasks-rq's job class and the scheduler for delayed tasks).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background task worker for TASKS_BACKEND (database or rq)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queues",
            default="",
            help="Comma-separated queues to work on (default: every queue in settings.TASKS).",
        )
        parser.add_argument(
            "--burst",
            action="store_true",
            help="Run the queued tasks, then exit (for tests and one-off catch-ups).",
        )

    def handle(self, *, queues: str, burst: bool, verbosity: int, **options):
        backend = settings.TASKS["default"]["BACKEND"]
        names = [name for name in queues.split(",") if name] or settings.TASKS["default"]["QUEUES"]
        if backend == settings.TASK_BACKENDS["database"]:
            call_command(
                "db_worker",
                queue_name=",".join(names),
                batch=burst,
                reload=False,
                verbosity=verbosity,
            )
        elif backend == settings.TASK_BACKENDS["rq"]:
            call_command(
                "rqworker",
                *names,
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                burst=burst,
                verbosity=verbosity,
            )
        else:
            self.stderr.write(f"{backend} has no worker to run (TASKS_BACKEND).")
            raise SystemExit(1)
