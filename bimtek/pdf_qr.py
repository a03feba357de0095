"""A QR code drawn into a reportlab PDF as vector runs: the certificates'
verification link (certificates.pdf_qr) and the PDF ticket
(participants.tickets). The symbol is the project's one QR code maker's
(``bimtek.qr``)."""

from reportlab.pdfgen import canvas as rl_canvas

from bimtek.qr import qr_matrix


def draw_qr(canvas: rl_canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code as vector rectangles (one per run of dark modules): sharp
    at any print resolution, on a white quiet zone of four modules. The runs
    are written in module units under one scaling (integers, one string),
    not through reportlab's path object: a sixth of the operators' text.
    No image: nothing to rasterise, encode as PNG, decode and compress again
    (the PDF ticket's PNG cost about a third of its CPU)."""
    matrix = qr_matrix(data)
    n = len(matrix)
    module = size / (n + 8)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.transform(module, 0, 0, module, x + 4 * module, y + 4 * module)
    runs = []
    for row_index, row in enumerate(matrix):
        row_y = n - 1 - row_index
        col = 0
        while col < n:
            if row[col]:
                end = col + 1
                while end < n and row[end]:
                    end += 1
                runs.append(f"{col} {row_y} {end - col} 1 re")
                col = end
            else:
                col += 1
    if runs:
        canvas._code.append("n " + " ".join(runs) + " f")
    canvas.restoreState()
