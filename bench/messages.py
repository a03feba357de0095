"""Messages to registrants: 10,000 recipients queued (filter, placeholders,
one delivery each) and then sent by the worker to the console e-mail backend
(output thrown away). Prints the medians of each phase, the process's peak
RSS around the worker (and, with BENCH_TRACEMALLOC=1, its peak Python
allocations) and the ratio to a floor measured in the same run:
the same 10,000 e-mails built and sent straight through the same backend,
without the outbox. No assertion.

    .venv/bin/python bench/messages.py                 # SQLite (a throw-away test DB)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench .venv/bin/python bench/messages.py
"""

import contextlib
import io
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# tracemalloc slows the worker several times: its figure is asked for apart.
TRACE = os.environ.get("BENCH_TRACEMALLOC") == "1"
DUMMY_TASKS = {
    "default": {
        # Enqueueing stores nothing: the worker phase is measured on its own.
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "email", "certificates"],
    }
}


def seed(event_factory, organiser):
    from bimtek.models import Institution
    from participants.models import Participant, Registration
    from participants.models.registrations import RegistrationStatus
    from tests.factories import InstitutionFactory

    event = event_factory()
    institution: Institution = InstitutionFactory()
    people = Participant.objects.bulk_create(
        [
            Participant(
                full_name=f"Peserta {i}",
                institution=institution,
                email=f"bench{i}@example.org",
                language="en" if i % 3 == 0 else "id",
            )
            for i in range(RECIPIENTS)
        ],
        batch_size=1000,
    )
    Registration.objects.bulk_create(
        [
            Registration(event=event, participant=p, status=RegistrationStatus.APPROVED)
            for p in people
        ],
        batch_size=1000,
    )
    return event


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.mail import EmailMessage, get_connection

        from broadcasts import services
        from broadcasts.selectors import RecipientFilter
        from outbox.models import Delivery, DeliveryStatus
        from outbox.services import deliveries_send
        from tests.factories import EventFactory, organiser_user

        organiser = organiser_user()
        event = seed(EventFactory, organiser)
        draft = services.Draft(
            channel="email",
            subject="Info teknis {kegiatan}",
            body="Yth. {nama},\n\nmohon hadir di {tempat} pada {tanggal}.\nTiket: {tautan_tiket}",
            chosen=RecipientFilter(statuses=["approved"]),
        )
        queue_times, send_times, floor_times, peaks, rss = [], [], [], [], []
        # CPU seconds too: this machine is shared, its wall clock drifts with the load.
        queue_cpu, send_cpu, floor_cpu = [], [], []
        backend = "django.core.mail.backends.console.EmailBackend"
        for _ in range(ROUNDS):
            with override_settings(TASKS=DUMMY_TASKS, BROADCAST_CONFIRM_ABOVE=RECIPIENTS):
                start, cpu = time.perf_counter(), time.process_time()
                broadcast = services.broadcast_send(
                    event=event, actor=organiser, draft=draft, confirmed=True
                )
                queue_times.append(time.perf_counter() - start)
                queue_cpu.append(time.process_time() - cpu)
            ids = list(
                Delivery.objects.filter(message=broadcast.message)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            sink = io.StringIO()
            with override_settings(EMAIL_BACKEND=backend), contextlib.redirect_stdout(sink):
                rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                if TRACE:
                    tracemalloc.start()
                start, cpu = time.perf_counter(), time.process_time()
                for first in range(0, len(ids), settings.OUTBOX_BATCH_SIZE):
                    deliveries_send(delivery_ids=ids[first : first + settings.OUTBOX_BATCH_SIZE])
                    sink.seek(0)
                    sink.truncate()
                send_times.append(time.perf_counter() - start)
                send_cpu.append(time.process_time() - cpu)
                rss.append((rss_before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
                if TRACE:
                    peaks.append(tracemalloc.get_traced_memory()[1])
                    tracemalloc.stop()
                sent = Delivery.objects.filter(
                    message=broadcast.message, status=DeliveryStatus.SENT
                ).count()
                assert sent == RECIPIENTS, sent
                # The floor: the same number of e-mails, straight to the backend.
                start, cpu = time.perf_counter(), time.process_time()
                mail_connection = get_connection()
                for i in range(RECIPIENTS):
                    EmailMessage(
                        subject="Info teknis",
                        body=f"Yth. Peserta {i}",
                        to=[f"b{i}@example.org"],
                        connection=mail_connection,
                    ).send()
                    if i % 100 == 0:
                        sink.seek(0)
                        sink.truncate()
                floor_times.append(time.perf_counter() - start)
                floor_cpu.append(time.process_time() - cpu)
        queue, send, floor = (statistics.median(t) for t in (queue_times, send_times, floor_times))
        print(f"database: {connection.vendor}; recipients: {RECIPIENTS}; rounds: {ROUNDS}")
        print(f"queue (filter, fill, {RECIPIENTS} deliveries): median {queue:.2f} s")
        print(
            f"worker sends {RECIPIENTS} e-mails: median {send:.2f} s "
            f"({send / RECIPIENTS * 1000:.2f} ms each)"
        )
        print(f"floor (the same e-mails without the outbox): median {floor:.2f} s")
        print(f"ratio worker / floor: {send / floor:.1f}x")
        cpu_queue, cpu_send, cpu_floor = (
            statistics.median(t) for t in (queue_cpu, send_cpu, floor_cpu)
        )
        print(
            f"CPU: queue {cpu_queue:.2f} s, worker {cpu_send:.2f} s, floor {cpu_floor:.2f} s; "
            f"ratio worker / floor {cpu_send / cpu_floor:.1f}x"
        )
        before, after = rss[-1]
        print(
            f"process peak RSS: {before / 1024:.0f} MB before the worker, "
            f"{after / 1024:.0f} MB after"
        )
        if peaks:
            peak = statistics.median(peaks) / 1e6
            print(f"worker peak Python allocations (tracemalloc): median {peak:.1f} MB")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
