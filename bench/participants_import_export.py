"""Benchmark: the invitation-list import and the participant export.

Quality bars (design brief): a 5,000-row import validated and committed in
under 30 s, all or nothing; 10,000 participants exported to XLSX in under 10 s.

Runs on a throw-away database created for the run (SQLite file by default;
PostgreSQL when DATABASE_URL points at a server), with the production task
backend (the database queue), so the commit includes queueing the e-mails.
Prints medians of several runs, the query counts, and the figures for
docs/benchmarks.md.

    .venv/bin/python bench/import_export.py                      # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bimtek_bench \\
        .venv/bin/python bench/import_export.py                  # PostgreSQL
    .venv/bin/python bench/import_export.py --rows 5000 --export-rows 10000 --runs 3
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings")
os.environ.setdefault("DEBUG", "0")  # DEBUG keeps every query in memory: not what production does
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("EMAIL_URL", "dummymail://")
os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="rows of the imported file")
    parser.add_argument("--export-rows", type=int, default=10000, help="registrations exported")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":  # a file, as in production, not an in-memory database
        connection.settings_dict["TEST"]["NAME"] = str(
            Path(tempfile.mkdtemp(prefix="bimtek-bench-")) / "bench.sqlite3"
        )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run(options)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(options) -> None:
    import django
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from accounts.models import User
    from participants.exports import RegistrationExportResource, StreamingXLSX, export_queryset
    from participants.imports.services import participant_import_commit, participant_import_upload
    from participants.models import Registration
    from tests.factories import EventFactory, InstitutionFactory, ParticipantFactory
    from tests.spreadsheets import person_row, xlsx_bytes

    translation.activate("id")
    organiser = User.objects.create_user("bench@example.org", "x")
    InstitutionFactory(name="Dinas Komunikasi dan Informatika", short_name="Diskominfo")
    InstitutionFactory(name="Bank Riau Kepri Syariah", short_name="BRK Syariah")

    print(f"Django {django.get_version()}, {connection.vendor}, Python {sys.version.split()[0]}")

    # --- Import ---------------------------------------------------------------
    checks, commits, totals = [], [], []
    query_counts = {}
    for run_number in range(options.runs):
        offset = run_number * options.rows  # new people every run
        rows = [
            person_row(offset + n, institution="Diskominfo" if n % 2 else "BRK Syariah")
            for n in range(options.rows)
        ]
        content = xlsx_bytes(rows)
        event = EventFactory(capacity=options.rows)
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as check_queries:
            upload = participant_import_upload(
                event=event, name="bench.xlsx", content=content, actor=organiser
            )
        checked = time.perf_counter()
        assert not upload.report["error_rows"], upload.report["error_rows"][:3]
        with CaptureQueriesContext(connection) as commit_queries:
            report = participant_import_commit(upload=upload, actor=organiser)
        committed = time.perf_counter()
        assert report.committed
        assert Registration.objects.filter(event=event).count() == options.rows
        checks.append(checked - started)
        commits.append(committed - checked)
        totals.append(committed - started)
        query_counts = {
            "check": len(check_queries.captured_queries),
            "commit": len(commit_queries.captured_queries),
        }
        print(
            f"  import run {run_number + 1}: check {checks[-1]:.2f} s, "
            f"commit {commits[-1]:.2f} s, total {totals[-1]:.2f} s"
        )
    print(
        f"IMPORT {options.rows} rows (XLSX, {len(content) // 1024} KiB): "
        f"median check {statistics.median(checks):.2f} s, "
        f"median commit (re-check + write + queue e-mails) {statistics.median(commits):.2f} s, "
        f"median total {statistics.median(totals):.2f} s; "
        f"queries: check {query_counts['check']}, commit {query_counts['commit']}"
    )

    # --- Export ---------------------------------------------------------------
    from participants.models.registrations import RegistrationStatus

    event = EventFactory(capacity=None)
    institutions = [InstitutionFactory() for _ in range(20)]
    people = ParticipantFactory.build_batch(options.export_rows)
    for n, person in enumerate(people):
        person.institution = institutions[n % len(institutions)]
        person.email = f"ekspor{n}@example.org"
    from participants.models import Participant

    Participant.objects.bulk_create(people, batch_size=1000)
    Registration.objects.bulk_create(
        [
            Registration(event=event, participant=p, status=RegistrationStatus.APPROVED)
            for p in people
        ],
        batch_size=1000,
    )
    from import_export.formats import base_formats

    for label, file_format in (("XLSX", StreamingXLSX()), ("CSV", base_formats.CSV())):
        timings = []
        for _ in range(options.runs):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as export_queries:
                queryset = export_queryset(Registration.objects.filter(event=event))
                dataset = RegistrationExportResource(event=event).export(queryset)
                content = file_format.export_data(dataset)
            timings.append(time.perf_counter() - started)
        assert len(dataset) == options.export_rows
        print(
            f"EXPORT {options.export_rows} participants to {label}: "
            f"median {statistics.median(timings):.2f} s (runs: "
            + ", ".join(f"{t:.2f}" for t in timings)
            + f"), {len(content) // 1024} KiB, {len(export_queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    main()
