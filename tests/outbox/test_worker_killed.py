"""A worker killed mid-batch (SIGKILL, a real process) and resumed sends no
one twice (PostgreSQL: two processes share the database)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from outbox import services
from outbox.models import Channel, Delivery, DeliveryStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
ROOT = Path(__file__).resolve().parents[2]
WORKER = """
import django, sys
django.setup()
from outbox.services import deliveries_send
deliveries_send(delivery_ids=[int(pk) for pk in sys.argv[1:]])
"""


def _database_url() -> str:
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def _sent_to(directory: Path) -> list[str]:
    return [
        line.removeprefix("To: ").strip()
        for path in directory.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]


DUMMY_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.dummy.DummyBackend",
        "QUEUES": ["default", "email", "certificates"],
    }
}


def test_worker_killed_mid_batch_and_resumed_sends_no_one_twice(tmp_path, settings):
    settings.TASKS = DUMMY_TASKS  # the worker below sends, not the commit of message_create
    message = services.message_create(
        topic="event:1",
        subject="Info",
        body="Info",
        created_by=None,
        recipients=[
            services.Recipient(
                key=f"p:{i}",
                name=f"P {i}",
                channel=Channel.EMAIL,
                subject="Info",
                body="Halo",
                email=f"p{i}@example.org",
                language="id",
            )
            for i in range(20)
        ],
    )
    ids = [str(pk) for pk in message.deliveries.order_by("pk").values_list("pk", flat=True)]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bimtek.settings_test",
        "DATABASE_URL": _database_url(),
        "PYTHONPATH": str(ROOT),
    }
    code = (
        "from django.conf import settings as s; "
        "s.EMAIL_BACKEND='tests.outbox.slow_mail.EmailBackend'; "
        f"s.EMAIL_FILE_PATH={str(tmp_path)!r}"
    )
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER.replace("django.setup()", f"django.setup()\n{code}"), *ids],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 120
    while Delivery.objects.filter(message=message, status=DeliveryStatus.SENT).count() < 5:
        assert time.monotonic() < deadline and worker.poll() is None, "the worker did not start"
        time.sleep(0.05)
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    before = _sent_to(tmp_path)

    with override_settings(
        EMAIL_BACKEND="tests.outbox.slow_mail.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path),
        TASKS={**DUMMY_TASKS, "default": {**DUMMY_TASKS["default"], "BACKEND": IMMEDIATE}},
    ):
        services.deliveries_recover(now=timezone.now() + timezone.timedelta(hours=1))

    sent = _sent_to(tmp_path)
    assert len(sent) == len(set(sent)), "someone got the message twice"
    assert 5 <= len(before) < 20
    interrupted = Delivery.objects.filter(message=message, status=DeliveryStatus.FAILED)
    assert interrupted.count() <= 1  # at most the one being sent when killed
    delivered = set(
        Delivery.objects.filter(message=message, status=DeliveryStatus.SENT).values_list(
            "email", flat=True
        )
    )
    assert delivered <= set(sent)
    assert len(delivered) + interrupted.count() == 20
