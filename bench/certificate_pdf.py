"""Certificate PDF CPU, before and after a change, alternating in one process
(issue 22 item 4; docs/benchmarks.md "PDF speed").

    .venv/bin/python bench/certificate_pdf.py --before 314b1bb --rounds 4

Loads ``certificates/pdf.py`` as it was at ``--before`` (git show) beside the
current one, both drawing the same design (photo-like A4 background, two logos,
a signature, the QR) and, per round, renders ``--count`` single PDFs with each
(median CPU, time.process_time) and a merged print PDF of ``--pages`` pages
(CPU per page, pages/s per core). Prints each round, the medians and the ratios.
"""

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import certificates as bench_certificates  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", required=True, help="git revision of the 'before' code")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--pages", type=int, default=300)
    args = parser.parse_args()
    bench_certificates.setup_django(None, tempfile.mkdtemp())

    from certificates import images
    from certificates import pdf as after
    from certificates.pdf import Design, ImageAsset, Printed, Signatory

    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{args.before}:certificates/pdf.py"],
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.NamedTemporaryFile(suffix=".py", delete=False) as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("certificates_pdf_before", handle.name)
    before = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(before)

    uploads = bench_certificates.design_uploads()

    def asset(name):
        return ImageAsset.from_bytes(name, images.normalise_image(uploads[name], kind=name).read())

    design = Design(
        background=asset("background"),
        logos=[asset("logo_left"), None, asset("logo_right")],
        signature=asset("signature_image"),
    )

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

    renderers = {
        "before": before.CertificateRenderer(design),
        "after": after.CertificateRenderer(design),
    }
    for renderer in renderers.values():
        for i in range(20):  # warm up (fonts, caches)
            renderer.render(printed(i))
    results = {name: {"single": [], "merged": []} for name in renderers}
    for round_index in range(args.rounds):
        for name, renderer in renderers.items():
            cpu = []
            for i in range(args.count):
                started = time.process_time()
                renderer.render(printed(i))
                cpu.append(time.process_time() - started)
            started = time.process_time()
            with tempfile.TemporaryFile() as out:
                renderer.write_merged((printed(i) for i in range(args.pages)), out)
            page = (time.process_time() - started) / args.pages
            single = statistics.median(cpu)
            results[name]["single"].append(single * 1000)
            results[name]["merged"].append(page * 1000)
            print(
                f"round {round_index + 1} {name}: single PDF median {single * 1000:.2f} ms CPU; "
                f"merged {page * 1000:.2f} ms per page ({1 / page:.0f} pages/s per core)",
                flush=True,
            )
    medians = {}
    for name, figures in results.items():
        medians[name] = {kind: statistics.median(values) for kind, values in figures.items()}
        print(
            f"{name}: single {' / '.join(f'{v:.2f}' for v in figures['single'])} ms "
            f"(median {medians[name]['single']:.2f}); merged "
            f"{' / '.join(f'{v:.2f}' for v in figures['merged'])} ms per page "
            f"(median {medians[name]['merged']:.2f}, {1000 / medians[name]['merged']:.0f} pages/s)"
        )
    for kind in ("single", "merged"):
        print(f"ratio after/before, {kind}: {medians['after'][kind] / medians['before'][kind]:.2f}")


if __name__ == "__main__":
    main()
