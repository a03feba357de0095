"""The JP report and its exports at scale (issue 16): 10,000 ASN over 50
events, three certificates each (30,000 courses), on PostgreSQL.

Measures, in-process (the report's work is the query and the workbook, not
HTTP), the median of several runs of: the report's rows for everyone (an
administrator), the SIASN riwayat kursus XLSX and the recap XLSX, and the
same for one institution's HR viewer; with the query count of each, which
must not grow with the rows. A download is the rows plus one workbook
(``median_siasn_export_s``, ``median_recap_export_s``); ``median_s`` is all
three.

    .venv/bin/python bench/competency_report.py [--asn 10000 --events 50 --per-asn 3]

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bimtek_bench_competency)
is dropped and created.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bimtek_bench_competency"


def outer(args) -> None:
    from bench import common

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = common.server_env(url)
    started = time.perf_counter()
    common.recreate_database(url)
    common.manage(env, "migrate", "--no-input", "-v", "0", timeout=1200)
    command = [common.PYTHON, __file__, "--inner", *sys.argv[1:]]
    result = subprocess.run(command, cwd=common.ROOT, env=env, check=True, timeout=3600)
    common.drop_database(url)
    print(f"total {time.perf_counter() - started:.0f} s", file=sys.stderr)
    sys.exit(result.returncode)


def seed(asn: int, events: int, per_asn: int) -> dict:
    from django.utils import timezone

    from accounts.models import User
    from bench.seed import event, institutions
    from certificates.models import Certificate
    from competency.models import HrViewer
    from participants.models import Participant, Registration
    from participants.models.people import Employment
    from participants.models.registrations import RegistrationStatus

    places = institutions()
    year = timezone.localdate().year
    runs = [
        event(f"bench-jp-{n}", start=dt.date(year, 1 + n % 12, 1 + n % 27)) for n in range(events)
    ]
    people = Participant.objects.bulk_create(
        (
            Participant(
                full_name=f"ASN Benchmark {n}",
                institution=places[n % len(places)],
                email=f"asn{n}@bench.example.org",
                employment=Employment.PNS,
                # every 50th without NIP: the "NIP kosong" sheet
                nip=None if n % 50 == 0 else f"1985031220100110{n:02d}"[:12] + f"{n:06d}",
            )
            for n in range(asn)
        ),
        batch_size=2000,
    )
    registrations = Registration.objects.bulk_create(
        (
            Registration(
                event=runs[(n + k * 17) % events],
                participant=person,
                status=RegistrationStatus.APPROVED,
            )
            for n, person in enumerate(people)
            for k in range(per_asn)
        ),
        batch_size=2000,
    )
    sequences: dict[int, int] = {}
    now = timezone.now()

    def certificate(registration) -> Certificate:
        sequence = sequences[registration.event_id] = sequences.get(registration.event_id, 0) + 1
        jp = 8 + registration.pk % 9
        return Certificate(
            event_id=registration.event_id,
            registration=registration,
            sequence=sequence,
            number=f"{sequence:04d}/SERT/BIMTEK/{registration.event_id}/{year}",
            snapshot={"version": 1, "jp": 16, "jp_total": 16, "jp_attended": jp},
            issued_at=now,
        )

    Certificate.objects.bulk_create(
        (certificate(registration) for registration in registrations), batch_size=2000
    )
    admin = User.objects.create(email="admin@bench.example.org", is_superuser=True)
    hr = User.objects.create(email="hr@bench.example.org")
    HrViewer.objects.create(user=hr, institution=places[0])
    return {"admin": admin, "hr": hr, "year": year, "courses": len(registrations)}


def measure(user, year: int, repeat: int) -> dict:
    """Medians of ``repeat`` runs: the rows (the query), the SIASN workbook,
    the recap workbook; a download is the rows plus one workbook."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competency import exports, report, selectors

    def once() -> dict:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            rows = report.asn_rows(report.report_certificates(user=user, year=year))
            fetched = time.perf_counter()
            siasn = exports.siasn_xlsx(rows)
            written = time.perf_counter()
            exports.recap_xlsx(rows, year=year, target=selectors.yearly_target())
            ended = time.perf_counter()
        return {
            "rows_s": fetched - started,
            "siasn_export_s": written - started,
            "recap_export_s": (fetched - started) + (ended - written),
            "all_s": ended - started,
            "queries": len(queries.captured_queries),
            "asn_rows": len(rows),
            "bytes": len(siasn),
        }

    runs = [once() for _ in range(repeat)]

    def median(key: str) -> float:
        return round(statistics.median(run[key] for run in runs), 3)

    return {
        "median_rows_s": median("rows_s"),
        "median_siasn_export_s": median("siasn_export_s"),
        "median_recap_export_s": median("recap_export_s"),
        "median_s": median("all_s"),
        "queries": sorted({run["queries"] for run in runs}),
        "asn_rows": runs[0]["asn_rows"],
        "siasn_xlsx_bytes": runs[0]["bytes"],
    }


def inner(args) -> None:
    import django

    django.setup()
    # A running server has its URLconf and openpyxl loaded: not part of a report.
    import openpyxl  # noqa: F401
    from django.urls import reverse

    reverse("certificates:verify_lookup")
    started = time.perf_counter()
    world = seed(args.asn, args.events, args.per_asn)
    seeding = time.perf_counter() - started
    result = {
        "asn": args.asn,
        "events": args.events,
        "courses": world["courses"],
        "seeding_s": round(seeding, 1),
        "administrator_everything": measure(world["admin"], world["year"], args.repeat),
        "hr_viewer_one_institution": measure(world["hr"], world["year"], args.repeat),
    }
    print(json.dumps(result, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--inner", action="store_true")
    parser.add_argument("--asn", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--per-asn", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.inner:
        inner(args)
    else:
        outer(args)


if __name__ == "__main__":
    main()
