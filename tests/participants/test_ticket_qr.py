"""The ticket's QR code images from the project's one QR code maker
(bimtek.qr) are byte for byte what qrcode built for them before (a fixed
mask, level M, a four-module quiet zone)."""

import io

import qrcode

from participants import tickets

TOKENS = ["A" * 32, "Zq8vN2kLm4XcT7bW9pR3sD6fG1hJ5yUe"]


def _reference(token: str) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=4, mask_pattern=2
    )
    code.add_data(token)
    code.make(fit=True)
    return code


def test_the_png_is_qrcodes_byte_for_byte():
    for token in TOKENS:
        code = _reference(token)
        code.box_size = 8
        buffer = io.BytesIO()
        code.make_image(fill_color="black", back_color="white").save(
            buffer, format="PNG", optimize=True
        )
        assert tickets.qr_png(token, box_size=8) == buffer.getvalue()


def test_the_svg_draws_qrcodes_modules():
    for token in TOKENS:
        matrix = _reference(token).get_matrix()
        svg = tickets._qr_svg.__wrapped__(token, "")
        size = len(matrix)
        assert f'viewBox="0 0 {size} {size}"' in svg
        dark = {(x, y) for y, row in enumerate(matrix) for x, value in enumerate(row) if value}
        drawn = set()
        path = svg.split(' d="')[1].split('"')[0]
        for run in path.split("z")[:-1]:
            start, width = run[1:].split("h")[:2]
            x, y = (int(n) for n in start.split(","))
            drawn.update((x + i, y) for i in range(int(width.split("v")[0])))
        assert drawn == dark
