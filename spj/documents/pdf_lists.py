"""The SPJ's lists as PDF: daftar hadir of speakers and of the committee,
the honorarium list, one tanda terima per person. Each prints the context
of ``spj.documents.context``."""

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from spj.documents import pdf_base as b


def _event_details(ctx: dict, sheet: dict | None = None) -> list[tuple[str, str]]:
    event = ctx["kegiatan"]
    pairs = [("Kegiatan", event["nama"])]
    if sheet:
        pairs += [
            ("Sesi", sheet["judul"]),
            ("Hari, tanggal", sheet["hari_tanggal"]),
            ("Waktu", sheet["waktu"]),
        ]
    else:
        pairs.append(("Tanggal", event["tanggal"]))
    pairs += [("Tempat", event["tempat"]), ("Penyelenggara", event["penyelenggara"])]
    return pairs


def _chair(ctx: dict) -> tuple[str, str, str, str]:
    signer = ctx["ttd"]
    return (ctx["tempat_tanggal"], "Ketua Panitia,", signer["ketua_nama"], signer["ketua_nip"])


def attendance(ctx: dict, *, heading: str) -> bytes:
    """A daftar hadir: one page (or more) per sheet, each with the signature
    column and the committee chair's signature block."""
    width = b.frame_width()
    story: list = []
    for index, sheet in enumerate(ctx["lembar"]):
        if index:
            story.append(PageBreak())
        story += b.title(heading)
        story += [b.details(_event_details(ctx, sheet)), Spacer(1, 4 * mm)]
        rows = [b.header_row("No.", "Nama", "Peran", "Instansi / jabatan", "Tanda tangan")]
        for person in sheet["orang"]:
            rows.append(
                [
                    b.text(person["no"], align="centre"),
                    b.lines(person["nama"]),
                    b.lines(person["peran"]),
                    b.lines(person["instansi"], person["jabatan"]),
                    b.signature_line(person["no"]),
                ]
            )
        if not sheet["orang"]:
            rows.append([b.text(""), b.text("—"), b.text(""), b.text(""), b.text("")])
        story.append(b.grid(rows, [10 * mm, 52 * mm, 28 * mm, 45 * mm, 45 * mm]))
        story.append(b.signatures([("", "", "", ""), _chair(ctx)], width=width))
    if not story:
        story += b.title(heading)
        story.append(b.details(_event_details(ctx)))
    return b.build(
        story,
        title=f"{heading} — {ctx['kegiatan']['nama']}",
        author=ctx["kegiatan"]["penyelenggara"],
    )


def _payer_signatures(ctx: dict, width: float):
    signer = ctx["ttd"]
    return b.signatures(
        [
            ("Mengetahui,", signer["kepala_jabatan"], signer["kepala_nama"], signer["kepala_nip"]),
            (
                ctx["tempat_tanggal"],
                "Bendahara Pengeluaran,",
                signer["bendahara_nama"],
                signer["bendahara_nip"],
            ),
        ],
        width=width,
    )


def honorarium(ctx: dict) -> bytes:
    """The honorarium list (landscape): gross, PPh 21, net and a signature
    column per person; totals in figures and in words."""
    width = b.frame_width(wide=True)
    story = b.title("DAFTAR PEMBAYARAN HONORARIUM NARASUMBER DAN MODERATOR")
    story += [b.details(_event_details(ctx)), Spacer(1, 4 * mm)]
    rows = [
        b.header_row(
            "No.",
            "Nama / NIP",
            "Peran",
            "Status / NPWP",
            "Volume",
            "Tarif",
            "Bruto",
            "PPh 21",
            "Neto",
            "Rekening",
            "Tanda tangan",
            size=8,
        )
    ]
    for line in ctx["baris"]:
        rows.append(
            [
                b.text(line["no"], align="centre"),
                b.lines(line["nama"], f"NIP {line['nip']}" if line["nip"] else ""),
                b.words(line["peran"]),
                b.words(line["status"], f"NPWP {line['npwp']}" if line["npwp"] else ""),
                b.text(f"{line['volume']} {line['satuan']}", size=8.5, align="centre"),
                b.amount(line["tarif"]),
                b.amount(line["bruto"]),
                b.amount(line["pph"], line["pph_persen"]),
                b.amount(line["neto"]),
                b.words(line["bank"], line["rekening"]),
                b.signature_line(line["no"], width=22 * mm),
            ]
        )
    rows.append(
        [
            b.text(""),
            b.text("Jumlah", bold=True),
            *[b.text("")] * 4,
            b.amount(ctx["total_bruto"], bold=True),
            b.amount(ctx["total_pph"], bold=True),
            b.amount(ctx["total_neto"], bold=True),
            b.text(""),
            b.text(""),
        ]
    )
    # 267 mm, the landscape frame: amounts up to Rp999.999.999 and the role
    # fit at full size within 3 pt paddings (amounts shrink beyond that).
    widths = [8, 40, 22, 27, 15, 26, 27, 25, 27, 26, 24]
    story.append(b.grid(rows, [w * mm for w in widths], footer_rows=1, padding=3))
    story += [Spacer(1, 3 * mm), b.text(f"Terbilang (neto): {ctx['terbilang_neto']}")]
    story.append(_payer_signatures(ctx, width))
    return b.build(
        story,
        title=f"Daftar honorarium — {ctx['kegiatan']['nama']}",
        author=ctx["kegiatan"]["penyelenggara"],
        wide=True,
    )


def receipts(ctx: dict) -> bytes:
    """One tanda terima per person, each on its own page."""
    width = b.frame_width()
    event = ctx["kegiatan"]
    story: list = []
    for index, payee in enumerate(ctx["penerima"]):
        if index:
            story.append(PageBreak())
        story += b.title("TANDA TERIMA")
        story.append(
            b.details(
                [
                    ("Sudah terima dari", f"Bendahara Pengeluaran {event['penyelenggara']}"),
                    ("Uang sejumlah", payee["neto"]),
                    ("Terbilang", payee["terbilang"]),
                    (
                        "Untuk pembayaran",
                        f"Honorarium {payee['peran']} pada kegiatan {event['nama']}, "
                        f"{event['tanggal']}, {payee['volume']} {payee['satuan']} × "
                        f"{payee['tarif']}",
                    ),
                ],
                label_width=38 * mm,
            )
        )
        story.append(Spacer(1, 4 * mm))
        rows = [
            b.header_row("Uraian", "Jumlah"),
            [b.text("Honorarium bruto"), b.text(payee["bruto"], align="right")],
            [b.text(f"PPh 21 ({payee['pph_persen']})"), b.text(payee["pph"], align="right")],
            [b.text("Diterima (neto)", bold=True), b.text(payee["neto"], bold=True, align="right")],
        ]
        story.append(b.grid(rows, [120 * mm, 60 * mm], footer_rows=1))
        story.append(Spacer(1, 3 * mm))
        story.append(
            b.details(
                [
                    ("Nama", payee["nama"]),
                    ("NIP", payee["nip"]),
                    (
                        "Jabatan / instansi",
                        ", ".join(v for v in (payee["jabatan"], payee["instansi"]) if v),
                    ),
                    ("NPWP", payee["npwp"]),
                    (
                        "Bank / rekening",
                        " ".join(v for v in (payee["bank"], payee["rekening"]) if v),
                    ),
                    ("Atas nama", payee["pemegang_rekening"]),
                ],
                label_width=38 * mm,
            )
        )
        signer = ctx["ttd"]
        story.append(
            b.signatures(
                [
                    (
                        "Lunas dibayar,",
                        "Bendahara Pengeluaran,",
                        signer["bendahara_nama"],
                        signer["bendahara_nip"],
                    ),
                    (ctx["tempat_tanggal"], "Yang menerima,", payee["nama"], ""),
                ],
                width=width,
            )
        )
    if not story:
        story += b.title("TANDA TERIMA")
        story.append(b.text("Belum ada honorarium dengan tarif yang diisi."))
    return b.build(story, title=f"Tanda terima — {event['nama']}", author=event["penyelenggara"])
