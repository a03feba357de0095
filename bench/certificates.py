"""Certificate benchmarks: PDFs per second per core, peak memory of a bulk
job, and the bulk job as production runs it (gunicorn + worker + PostgreSQL).

    .venv/bin/python bench/certificates.py                 # speed and bulk, sizes 1000 and 10000
    .venv/bin/python bench/certificates.py speed --count 400
    .venv/bin/python bench/certificates.py zipsize --count 134   # ZIP before/after, merged PDF
    .venv/bin/python bench/certificates.py bulk --sizes 1000 10000 --outputs pdf zip
    .venv/bin/python bench/certificates.py server --registrations 10000   # as in `make bench`

``speed`` renders certificates one after the other in this process (one core)
with an A4 300-dpi background photo-like JPEG, two logos, a transparent PNG
signature and a QR code, and prints the median time per PDF and PDFs/s.

``bulk`` creates an event with N eligible participants in a throw-away SQLite
database (or DATABASE_URL), then runs the real bulk job
(certificates.services.certificate_job_run: issue N certificates, write the
ZIP or the merged PDF) in a fresh process and prints that process's peak RSS.
Flat memory means the peak does not grow with N.

``server`` seeds an event with N eligible participants in a PostgreSQL
benchmark database, serves the app with gunicorn, starts the task worker
(``manage.py run_worker``, the database queue) and does what the organiser
does: "Issue and download all" (POST), then the page's progress polling
(GET every 1.5 s) until the file is ready, then the download. It prints the
certificates per second, the latency of the polls while the worker runs,
and the peak memory of the worker and of the server (from /proc).
"""

import argparse
import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.certificates_server import server  # noqa: E402


def setup_django(database_url: str | None, media_root: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bimtek.settings")
    os.environ["DEBUG"] = "0"  # DEBUG=1 would keep every SQL query in memory
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuv")
    os.environ["MEDIA_ROOT"] = media_root
    os.environ["LOG_LEVEL"] = "WARNING"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: Linux keeps
    ru_maxrss across exec, so a child would inherit its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def photo_background(width: int = 3508, height: int = 2480) -> bytes:
    """A noisy A4 background (compresses like a photo: the worst case)."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((width // 4, height // 4), 60).resize((width, height))
    image = Image.merge(
        "RGB",
        [noise.point(lambda v, k=k: 170 + (v * (k + 2)) % 80) for k in range(3)],
    ).filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def design_uploads(*, photo: bool = True):
    """A photo-like background (worst case for size and speed) or the demo's
    drawn one (a typical designed background)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from demo import artwork

    background = photo_background() if photo else artwork.certificate_background()
    return {
        "background": SimpleUploadedFile("bg", background, content_type="image/jpeg"),
        "logo_left": SimpleUploadedFile("l.png", artwork.emblem(), content_type="image/png"),
        "logo_right": SimpleUploadedFile("r.png", artwork.emblem(), content_type="image/png"),
        "signature_image": SimpleUploadedFile("s.png", signature_png(), content_type="image/png"),
    }


def signature_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (900, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(40, 330), (300, 60), (520, 300), (860, 90)], fill=(20, 30, 120, 255), width=14)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


# --- speed ---------------------------------------------------------------------


def speed(count: int) -> None:
    from certificates import images
    from certificates.pdf import CertificateRenderer, Design, ImageAsset, Printed, Signatory

    uploads = design_uploads()

    def asset(name):
        data = images.normalise_image(uploads[name], kind=name).read()
        return ImageAsset.from_bytes(name, data)

    started = time.perf_counter()
    renderer = CertificateRenderer(
        Design(
            background=asset("background"),
            logos=[asset("logo_left"), None, asset("logo_right")],
            signature=asset("signature_image"),
        )
    )
    prepare = time.perf_counter() - started

    def printed(i: int) -> Printed:
        return Printed(
            title="SERTIFIKAT",
            number=f"{i:05d}/SERT/BIMTEK-SC/VII/2019",
            intro="diberikan kepada:",
            name=f"Dr. Ir. Raja Nurhayati Syahputri {i}, S.Kom., M.T.",
            subline="Dinas Komunikasi dan Informatika Kota Tanjungpinang",
            body="Atas partisipasinya sebagai Peserta pada Bimtek Tahap I Gerakan Menuju 100 "
            "Smart City yang diselenggarakan oleh Dinas Komunikasi dan Informatika Kota "
            "Tanjungpinang pada tanggal 8 s.d. 9 Juli 2019 di Aula Lantai 3, Kantor Wali Kota "
            "Tanjungpinang, selama 16 jam pelajaran (JP).",
            place_date="Tanjungpinang, 9 Juli 2019",
            signatory=Signatory(
                "Teguh Ahmad Syafari",
                "Kepala Dinas Komunikasi dan Informatika Kota Tanjungpinang",
                "Pembina Utama Muda, IV/c",
                "197204041998031006",
            ),
            code="ABCD-EFGH-IJKL-MNOP-QRST",
            verify_url=f"https://bimtek.tanjungpinangkota.go.id/v/ABCDEFGHIJKLMNOP{i:04d}/",
        )

    for i in range(20):  # warm up (fonts, caches)
        renderer.render(printed(i))
    times = []
    cpu = []
    size = 0
    for i in range(count):
        t0, c0 = time.perf_counter(), time.process_time()
        size = len(renderer.render(printed(i)))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    median = statistics.median(times)
    p90 = sorted(times)[int(len(times) * 0.9)]
    cpu_total = sum(cpu)
    merged_count = min(count, 500)
    c0 = time.process_time()
    with tempfile.TemporaryFile() as out:
        renderer.write_merged((printed(i) for i in range(merged_count)), out)
        merged_size = out.tell()
    merged = (time.process_time() - c0) / merged_count
    print(f"design prepared once per job: {prepare * 1000:.0f} ms")
    print(
        f"single PDFs: {count} rendered; CPU {cpu_total / count * 1000:.2f} ms each "
        f"(median {statistics.median(cpu) * 1000:.2f}) -> {count / cpu_total:.0f} PDFs/s per core; "
        f"wall median {median * 1000:.2f} ms, p90 {p90 * 1000:.2f} ms ({size / 1024:.0f} KiB each)"
    )
    print(
        f"merged print PDF: CPU {merged * 1000:.2f} ms per page -> {1 / merged:.0f} pages/s "
        f"per core "
        f"({merged_count} pages, {merged_size / 1024 / 1024:.1f} MiB: background embedded once)"
    )


# --- ZIP size --------------------------------------------------------------------


def zipsize(count: int) -> None:
    """The ZIP of one PDF per person, as before (each PDF with the stored
    background, ~210 dpi) and now (certificates.images.compact_background:
    150 dpi, quality 70), and the merged print PDF, for both backgrounds."""
    from certificates import images
    from certificates.pdf import CertificateRenderer, Design, ImageAsset, Printed, Signatory

    def printed(i: int) -> Printed:
        return Printed(
            title="SERTIFIKAT",
            number=f"{i:03d}/SERT/BIMTEK-SC/VII/2019",
            intro="diberikan kepada:",
            name=f"Dr. Raja Nurhayati {i}, S.Kom., M.T.",
            subline="Dinas Komunikasi dan Informatika Kota Tanjungpinang",
            body="Atas partisipasinya sebagai Peserta pada Bimtek Tahap I Gerakan Menuju 100 "
            "Smart City, 8 s.d. 9 Juli 2019, selama 16 jam pelajaran (JP).",
            place_date="Tanjungpinang, 9 Juli 2019",
            signatory=Signatory("Teguh Ahmad Syafari", "Kepala Dinas", "IV/c", "1" * 18),
            code="ABCD-EFGH-IJKL-MNOP-QRST",
            verify_url=f"https://bimtek.example.go.id/v/ABCDEFGHIJKLMNOP{i:04d}/",
        )

    for label, photo in (("photo-like (worst case)", True), ("demo's drawn", False)):
        uploads = design_uploads(photo=photo)
        stored = {
            name: images.normalise_image(upload, kind=name).read()
            for name, upload in uploads.items()
        }

        def renderer(background: bytes, stored=stored) -> CertificateRenderer:
            def asset(field, stored=stored):
                return ImageAsset.from_bytes(field, stored[field])

            return CertificateRenderer(
                Design(
                    background=ImageAsset.from_bytes("background", background),
                    logos=[asset("logo_left"), None, asset("logo_right")],
                    signature=asset("signature_image"),
                )
            )

        compact = images.compact_background(stored["background"])
        rows = []
        for name, background in (
            ("before: stored", stored["background"]),
            ("now: compact", compact),
        ):
            with tempfile.TemporaryFile() as out:
                c0 = time.process_time()
                renderer(background).write_zip(
                    ((f"{i:05d}.pdf", printed(i)) for i in range(count)), out
                )
                rows.append((name, len(background), out.tell(), time.process_time() - c0))
        with tempfile.TemporaryFile() as out:
            renderer(stored["background"]).write_merged((printed(i) for i in range(count)), out)
            merged = out.tell()
        print(f"{label} background, {count} certificates:")
        for name, background_size, size, cpu in rows:
            print(
                f"  ZIP, {name} background ({background_size / 1024:.0f} KiB): "
                f"{size / 1e6:.1f} MB ({size / count / 1024:.0f} KiB per PDF, "
                f"CPU {cpu / count * 1000:.2f} ms each)"
            )
        print(f"  merged print PDF: {merged / 1e6:.1f} MB")


# --- bulk ----------------------------------------------------------------------


def create_event(size: int) -> int:
    import datetime as dt
    import zoneinfo

    from django.core.management import call_command
    from django.utils import timezone

    from bimtek.models import Event, Institution, InstitutionCategory, Session, Team
    from bimtek.models.teams import DEFAULT_TEAM_NAME
    from certificates import services
    from checkin.models import CheckIn
    from participants.models import Participant, Registration

    call_command("migrate", verbosity=0)
    tz = zoneinfo.ZoneInfo("Asia/Jakarta")
    start = timezone.localdate() - dt.timedelta(days=2)
    event = Event.objects.create(
        title="Bimtek Tahap I Gerakan Menuju 100 Smart City",
        code=f"bench-{size}",
        organiser_unit="Dinas Komunikasi dan Informatika Kota Tanjungpinang",
        venue="Aula Lantai 3, Kantor Wali Kota Tanjungpinang",
        city="Tanjungpinang",
        start_date=start,
        end_date=start + dt.timedelta(days=1),
        status="published",
        team=Team.objects.get_or_create(name=DEFAULT_TEAM_NAME)[0],
    )
    sessions = [
        Session.objects.create(
            event=event,
            title=f"Sesi {i}",
            starts_at=dt.datetime.combine(start, dt.time(8 + 2 * i), tzinfo=tz),
            ends_at=dt.datetime.combine(start, dt.time(9 + 2 * i, 30), tzinfo=tz),
        )
        for i in range(4)
    ]
    institution = Institution.objects.create(
        name="Dinas Komunikasi dan Informatika Kota Tanjungpinang",
        category=InstitutionCategory.objects.first(),
    )
    people = Participant.objects.bulk_create(
        Participant(
            full_name=f"Peserta Bimtek Nomor {i}",
            title_back="S.Kom.",
            institution=institution,
            email=f"peserta{i}@example.org",
        )
        for i in range(size)
    )
    registrations = Registration.objects.bulk_create(
        Registration(event=event, participant=p, status="approved") for p in people
    )
    CheckIn.objects.bulk_create(
        CheckIn(registration=r, session=s, checked_in_at=s.starts_at)
        for r in registrations
        for s in sessions
    )
    settings = services.certificate_settings_ensure(event=event)
    services.certificate_settings_update(
        actor=None,
        settings=settings,
        changes={"signatory_name": "Teguh Ahmad Syafari", "signatory_position": "Kepala Dinas"},
        uploads=design_uploads(photo=False),
    )
    return event.pk


def run_job(event_id: int, output: str) -> None:
    from certificates.models import CertificateJob
    from certificates.services import certificate_job_run

    before = peak_rss_mb()
    job = CertificateJob.objects.create(event_id=event_id, output=output)
    t0 = time.perf_counter()
    certificate_job_run(job_id=job.pk)
    elapsed = time.perf_counter() - t0
    job.refresh_from_db()
    print(
        f"RESULT output={output} certificates={job.total} issued={job.issued} "
        f"status={job.status} seconds={elapsed:.1f} file_mib={job.file_size / 1024 / 1024:.1f} "
        f"rss_before_mib={before:.0f} peak_rss_mib={peak_rss_mb():.0f}"
    )


def bulk(sizes: list[int], outputs: list[str], database_url: str | None) -> None:
    script = str(Path(__file__).resolve())
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="bimtek-bench-") as folder:
            db = database_url or f"sqlite:///{folder}/bench.sqlite3"
            media = f"{folder}/media"
            env = {**os.environ}
            subprocess.run(
                [sys.executable, script, "_create", "--size", str(size)],
                check=True,
                env={**env, "BENCH_DB": db, "BENCH_MEDIA": media},
            )
            for output in outputs:
                result = subprocess.run(
                    [sys.executable, script, "_job", "--output", output],
                    check=True,
                    capture_output=True,
                    text=True,
                    env={**env, "BENCH_DB": db, "BENCH_MEDIA": media},
                )
                line = [x for x in result.stdout.splitlines() if x.startswith("RESULT")][-1]
                print(f"size={size} {line[7:]}")
                # a second output issues nothing new: the same certificates, another file
            if database_url:
                subprocess.run(
                    [sys.executable, script, "_drop"],
                    check=True,
                    env={**env, "BENCH_DB": db, "BENCH_MEDIA": media},
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command")
    s = sub.add_parser("speed")
    s.add_argument("--count", type=int, default=400)
    z = sub.add_parser("zipsize")
    z.add_argument("--count", type=int, default=134)
    b = sub.add_parser("bulk")
    b.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    b.add_argument("--outputs", nargs="+", default=["pdf", "zip"], choices=["pdf", "zip"])
    c = sub.add_parser("_create")
    c.add_argument("--size", type=int)
    j = sub.add_parser("_job")
    j.add_argument("--output")
    sub.add_parser("_drop")
    srv = sub.add_parser("server")
    srv.add_argument("--registrations", type=int, default=10000)
    srv.add_argument("--output", default="pdf", choices=["pdf", "zip"])
    srv.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/bimtek_bench")
    args = parser.parse_args()

    if args.command == "server":
        server(args)
        return

    if args.command in ("_create", "_job", "_drop"):
        setup_django(os.environ["BENCH_DB"], os.environ["BENCH_MEDIA"])
        from bimtek.models import Event

        if args.command == "_create":
            create_event(args.size)
        elif args.command == "_job":
            run_job(Event.objects.get(code__startswith="bench-").pk, args.output)
        else:
            Event.objects.filter(code__startswith="bench-").delete()
        return

    media = tempfile.mkdtemp(prefix="bimtek-bench-media-")
    database_url = os.environ.get("DATABASE_URL")
    print(f"machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    if args.command in (None, "speed"):
        setup_django(database_url, media)
        speed(getattr(args, "count", 400))
    if args.command == "zipsize":
        setup_django(database_url, media)
        zipsize(args.count)
    if args.command in (None, "bulk"):
        bulk(getattr(args, "sizes", [1000, 10000]), getattr(args, "outputs", ["pdf", "zip"]), None)


if __name__ == "__main__":
    main()
