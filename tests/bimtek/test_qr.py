"""The project's one QR code maker (bimtek/qr.py): qrcode's symbol with one
fixed mask, its codewords computed directly; bit for bit what qrcode builds."""

import io

import pytest
import qrcode
import qrcode.util

from bimtek import qr

DATA = [
    "A" * 32,  # a ticket's token (alphanumeric mode)
    "k3J9-x_Qa0bZ8pLm2NcVt5RwYh7EeUuI",  # a token in byte mode
    "http://testserver/v/ABCDEFGHIJKLMNOPQRST/",
    "https://bimtek.tanjungpinangkota.go.id/v/ABCDEFGHIJKLMNOP0001/",
    "x",
    "12345678901234567890123456789012345678901234567890",
    "https://example.go.id/v/" + "AB12" * 60 + "/",  # a large version (several RS blocks)
]


def _reference(data: str, border: int) -> qrcode.QRCode:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, mask_pattern=qr.QR_MASK
    )
    code.add_data(data)
    code.make(fit=True)
    return code


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("border", [0, 4])
def test_the_symbol_is_the_one_qrcode_builds(data, border):
    reference = _reference(data, border)
    code = qr.qr_code(data, border=border)
    assert code.version == reference.version
    assert qr.qr_matrix(data, border=border) == reference.get_matrix()


@pytest.mark.parametrize("data", DATA)
def test_the_codewords_are_qrcodes(data):
    reference = _reference(data, 0)
    expected = qrcode.util.create_data(
        reference.version, reference.error_correction, reference.data_list
    )
    assert qr._codewords(reference.version, reference.error_correction, reference.data_list) == (
        expected
    )


def test_the_image_is_qrcodes_byte_for_byte():
    def png(code):
        code.box_size = 8
        buffer = io.BytesIO()
        code.make_image(fill_color="black", back_color="white").save(
            buffer, format="PNG", optimize=True
        )
        return buffer.getvalue()

    assert png(qr.qr_code("A" * 32, border=4)) == png(_reference("A" * 32, 4))


def test_too_much_data_is_refused():
    with pytest.raises(qrcode.exceptions.DataOverflowError):
        qr.qr_matrix("x" * 5000)
