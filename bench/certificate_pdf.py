"""Certificate PDF CPU (issue 22 item 4; docs/benchmarks.md "PDF speed").

    .venv/bin/python bench/certificate_pdf.py --rounds 4
    git archive 314b1bb | tar -x -C /tmp/before      # the code before a change,
    cp -r vendor/fonts /tmp/before/vendor/           # with the fonts
    .venv/bin/python bench/certificate_pdf.py --before /tmp/before --rounds 4

One certificate design (photo-like A4 background, two logos, a signature,
the QR). Per round: ``--count`` single PDFs (median CPU per PDF,
time.process_time) and a merged print PDF of ``--pages`` pages (CPU per
page, pages/s per core). With ``--before DIR`` the rounds alternate between
a process running the code in DIR and one running this tree, one after the
other, and the medians of the rounds and their ratios are printed.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
TREE = Path(os.environ.get("BENCH_TREE", HERE))
sys.path.insert(0, str(TREE))


def printed(i: int):
    from certificates.pdf import Printed, Signatory

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


def measure(rounds: int, count: int, pages: int) -> None:
    from bench import certificates as bench_certificates

    bench_certificates.setup_django(None, tempfile.mkdtemp())
    from certificates import images
    from certificates.pdf import CertificateRenderer, Design, ImageAsset

    uploads = bench_certificates.design_uploads()

    def asset(name):
        return ImageAsset.from_bytes(name, images.normalise_image(uploads[name], kind=name).read())

    renderer = CertificateRenderer(
        Design(
            background=asset("background"),
            logos=[asset("logo_left"), None, asset("logo_right")],
            signature=asset("signature_image"),
        )
    )
    for i in range(20):  # warm up (fonts, caches)
        renderer.render(printed(i))
    for _round in range(rounds):
        cpu = []
        for i in range(count):
            started = time.process_time()
            renderer.render(printed(i))
            cpu.append(time.process_time() - started)
        started = time.process_time()
        with tempfile.TemporaryFile() as out:
            renderer.write_merged((printed(i) for i in range(pages)), out)
        page = (time.process_time() - started) / pages
        print(f"RESULT {statistics.median(cpu) * 1000:.3f} {page * 1000:.3f}", flush=True)
        print(
            f"single PDF median {statistics.median(cpu) * 1000:.2f} ms CPU; merged "
            f"{page * 1000:.2f} ms per page ({1 / page:.0f} pages/s per core)",
            flush=True,
        )


def compare(before: Path, rounds: int, count: int, pages: int) -> None:
    results = {"before": [], "after": []}
    for round_index in range(rounds):
        for name, tree in (("before", before), ("after", HERE)):
            env = dict(os.environ, BENCH_TREE=str(tree), PYTHONPATH=str(tree))
            command = [sys.executable, __file__, "--rounds", "1", "--count", str(count)]
            command += ["--pages", str(pages)]
            output = subprocess.run(
                command, env=env, cwd=tree, check=True, capture_output=True, text=True
            ).stdout
            single, page = (
                float(value)
                for line in output.splitlines()
                if line.startswith("RESULT")
                for value in line.split()[1:]
            )
            results[name].append((single, page))
            print(
                f"round {round_index + 1} {name}: single {single:.2f} ms, merged {page:.2f} ms/page"
            )
    medians = {}
    for name, rows in results.items():
        single = statistics.median(row[0] for row in rows)
        page = statistics.median(row[1] for row in rows)
        medians[name] = (single, page)
        print(
            f"{name}: single PDF {' / '.join(f'{row[0]:.2f}' for row in rows)} ms "
            f"(median {single:.2f}, {1000 / single:.0f} PDFs/s per core); merged "
            f"{' / '.join(f'{row[1]:.2f}' for row in rows)} ms per page "
            f"(median {page:.2f}, {1000 / page:.0f} pages/s per core)"
        )
    print(
        f"after/before: single {medians['after'][0] / medians['before'][0]:.2f}, "
        f"merged {medians['after'][1] / medians['before'][1]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="a tree with the code before a change")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    if args.before:
        compare(args.before.resolve(), args.rounds, args.count, args.pages)
    else:
        measure(args.rounds, args.count, args.pages)


if __name__ == "__main__":
    main()
