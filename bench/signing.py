"""Electronic signatures (docs/tte.md): the CPU a local PAdES signature adds
to a certificate, and a bulk run of N certificates with signing.

    .venv/bin/python bench/signing.py speed --count 200      # CPU per signature, RSA and ECDSA
    .venv/bin/python bench/signing.py bulk --count 1000      # issue, sign, store, validate all
    .venv/bin/python bench/signing.py both --count 200       # both officials sign, in order

``speed`` renders the certificate of bench/certificates.py (A4 300-dpi photo
background, two logos, signature image, QR) and signs it with a throw-away
PKCS#12 (RSA-2048, as BSrE issues, and ECDSA P-256), invisible and with the
visible stamp. The floor is the rendering itself, measured in the same run:
signing is reported as milliseconds added and as a ratio to that floor.

``both`` signs each certificate as a design with both signatories signing
electronically: the first official (RSA-2048, stamp under the first block),
then the second (another RSA-2048 PKCS#12, stamp under the second block,
incremental), against one signature with its stamp, and validates a sample.

``bulk`` creates an event with N eligible participants in a throw-away
SQLite database, runs the real bulk job (certificate_job_run: issue, sign,
store, write the ZIP of the stored files), then validates every stored PDF
with pyHanko against the test root.
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

from bench.certificates import design_uploads, setup_django  # noqa: E402


def _pkcs12(authority, kind: str) -> bytes:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    from tests.certificates.signing_keys import PASSWORD  # noqa: F401

    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if kind == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    )
    return authority.pkcs12("Kepala Dinas Kominfo", key=key)


def _renderer_and_printed():
    from certificates import images
    from certificates.pdf import CertificateRenderer, Design, ImageAsset, Printed, Signatory

    uploads = design_uploads()

    def asset(name):
        data = images.normalise_image(uploads[name], kind=name).read()
        return ImageAsset.from_bytes(name, data)

    renderer = CertificateRenderer(
        Design(
            background=asset("background"),
            logos=[asset("logo_left"), None, asset("logo_right")],
            signature=asset("signature_image"),
        )
    )

    def printed(i: int) -> Printed:
        return Printed(
            title="SERTIFIKAT",
            number=f"{i:05d}/SERT/BIMTEK-SC/VII/2019",
            intro="diberikan kepada:",
            name=f"Dr. Ir. Raja Nurhayati Syahputri {i}, S.Kom., M.T.",
            subline="Dinas Komunikasi dan Informatika Kota Tanjungpinang",
            body="Atas partisipasinya sebagai Peserta pada Bimtek Tahap I Gerakan Menuju 100 "
            "Smart City, selama 16 jam pelajaran (JP).",
            place_date="Tanjungpinang, 9 Juli 2019",
            signatory=Signatory("Teguh Ahmad Syafari", "Kepala Dinas", "", "197204041998031006"),
            code="ABCD-EFGH-IJKL-MNOP-QRST",
            verify_url=f"https://bimtek.example.go.id/v/ABCDEFGHIJKLMNOP{i:04d}/",
        )

    return renderer, printed


def _median_cpu(function, count: int) -> float:
    for i in range(5):
        function(i)
    samples = []
    for i in range(count):
        started = time.process_time()
        function(i)
        samples.append(time.process_time() - started)
    return statistics.median(samples) * 1000


def speed(count: int) -> None:
    from certificates.models import CertificateSettings
    from certificates.services.signing import stamp_for
    from certificates.signing.local import Pkcs12Signer
    from tests.certificates.signing_keys import PASSWORD, make_authority

    renderer, printed = _renderer_and_printed()
    pdfs = [renderer.render(printed(i)) for i in range(count + 5)]
    floor = _median_cpu(lambda i: renderer.render(printed(i)), count)
    print(f"floor: rendering one certificate, CPU median {floor:.2f} ms")
    authority = make_authority()
    stamp = stamp_for(CertificateSettings(orientation="landscape"))
    for kind in ("rsa", "ec"):
        signer = Pkcs12Signer.load(_pkcs12(authority, kind), password=PASSWORD)
        for label, visible in (("invisible", None), ("visible stamp", stamp)):
            added = _median_cpu(
                lambda i, s=signer, v=visible: s.sign(pdfs[i], field="TTE1", stamp=v), count
            )
            print(
                f"sign {kind.upper():3} {label:13}: CPU median {added:.2f} ms per signature "
                f"-> {1000 / added:.0f} signatures/s per core; "
                f"render+sign {floor + added:.2f} ms = {(floor + added) / floor:.2f}x the floor"
            )


def both(count: int) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from certificates.models import CertificateSettings
    from certificates.services.signing import stamp_for
    from certificates.signing.local import Pkcs12Signer
    from certificates.signing.validation import signatures_in
    from tests.certificates.signing_keys import PASSWORD, make_authority

    renderer, printed = _renderer_and_printed()
    pdfs = [renderer.render(printed(i)) for i in range(count + 5)]
    authority = make_authority()
    first = Pkcs12Signer.load(_pkcs12(authority, "rsa"), password=PASSWORD)
    second = Pkcs12Signer.load(
        authority.pkcs12(
            "Ketua Panitia",
            key=rsa.generate_private_key(public_exponent=65537, key_size=2048),
        ),
        password=PASSWORD,
    )
    design = CertificateSettings(orientation="landscape")
    snapshot = {"signatory2": {"name": "Ketua Panitia"}, "electronic_signatory": 3}
    stamps = [stamp_for(design, snapshot, block=block) for block in (0, 1)]

    def one(i):
        return first.sign(pdfs[i], field="TTE1", stamp=stamps[0])

    def two(i):
        signed = first.sign(pdfs[i], field="TTE1", stamp=stamps[0]).data
        return second.sign(signed, field="TTE2", stamp=stamps[1])

    single = _median_cpu(one, count)
    double = _median_cpu(two, count)
    print(f"one signature (RSA, stamp)        : CPU median {single:.2f} ms per certificate")
    print(
        f"both signatories (RSA, two stamps): CPU median {double:.2f} ms per certificate "
        f"= {double / single:.2f}x one signature"
    )
    sample = two(0).data
    reports = signatures_in(sample, roots=[authority.certificate_asn1]) or []
    print(
        "sample validated with pyHanko: "
        + ", ".join(f"{r.field} {r.signer.split(',')[0]} valid={r.valid}" for r in reports)
    )


def bulk(count: int) -> None:
    from django.conf import settings

    from bench.certificates import create_event
    from certificates.models import CertificateJob, SignedDocument
    from certificates.services import certificate_job_run, stored_pdf
    from certificates.signing import config
    from certificates.signing.validation import load_roots, signatures_in
    from tests.certificates.signing_keys import PASSWORD, make_authority

    authority = make_authority()
    folder = Path(tempfile.mkdtemp(prefix="bench-signing-"))
    (folder / "kantor.p12").write_bytes(_pkcs12(authority, "rsa"))
    (folder / "roots.pem").write_bytes(authority.pem)
    settings.CERTIFICATE_SIGNER = "pkcs12"
    settings.CERTIFICATE_SIGNING_PKCS12 = str(folder / "kantor.p12")
    settings.CERTIFICATE_SIGNING_PKCS12_PASSWORD = PASSWORD
    settings.CERTIFICATE_SIGNING_TRUST_ROOTS = [str(folder / "roots.pem")]
    config.forget_signers()
    event_id = create_event(count)
    job = CertificateJob.objects.create(event_id=event_id, output="zip")
    wall, cpu = time.perf_counter(), time.process_time()
    certificate_job_run(job_id=job.pk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    job.refresh_from_db()
    print(
        f"bulk run: {job.issued} issued, {job.signed} signed ({job.ms_per_signature} ms per "
        f"signature as the page shows), ZIP of {job.processed}: {wall:.1f} s wall, "
        f"{cpu:.1f} s CPU ({cpu / count * 1000:.1f} ms CPU per certificate), status {job.status}"
    )
    roots = load_roots(settings.CERTIFICATE_SIGNING_TRUST_ROOTS)
    valid = sum(
        all(report.valid for report in signatures_in(stored_pdf(document), roots=roots) or [None])
        for document in SignedDocument.objects.all()
    )
    print(f"stored PDFs validated with pyHanko: {valid} of {count} valid")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("speed").add_argument("--count", type=int, default=200)
    sub.add_parser("bulk").add_argument("--count", type=int, default=1000)
    sub.add_parser("both").add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    media = tempfile.mkdtemp(prefix="bench-signing-media-")
    if args.command == "bulk":
        database = Path(tempfile.mkdtemp(prefix="bench-signing-db-")) / "db.sqlite3"
        setup_django(f"sqlite:///{database}", media)
        bulk(args.count)
    else:
        setup_django(None, media)
        (both if args.command == "both" else speed)(args.count)
    os.environ.pop("DATABASE_URL", None)


if __name__ == "__main__":
    main()
