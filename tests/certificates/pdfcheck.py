"""Reading certificate PDFs back: their text (pypdf) and their QR (pypdfium2 + zxing-cpp)."""

import io

import pypdf
import pypdfium2
import zxingcpp


def pdf_text(data: bytes, page: int = 0) -> str:
    return pypdf.PdfReader(io.BytesIO(data)).pages[page].extract_text()


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def qr_texts(data: bytes, page: int = 0) -> list[str]:
    """Render the page as a printer would (3× scale, ~216 dpi) and decode every QR on it."""
    document = pypdfium2.PdfDocument(data)
    try:
        image = document[page].render(scale=3).to_pil()
    finally:
        document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def missing_font_tags(data: bytes) -> dict[int, set[str]]:
    """Per page (index), the font tags its content stream selects with ``Tf``
    that its /Resources /Font does not define (a viewer prints nothing there)."""
    import re

    missing = {}
    for index, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages):
        fonts = page["/Resources"].get_object().get("/Font")
        defined = set(fonts.get_object().keys()) if fonts is not None else set()
        content = page.get_contents().get_data().decode("latin-1")
        used = {"/" + tag for tag in re.findall(r"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf", content)}
        if used - defined:
            missing[index] = used - defined
    return missing
