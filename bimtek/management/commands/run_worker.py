"""Start the background worker of the configured task queue.

One command for the Procfile, the systemd unit and the container, whatever
TASKS_BACKEND says: the database queue's ``db_worker``, or an RQ worker on
Redis (with django-tasks-rq's job class and the scheduler for delayed tasks)
plus, beside it, a database worker for the ``fallback`` queue where tasks
wait while Redis is unreachable (bimtek/tasks_backends.py, docs/faults.md).
"""

import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from bimtek.tasks_backends import FALLBACK_ALIAS

REDIS_RETRY_SECONDS = 5


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
            self.database_worker(names, burst=burst, verbosity=verbosity)
        elif backend in settings.RQ_BACKENDS:
            self.rq_worker(names, burst=burst, verbosity=verbosity)
        else:
            self.stderr.write(f"{backend} has no worker to run (TASKS_BACKEND).")
            raise SystemExit(1)

    def database_worker(self, names, *, burst: bool, verbosity: int, backend: str = "default"):
        call_command(
            "db_worker",
            # as an argument, not a keyword: argparse checks the option's
            # default ("default", the RQ backend) unless the option is given
            "--backend",
            backend,
            queue_name=",".join(names),
            batch=burst,
            reload=False,
            verbosity=verbosity,
        )

    def rq_worker(self, names, *, burst: bool, verbosity: int):
        has_fallback = FALLBACK_ALIAS in settings.TASKS
        if burst:
            if has_fallback:
                self.database_worker(names, burst=True, verbosity=verbosity, backend=FALLBACK_ALIAS)
            if not self.redis_answers():
                self.stderr.write("Redis unreachable: only the database fallback queue was run.")
                raise SystemExit(1)
            self.rqworker(names, burst=True, verbosity=verbosity)
            return
        fallback = self.start_fallback_worker(names) if has_fallback else None
        try:
            self.wait_for_redis()
            self.rqworker(names, burst=False, verbosity=verbosity)
        finally:
            if fallback is not None:
                fallback.terminate()
                try:
                    fallback.wait(timeout=300)  # a running task may finish
                except subprocess.TimeoutExpired:
                    fallback.kill()

    def rqworker(self, names, *, burst: bool, verbosity: int):
        call_command(
            "rqworker",
            *names,
            job_class="django_tasks_rq.Job",
            with_scheduler=True,
            burst=burst,
            verbosity=verbosity,
        )

    def start_fallback_worker(self, names) -> subprocess.Popen:
        """The database worker for tasks queued while Redis was down: its own
        process, so it keeps working while the RQ worker waits for Redis."""
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--backend",
                FALLBACK_ALIAS,
                "--queue-name",
                ",".join(names),
                "--interval",
                "5",
                "--no-reload",
            ],
            cwd=settings.BASE_DIR,
        )

    def redis_answers(self) -> bool:
        import django_rq
        from redis.exceptions import ConnectionError, TimeoutError

        try:
            return bool(django_rq.get_connection().ping())
        except (ConnectionError, TimeoutError):
            return False

    def wait_for_redis(self) -> None:
        """Starting RQ with Redis down fails at once; wait for it instead
        (the fallback worker serves the tasks meanwhile)."""
        said = False
        while not self.redis_answers():
            if not said:
                self.stderr.write(
                    "Redis unreachable; waiting for it. Tasks queued meanwhile wait in the "
                    "database and are run by the fallback worker."
                )
                said = True
            time.sleep(REDIS_RETRY_SECONDS)
