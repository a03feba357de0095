"""Certificate PDFs with reportlab.

One ``CertificateRenderer`` per job (a download, a preview, a bulk run): it
loads the design's images once and reuses them for every certificate, so a
background is decoded and compressed once per job, not once per PDF, and a
merged print file embeds it once. Everything printed comes from the
certificate's frozen snapshot (``Printed``); names and texts are drawn as
plain canvas strings — never reportlab Paragraph markup — so ``<b>`` or ``&``
in a name is printed literally.

Bounded: every text is wrapped in time linear in its length
(``bimtek.pdf_text.wrap``), and drawing one certificate may use at most
``cpu_seconds`` of the thread's CPU time; past it the page is abandoned with a
``CertificateError`` (code ``render_too_slow``) instead of holding a worker.

Speed (docs/benchmarks.md): ``rl_config.useA85 = 0`` (the default pure-Python
ASCII85 encoding of images is ~10× slower), the rl-accel C extension, images
prepared once per job, the QR code drawn as vector runs with one fixed
mask pattern and its own codeword encoder (``pdf_qr``), font subsets built
and compressed once per set of characters (``bimtek.pdf_fonts``).
"""

import copy
import io
import zipfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext as _
from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen import canvas as rl_canvas

from bimtek import pdf_fonts, pdf_text
from certificates import pdf_agenda
from certificates.errors import CertificateError
from certificates.pdf_layout import SignatoryBlock, signatory_blocks
from certificates.pdf_qr import QR_MASK, draw_qr, qr_matrix  # noqa: F401 (the module's API)

rl_config.useA85 = 0

landscape_a4_width, _landscape_a4_height = landscape(A4)
portrait_a4_width = A4[0]
FONT_REGULAR = pdf_fonts.SANS
FONT_NAME = pdf_fonts.SERIF_BOLD
FontsMissing = pdf_fonts.FontsMissing
font_dir = pdf_fonts.font_dir
register_fonts = pdf_fonts.register_fonts


# --- What is printed ---------------------------------------------------------


@dataclass(frozen=True)
class Signatory:
    name: str = ""
    position: str = ""
    pangkat: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Printed:
    """Every text on one certificate, as frozen in its snapshot."""

    title: str
    number: str
    intro: str
    name: str
    subline: str
    body: str
    place_date: str
    signatory: Signatory
    code: str
    verify_url: str
    agenda: tuple[pdf_agenda.AgendaRow, ...] = ()  # the back page, when printed
    signatory2: Signatory | None = None  # printed left of the first, when there is one


# --- Images ------------------------------------------------------------------


@dataclass
class ImageAsset:
    """An image prepared once (decoded, compressed) and placed in any number of
    PDFs. reportlab registers an image object per document and marks it as
    registered, so each document gets a shallow copy that shares the bytes."""

    name: str
    width: int
    height: int
    _template: pdfdoc.PDFImageXObject = field(repr=False)

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> "ImageAsset":
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.format == "JPEG" and image.mode in ("RGB", "L", "CMYK"):
                # JPEG is embedded as it is (DCTDecode): no re-encoding at all.
                source = io.BytesIO(data)
                xobject = pdfdoc.PDFImageXObject(name, source=None)
                xobject.loadImageFromJPEG(source)
            else:
                has_alpha = "A" in image.getbands() or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
                xobject = pdfdoc.PDFImageXObject(name, source=None, mask="auto")
                xobject.loadImageFromSRC(ImageReader(image))
                if getattr(xobject, "_smask", None) is not None:
                    # reportlab names a soft mask after its bytes: two logos with the
                    # same transparency would collide. Name it after its image.
                    xobject._smask.name = f"{name}.mask"
            width, height = image.size
        return cls(name=name, width=width, height=height, _template=xobject)

    def draw(self, canvas: rl_canvas.Canvas, x: float, y: float, w: float, h: float) -> None:
        doc = canvas._doc
        reg_name = doc.getXObjectName(self.name)
        if reg_name not in doc.idToObject:
            xobject = copy.copy(self._template)
            smask = getattr(xobject, "_smask", None)
            if smask is not None:
                del xobject._smask
            doc.Reference(xobject, reg_name)
            doc.addForm(self.name, xobject)
            if smask is not None:
                mask_name = doc.getXObjectName(smask.name)
                if mask_name in doc.idToObject:
                    xobject.smask = pdfdoc.PDFObjectReference(mask_name)
                else:
                    xobject.smask = doc.Reference(copy.copy(smask), mask_name)
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(w, h)
        canvas._code.append(f"/{reg_name} Do")
        canvas.restoreState()
        canvas._formsinuse.append(self.name)
        canvas._currentPageHasImages = 1

    def fit(self, box_w: float, box_h: float) -> tuple[float, float]:
        """Width and height of the image scaled into a box, keeping its shape."""
        scale = min(box_w / self.width, box_h / self.height)
        return self.width * scale, self.height * scale


@dataclass
class Design:
    """The look of an event's certificates (from CertificateSettings)."""

    landscape: bool = True
    background: ImageAsset | None = None
    logos: list[ImageAsset | None] = field(default_factory=lambda: [None, None, None])
    signature: ImageAsset | None = None
    signature2: ImageAsset | None = None


# --- Text fitting ----------------------------------------------------------
# Measured and drawn through bimtek.pdf_fonts: every script, per-character
# fallback, Arabic shaped right to left (docs/fonts.md).

_width = pdf_text.width
wrap = pdf_text.wrap


def fit_name(
    name: str, *, font: str, max_size: float, min_size: float, max_width: float
) -> tuple[float, list[str]]:
    """The name on one line at the largest size that fits (down to min_size);
    longer names wrap at min_size."""
    return pdf_text.fit(name, face=font, max_size=max_size, min_size=min_size, max_width=max_width)


def _centred(canvas: rl_canvas.Canvas, x: float, y: float, text: str, font: str, size: float):
    pdf_fonts.draw(canvas, x, y, text, font, size, "centre")


# --- Layout ------------------------------------------------------------------


class CertificateRenderer:
    """Draws certificates of one design. Build one per job and reuse it."""

    def __init__(self, design: Design, *, cpu_seconds: float | None = None) -> None:
        register_fonts()
        self.design = design
        self.pagesize = landscape(A4) if design.landscape else A4
        self.cpu_seconds = cpu_seconds

    # One page --------------------------------------------------------------
    def draw(self, canvas: rl_canvas.Canvas, printed: Printed) -> None:
        try:
            with pdf_text.cpu_limit(self.cpu_seconds):
                self._draw(canvas, printed)
                if printed.agenda:
                    canvas.showPage()
                    pdf_agenda.draw_agenda(
                        canvas,
                        rows=printed.agenda,
                        name=printed.name,
                        number=printed.number,
                        pagesize=self.pagesize,
                    )
                pdf_text.check_time()
        except pdf_text.RenderTooSlow:
            raise CertificateError(
                _(
                    "Certificate %(number)s takes too long to print. Shorten the texts of "
                    "the certificate design and try again."
                )
                % {"number": printed.number},
                code="render_too_slow",
            ) from None

    def _draw(self, canvas: rl_canvas.Canvas, printed: Printed) -> None:
        width, height = self.pagesize
        design = self.design
        margin = 70 if design.landscape else 56
        text_width = width - 2 * margin
        if design.background:
            design.background.draw(canvas, 0, 0, width, height)

        y = height - 58
        logo_h = 58
        slots = [margin, width / 2, width - margin]
        for index, logo in enumerate(design.logos):
            if logo is None:
                continue
            w, h = logo.fit(130, logo_h)
            x = slots[index] - (0 if index == 0 else w / 2 if index == 1 else w)
            logo.draw(canvas, x, y - h, w, h)
        y -= logo_h + (36 if design.landscape else 64)

        canvas.setFillColorRGB(0.1, 0.1, 0.12)
        _centred(canvas, width / 2, y, printed.title, FONT_NAME, 34)
        y -= 22
        _centred(canvas, width / 2, y, f"Nomor: {printed.number}", FONT_REGULAR, 12)
        y -= 34 if design.landscape else 48
        if printed.intro:
            _centred(canvas, width / 2, y, printed.intro, FONT_REGULAR, 13)
            y -= 38

        size, lines = fit_name(
            printed.name, font=FONT_NAME, max_size=28, min_size=16, max_width=text_width
        )
        lines = lines[:3]
        pdf_text.check_time()
        for line in lines:
            _centred(canvas, width / 2, y, line, FONT_NAME, size)
            y -= size * 1.2
        underline = min(text_width, max(_width(line, FONT_NAME, size) for line in lines) + 40)
        canvas.setLineWidth(0.8)
        canvas.line(
            (width - underline) / 2, y + size * 0.85, (width + underline) / 2, y + size * 0.85
        )
        y -= 4
        if printed.subline:
            for line in wrap(printed.subline, FONT_REGULAR, 13, text_width, max_lines=2):
                _centred(canvas, width / 2, y, line, FONT_REGULAR, 13)
                y -= 16
        y -= 12

        body_width = text_width - (60 if design.landscape else 0)
        for line in wrap(printed.body, FONT_REGULAR, 12, body_width, max_lines=8):
            _centred(canvas, width / 2, y, line, FONT_REGULAR, 12)
            y -= 16

        self._draw_signatory(canvas, printed, margin)
        self._draw_verification(canvas, printed, margin)

    def _draw_signatory(self, canvas: rl_canvas.Canvas, printed: Printed, margin: float) -> None:
        people = [(printed.signatory, self.design.signature)]
        if printed.signatory2 is not None:
            people.append((printed.signatory2, self.design.signature2))
        blocks = signatory_blocks(landscape=self.design.landscape, count=len(people))
        y = blocks[0].top
        if printed.place_date:  # above the first signatory's block only
            _centred(canvas, blocks[0].centre, y, printed.place_date, FONT_REGULAR, 11.5)
            y -= 18
        positions = [
            wrap(person.position, FONT_REGULAR, 11.5, block.width, max_lines=3)
            for (person, _image), block in zip(people, blocks, strict=True)
        ]
        # the blocks share their rows: signatures and names on one line
        signature_top = y - 14 * max(len(lines) for lines in positions)
        for (person, image), block, lines in zip(people, blocks, positions, strict=True):
            self._draw_block(canvas, person, image, block, lines, y, signature_top)

    def _draw_block(
        self,
        canvas: rl_canvas.Canvas,
        person: Signatory,
        image: ImageAsset | None,
        block: SignatoryBlock,
        position_lines: list[str],
        y: float,
        signature_top: float,
    ) -> None:
        centre, block_w = block.centre, block.width
        for line in position_lines:
            _centred(canvas, centre, y, line, FONT_REGULAR, 11.5)
            y -= 14
        y = signature_top
        signature_h = 62
        if image:
            w, h = image.fit(block_w - 40, signature_h)
            image.draw(canvas, centre - w / 2, y - signature_h + 4, w, h)
        y -= signature_h + 10
        if person.name:
            # the serif bold of the participant's name: two embedded fonts, not three
            name_lines = wrap(person.name, FONT_NAME, 12, block_w, max_lines=2)
            for line in name_lines:
                _centred(canvas, centre, y, line, FONT_NAME, 12)
                y -= 14
            line_w = min(block_w, _width(name_lines[-1], FONT_NAME, 12))
            canvas.setLineWidth(0.6)
            canvas.line(centre - line_w / 2, y + 11, centre + line_w / 2, y + 11)
        if person.pangkat:
            _centred(canvas, centre, y, person.pangkat, FONT_REGULAR, 11)
            y -= 13
        if person.nip:
            _centred(canvas, centre, y, f"NIP. {person.nip}", FONT_REGULAR, 11)

    def _draw_verification(self, canvas: rl_canvas.Canvas, printed: Printed, margin: float) -> None:
        size = 78
        x = margin - 4
        y = 54
        draw_qr(canvas, printed.verify_url, x, y, size)
        canvas.setFillColorRGB(0.2, 0.2, 0.22)
        text_x = x + size + 6
        if printed.signatory2 is not None and self.design.landscape:
            # the second signatory's block stands on the same rows: stop before it
            left_block = signatory_blocks(landscape=True, count=2)[1]
            max_width = left_block.centre - left_block.width / 2 - 8 - text_x
        else:
            max_width = self.pagesize[0] - margin - text_x
        for line_y, text in (
            (y + 44, f"No. {printed.number}"),
            (y + 34, f"Kode verifikasi: {printed.code}"),
        ):
            font_size, _lines = fit_name(
                text, font=FONT_REGULAR, max_size=7, min_size=5, max_width=max_width
            )
            pdf_fonts.draw(canvas, text_x, line_y, text, FONT_REGULAR, font_size)
        font_size, lines = fit_name(
            printed.verify_url, font=FONT_REGULAR, max_size=7, min_size=5, max_width=max_width
        )
        for index, line in enumerate(lines[:3]):
            pdf_fonts.draw(canvas, text_x, y + 24 - index * 7, line, FONT_REGULAR, font_size)

    # Documents -------------------------------------------------------------
    def _canvas(self, out, *, streaming: bool = False) -> rl_canvas.Canvas:
        factory = _StreamingCanvas if streaming else rl_canvas.Canvas
        pdf = factory(out, pagesize=self.pagesize, pageCompression=1)
        pdf.setCreator("Bimtek")
        return pdf

    def render(self, printed: Printed, *, title: str = "") -> bytes:
        """One certificate as a PDF file's bytes."""
        buffer = io.BytesIO()
        pdf = self._canvas(buffer)
        pdf.setTitle(title or printed.number)
        self.draw(pdf, printed)
        pdf.showPage()
        pdf.save()
        return buffer.getvalue()

    def write_merged(self, items: Iterable[Printed], out: BinaryIO, *, title: str = "") -> int:
        """All certificates as pages of one PDF written to ``out`` as it goes,
        the background embedded once. Returns the number of pages."""
        pdf = self._canvas(out, streaming=True)
        pdf.setTitle(title)
        pages = 0
        for printed in items:
            self.draw(pdf, printed)
            pdf.showPage()
            pages += 1
        if pages == 0:
            pdf.showPage()  # a PDF needs a page; an empty one says there was nothing
        pdf.save()
        return pages

    def write_zip(self, items: Iterable[tuple[str, Printed]], out: BinaryIO) -> int:
        """One PDF per certificate in a ZIP written to ``out`` as it goes
        (PDFs are already compressed: stored, not deflated)."""
        count = 0
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
            for filename, printed in items:
                archive.writestr(filename, self.render(printed))
                count += 1
        return count


# --- A merged PDF that does not grow in memory -------------------------------


class _StreamingDocument(pdfdoc.PDFDocument):
    """reportlab keeps every page of a document in memory until ``save()``;
    for 10,000 certificates that grows without bound. This document writes
    each page and its content stream to the file as soon as the page is
    finished and keeps only its byte offset; the shared objects (fonts,
    images, page tree) are written by reportlab at the end as usual."""

    def __init__(self, out: BinaryIO, **kwargs) -> None:
        super().__init__(**kwargs)
        self._out = out
        self._position = 0
        self._offsets = array("q")  # by object number; -1 = not written yet
        self._write(pdfdoc.PDFFile(self._pdfVersion).format(self))

    def _write(self, data: bytes) -> int:
        self._out.write(data)
        offset = self._position
        self._position += len(data)
        return offset

    def _record(self, number: int, offset: int) -> None:
        while len(self._offsets) <= number:
            self._offsets.append(-1)
        self._offsets[number] = offset

    def _flush(self, obj) -> int:
        name = obj.__InternalName__
        number, _version = self.idToObjectNumberAndVersion[name]
        data = pdfdoc.PDFIndirectObject(name, obj).format(self)
        self._record(number, self._write(data))
        del self.idToObject[name]
        del self.numberToId[number]
        del self.idToObjectNumberAndVersion[name]
        return number

    def addPage(self, page) -> None:
        super().addPage(page)
        number = self._flush(page)  # formatting registers its content stream
        self._flush(page.Contents)
        # the page tree refers to the page by number only
        self.Pages.pages[-1] = b"%d 0 R" % number

    def format(self) -> bytes:
        self.encrypt.prepare(self)
        catalog, info = self.Catalog, self.info
        self.Reference(catalog)
        self.Reference(info)
        accumulator = pdfdoc.PDFFile(self._pdfVersion)
        accumulator.strings.clear()  # the header is already written
        accumulator.offset = self._position
        self.__accum__ = accumulator
        number = 0
        while number < self.objectcounter:  # objects may be added while formatting
            number += 1
            if number < len(self._offsets) and self._offsets[number] >= 0:
                continue
            oid = self.numberToId[number]
            data = pdfdoc.PDFIndirectObject(oid, self.idToObject[oid]).format(self)
            self._record(number, accumulator.add(data))
        del self.__accum__
        total = self.objectcounter
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (total + 1)]
        xref.extend(b"%010d 00000 n \n" % self._offsets[n] for n in range(1, total + 1))
        xref_offset = accumulator.add(b"".join(xref))
        trailer = pdfdoc.PDFTrailer(
            startxref=xref_offset,
            Size=total + 1,
            Root=self.Reference(catalog),
            Info=self.Reference(info),
            ID=self.ID(),
        )
        accumulator.add(trailer.format(self))
        return accumulator.format(self)


class _StreamingCanvas(rl_canvas.Canvas):
    def __init__(self, out: BinaryIO, **kwargs) -> None:
        super().__init__(out, **kwargs)
        old = self._doc
        self._doc = _StreamingDocument(
            out, compression=old.compression, invariant=old.invariant, pdfVersion=old._pdfVersion
        )
        self._doc.info = old.info
        # The page preamble names the canvas's initial font (Helvetica, /F1),
        # registered with the document the base class made: register it
        # with this one, or every page refers to a font it lacks (poppler:
        # "Unknown font tag 'F1'").
        self._make_preamble()
