"""The certificate's QR code (the verification link), drawn as vector runs
by ``bimtek.pdf_qr`` (shared with the PDF ticket). The symbol is the
project's one QR code maker's (``bimtek.qr``)."""

from bimtek.pdf_qr import draw_qr  # noqa: F401 (certificates.pdf's API)
from bimtek.qr import QR_MASK, qr_matrix  # noqa: F401 (certificates.pdf's API)
