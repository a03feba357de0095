"""Where a certificate's signatory blocks sit on the page: one signatory on
the right, a second to its left on the same rows (certificates.pdf draws
them; certificates.services.signing puts each electronic stamp under its
block)."""

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape

landscape_a4_width = landscape(A4)[0]
portrait_a4_width = A4[0]


@dataclass(frozen=True)
class SignatoryBlock:
    """Where a signature block is drawn (PDF points): its centre line, its
    width and the baseline of its first line."""

    centre: float
    width: float
    top: float


def signatory_blocks(*, landscape: bool, count: int) -> tuple[SignatoryBlock, ...]:
    """The blocks of ``count`` signatories, the first signatory's first. One
    signatory signs on the right, under the place-and-date line; a second is
    printed to the left of the first, on the same rows. In portrait the two
    blocks sit higher, clear of the QR code in the bottom left corner. The
    electronic signature's stamp goes under its signatory's block
    (``certificates.services.signing.stamp_for``)."""
    page_w = landscape_a4_width if landscape else portrait_a4_width
    margin = 70 if landscape else 56
    if count < 2:
        block_w = 250
        top = 190 if landscape else 230
        return (SignatoryBlock(page_w - margin - block_w / 2, block_w, top),)
    if landscape:  # beside the QR code's lines: closer to the right edge
        block_w, gap, margin, top = 210, 14, 56, 190
    else:
        block_w, gap, top = 220, 20, 300
    first = page_w - margin - block_w / 2
    return (
        SignatoryBlock(first, block_w, top),
        SignatoryBlock(first - block_w - gap, block_w, top),
    )
