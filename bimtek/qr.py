"""The QR codes of the project: one home for the tickets (participants.tickets:
the page's SVG, the e-mails' and the PDF ticket's PNG), the certificates'
verification link (certificates.pdf_qr) and the questionnaires' links.

The symbol is qrcode's (its segmentation of the data, its matrix and masks)
with one fixed mask and the codewords computed here: qrcode's own encoder
appends the data bit by bit and divides polynomial objects for the error
correction (~40 % of a code's time), and without a fixed mask it builds the
symbol with each of the eight masks and scores them all (~70–80 %;
docs/profile.md). tests/bimtek/test_qr.py checks the symbol against
qrcode's, bit for bit, and the tests of the tickets decode the images.
"""

import bisect
import functools

import qrcode
import qrcode.base
import qrcode.constants
import qrcode.exceptions
import qrcode.LUT
import qrcode.util

# One mask pattern, chosen here, instead of qrcode's search. Any mask is a
# valid QR code of the same data, version and error correction (the mask used
# is written in the code's format information, every reader follows it);
# mask 2 (vertical stripes every third column) keeps printed codes free of
# large blocks.
QR_MASK = 2


class _Bits:
    """The bit buffer qrcode's segments write into, as one integer: qrcode's
    own ``BitBuffer`` appends bit by bit (~40 % of a code's time)."""

    __slots__ = ("length", "value")

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def __len__(self) -> int:
        return self.length


def _segment_bits(data_list, version: int) -> _Bits:
    bits = _Bits()
    sizes = qrcode.util.mode_sizes_for_version(version)
    for data in data_list:
        bits.put(data.mode, 4)
        bits.put(len(data), sizes[data.mode])
        data.write(bits)
    return bits


def _version(data_list, error_correction: int) -> int:
    """The smallest version that holds the data (qrcode's ``best_fit``)."""
    version = 1
    while True:
        needed = len(_segment_bits(data_list, version))
        fit = bisect.bisect_left(qrcode.util.BIT_LIMIT_TABLE[error_correction], needed, version)
        if fit == 41:
            raise qrcode.exceptions.DataOverflowError()
        if qrcode.util.mode_sizes_for_version(fit) is qrcode.util.mode_sizes_for_version(version):
            return fit
        version = fit


_EXP = qrcode.base.EXP_TABLE
_LOG = qrcode.base.LOG_TABLE


@functools.cache
def _generator_logs(ec_count: int) -> tuple[int, ...]:
    """The Reed-Solomon generator's coefficients (after the leading 1) as logs."""
    if ec_count in qrcode.LUT.rsPoly_LUT:
        poly = list(qrcode.LUT.rsPoly_LUT[ec_count])
    else:
        result = qrcode.base.Polynomial([1], 0)
        for i in range(ec_count):
            result = result * qrcode.base.Polynomial([1, qrcode.base.gexp(i)], 0)
        poly = [result[i] for i in range(len(result))]
    return tuple(_LOG[c] for c in poly[1:])


def _error_correction(block: list[int], ec_count: int) -> list[int]:
    generator = _generator_logs(ec_count)
    remainder = [0] * ec_count
    for byte in block:
        factor = byte ^ remainder[0]
        del remainder[0]
        remainder.append(0)
        if factor:
            log = _LOG[factor]
            for i, g in enumerate(generator):
                remainder[i] ^= _EXP[(g + log) % 255]
    return remainder


def _codewords(version: int, error_correction: int, data_list) -> list[int]:
    """The data and error correction codewords, interleaved: the same result
    as ``qrcode.util.create_data`` (tests/bimtek/test_qr.py compares
    them), with whole-integer bit packing and a table-driven Reed-Solomon
    division instead of bit-by-bit appends and polynomial objects."""
    bits = _segment_bits(data_list, version)
    rs_blocks = qrcode.base.rs_blocks(version, error_correction)
    bit_limit = sum(block.data_count * 8 for block in rs_blocks)
    if bits.length > bit_limit:
        raise qrcode.exceptions.DataOverflowError(
            f"Code length overflow. Data size ({bits.length}) > size available ({bit_limit})"
        )
    bits.put(0, min(bit_limit - bits.length, 4))  # terminator
    bits.put(0, -bits.length % 8)
    stream = list(bits.value.to_bytes(bits.length // 8, "big"))
    pads = (qrcode.util.PAD0, qrcode.util.PAD1)
    stream.extend(pads[i % 2] for i in range(bit_limit // 8 - len(stream)))
    data_blocks, ec_blocks, offset = [], [], 0
    for block in rs_blocks:
        data = stream[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(data)
        ec_blocks.append(_error_correction(data, block.total_count - block.data_count))
    out = []
    for blocks in (data_blocks, ec_blocks):
        for i in range(max(len(b) for b in blocks)):
            out.extend(b[i] for b in blocks if i < len(b))
    return out


def qr_code(data: str, *, border: int = 0) -> qrcode.QRCode:
    """The symbol of ``data`` (level M, mask ``QR_MASK``, the smallest version
    that holds it), built: ready for ``get_matrix()`` or ``make_image()``.
    The same modules as ``qrcode.QRCode(..., mask_pattern=QR_MASK)`` with
    ``make(fit=True)`` (tests/bimtek/test_qr.py), computed faster."""
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, border=border, mask_pattern=QR_MASK
    )
    code.add_data(data)
    code.version = _version(code.data_list, code.error_correction)
    code.data_cache = _codewords(code.version, code.error_correction, code.data_list)
    code.makeImpl(False, QR_MASK)
    return code


def qr_matrix(data: str, *, border: int = 0) -> list[list[bool]]:
    """The modules of ``data``'s symbol, rows of booleans (dark: True), with
    ``border`` light modules around it."""
    return qr_code(data, border=border).get_matrix()
