"""Sign-up with a taken address against a new one: does the answer's time
tell whether an address has an account? (issue 15, item 5: 0.06 s against
0.45 s before.) Prints the median of each path; no assertion.

Production's password hasher (Django's default PBKDF2) and queue (the
database queue: each mail a row, sent later by the worker); rate limits off
so that every sign-up reaches the form.

    .venv/bin/python bench/signup_timing.py                # SQLite (a throw-away test DB)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench \\
        .venv/bin/python bench/signup_timing.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings_test")

import django

django.setup()

from django.conf import global_settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

ROUNDS = 11
PASSWORD = "Bimtek-Tanjungpinang-2026"
PRODUCTION = {
    "PASSWORD_HASHERS": global_settings.PASSWORD_HASHERS,
    "ACCOUNT_RATE_LIMITS": False,
    "TASKS": {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "email", "certificates"],
        }
    },
}


def sign_up(email: str) -> tuple[float, float]:
    """(wall-clock ms, CPU ms) of one sign-up."""
    client = Client()
    start, cpu = time.perf_counter(), time.process_time()
    response = client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )
    elapsed = ((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000)
    if response.status_code != 302:
        raise SystemExit(f"sign-up of {email} answered {response.status_code}")
    return elapsed


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(**PRODUCTION):
            from tests.factories import UserFactory

            UserFactory(email="siti.rahman@example.org")
            for index in range(3):  # warm up (templates, URL resolver, connection)
                sign_up("siti.rahman@example.org")
                sign_up(f"warm.{index}@example.org")
            taken, new = [], []
            for index in range(ROUNDS):  # interleaved: the machine's drift hits both
                taken.append(sign_up("siti.rahman@example.org"))
                new.append(sign_up(f"peserta.{index}@example.org"))
        print(f"database: {connection.vendor}; median of {ROUNDS} sign-ups each (wall / CPU)")
        for label, runs in (("taken address", taken), ("new address", new)):
            wall = statistics.median(run[0] for run in runs)
            cpu = statistics.median(run[1] for run in runs)
            print(f"  {label}: {wall:7.1f} ms / {cpu:7.1f} ms")
        ratio = statistics.median(run[0] for run in new) / statistics.median(
            run[0] for run in taken
        )
        print(f"  ratio new/taken (wall): {ratio:.2f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
