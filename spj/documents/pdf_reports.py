"""The berita acara and the laporan kegiatan as PDF, from the report
context of ``spj.documents.context``."""

import io

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Image, PageBreak, Spacer, Table, TableStyle

from bimtek import pdf_fonts
from spj.documents import pdf_base as b


def _agenda_table(ctx: dict):
    rows = [
        b.header_row(
            "No.", "Hari, tanggal / waktu", "Sesi", "Narasumber / moderator", "JP", "Hadir"
        )
    ]
    for number, item in enumerate(ctx["agenda"], start=1):
        rows.append(
            [
                b.text(number, align="centre"),
                b.lines(item["hari_tanggal"], item["waktu"]),
                b.lines(item["sesi"]),
                b.lines(
                    item["narasumber"],
                    f"Moderator: {item['moderator']}" if item["moderator"] else "",
                ),
                b.text(item["jp"], align="centre"),
                b.text(item["hadir"], align="centre"),
            ]
        )
    return b.grid(rows, [10 * mm, 38 * mm, 52 * mm, 50 * mm, 12 * mm, 18 * mm])


def _category_table(ctx: dict):
    rows = [b.header_row("Kategori instansi", "Terdaftar", "Hadir")]
    for row in ctx["per_kategori"]:
        rows.append(
            [
                b.lines(row["kategori"]),
                b.text(row["terdaftar"], align="centre"),
                b.text(row["hadir"], align="centre"),
            ]
        )
    rows.append(
        [
            b.text("Jumlah", bold=True),
            b.text(ctx["peserta_terdaftar"], bold=True, align="centre"),
            b.text(ctx["peserta_hadir"], bold=True, align="centre"),
        ]
    )
    return b.grid(rows, [110 * mm, 35 * mm, 35 * mm], footer_rows=1)


def _count(value: float) -> str:
    """A count of people as printed in Indonesian: 1234 → "1.234"."""
    return f"{round(value):,}".replace(",", ".")


def _count_step(top: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that divides 0…``top`` into at
    most 5 steps."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if top <= 5 * step * factor:
                return step * factor
        step *= 10


def _session_chart(ctx: dict) -> Drawing | None:
    """Attendance per session as bars, labelled "Sesi 1", "Sesi 2"… (the
    agenda table above names them)."""
    values = [item["hadir"] for item in ctx["agenda"]]
    if not values:
        return None
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 10 * mm
    chart.width, chart.height = 150 * mm, 45 * mm
    chart.data = [values]
    chart.bars[0].fillColor = colors.HexColor("#2b6cb0")
    # People are counted in whole numbers: integer ticks only (a step of 1,
    # 2, 5, 10, 20, 50… giving at most 5 steps), numbers in Indonesian.
    step = _count_step(max(values))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = step * (max(values) // step + 1)
    chart.valueAxis.labelTextFormat = _count
    chart.valueAxis.labels.fontName = pdf_fonts.SANS
    chart.categoryAxis.categoryNames = [f"Sesi {i}" for i in range(1, len(values) + 1)]
    chart.categoryAxis.labels.fontName = pdf_fonts.SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.barLabelFormat = _count
    chart.barLabels.fontName = pdf_fonts.SANS
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _photos(photos: list[dict]) -> Table:
    """Two photos a row, each 85 mm wide with its caption below."""
    cells = []
    for photo in photos:
        image = ImageReader(io.BytesIO(photo["foto"]))
        width, height = image.getSize()
        shown = Image(io.BytesIO(photo["foto"]), width=85 * mm, height=85 * mm * height / width)
        cells.append([shown, b.text(photo["keterangan"], size=8.5, align="centre")])
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append("")
    table = Table(rows, colWidths=[90 * mm, 90 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _signatures(ctx: dict):
    signer = ctx["ttd"]
    return b.signatures(
        [
            ("Mengetahui,", signer["kepala_jabatan"], signer["kepala_nama"], signer["kepala_nip"]),
            (ctx["tempat_tanggal"], "Ketua Panitia,", signer["ketua_nama"], signer["ketua_nip"]),
        ],
        width=b.frame_width(),
    )


def _figures(ctx: dict) -> list[tuple[str, str]]:
    return [
        ("Peserta terdaftar", str(ctx["peserta_terdaftar"])),
        ("Peserta hadir", str(ctx["peserta_hadir"])),
        ("Jumlah JP", str(ctx["total_jp"])),
        ("Sertifikat terbit", str(ctx["sertifikat_terbit"])),
    ]


def minutes(ctx: dict) -> bytes:
    """Berita acara pelaksanaan kegiatan."""
    event = ctx["kegiatan"]
    story = b.title("BERITA ACARA PELAKSANAAN KEGIATAN", event["nama"])
    story.insert(-1, b.text(f"Nomor: {ctx['nomor_berita_acara'] or '.' * 40}", align="centre"))
    story += b.paragraphs(
        f"Pada {event['tanggal']} bertempat di {event['tempat']}, {event['kota']}, "
        f"telah dilaksanakan kegiatan {event['nama']} yang diselenggarakan oleh "
        f"{event['penyelenggara']}, dengan rincian sebagai berikut:"
    )
    story += b.heading("Susunan acara yang dilaksanakan")
    story.append(_agenda_table(ctx))
    story += b.heading("Kehadiran dan sertifikat")
    story.append(b.details(_figures(ctx), label_width=40 * mm))
    story += [Spacer(1, 3 * mm), _category_table(ctx)]
    story.append(Spacer(1, 4 * mm))
    story += b.paragraphs(
        ctx["penutup"]
        or "Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
        "sebagaimana mestinya."
    )
    story.append(_signatures(ctx))
    return b.build(story, title=f"Berita acara — {event['nama']}", author=event["penyelenggara"])


def report(ctx: dict) -> bytes:
    """Laporan kegiatan: background, purpose, time and place, the agenda as
    run, attendance by institution category and per session (with a chart),
    the speakers, the certificates issued, closing."""
    event = ctx["kegiatan"]
    story = b.title("LAPORAN KEGIATAN", event["nama"], event["penyelenggara"])
    sections = [
        ("I. Latar belakang", ctx["latar_belakang"]),
        ("II. Maksud dan tujuan", ctx["tujuan"]),
    ]
    for heading, body in sections:
        story += b.heading(heading)
        story += b.paragraphs(body or "-")
    story += b.heading("III. Waktu dan tempat")
    story.append(
        b.details(
            [
                ("Tanggal", event["tanggal"]),
                ("Tempat", event["tempat"]),
                ("Alamat", event["alamat"]),
                ("Kota", event["kota"]),
            ]
        )
    )
    story += b.heading("IV. Pelaksanaan (susunan acara dan kehadiran per sesi)")
    story.append(_agenda_table(ctx))
    chart = _session_chart(ctx)
    if chart is not None:
        story += [Spacer(1, 3 * mm), b.text("Grafik kehadiran per sesi", bold=True), chart]
    story += b.heading("V. Peserta menurut kategori instansi")
    story.append(_category_table(ctx))
    story += b.heading("VI. Narasumber dan moderator")
    rows = [b.header_row("No.", "Nama", "Peran", "JP")]
    for number, person in enumerate(ctx["narasumber"], start=1):
        rows.append(
            [
                b.text(number, align="centre"),
                b.lines(person["nama"]),
                b.lines(person["peran"]),
                b.text(person["jp"], align="centre"),
            ]
        )
    story.append(b.grid(rows, [10 * mm, 90 * mm, 55 * mm, 25 * mm]))
    story += b.heading("VII. Sertifikat dan hasil")
    story.append(b.details(_figures(ctx), label_width=40 * mm))
    if ctx["hasil_lain"]:
        # The evaluation's results and any other app's (spj.extensions.report_figures).
        rows = [b.header_row("Hasil", "Nilai")]
        rows += [[b.lines(row["label"]), b.lines(row["nilai"])] for row in ctx["hasil_lain"]]
        story += [Spacer(1, 3 * mm), b.grid(rows, [105 * mm, 75 * mm])]
    story += b.heading("VIII. Penutup")
    story += b.paragraphs(ctx["penutup"] or "-")
    story.append(_signatures(ctx))
    if ctx["dokumentasi"]:
        story += [PageBreak(), *b.heading("IX. Dokumentasi"), _photos(ctx["dokumentasi"])]
    return b.build(
        story, title=f"Laporan kegiatan — {event['nama']}", author=event["penyelenggara"]
    )
