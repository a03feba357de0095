"""Wrapping in bimtek.pdf_text: the same lines as the plain greedy algorithm,
in time linear in the text's length, and a CPU budget that stops it."""

import random
import time

import pytest

from bimtek import pdf_fonts, pdf_text

SANS = pdf_fonts.SANS


@pytest.fixture(autouse=True)
def fonts():
    pdf_fonts.register_fonts()


def reference_wrap(text, face, size, max_width):
    """The former algorithm (quadratic per over-long word, cubic overall):
    kept here as the definition of the expected lines."""
    width = pdf_text.width
    lines = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if width(candidate, face, size) <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while width(word, face, size) > max_width and len(word) > 1:
                cut = len(word) - 1
                while cut > 1 and width(word[:cut], face, size) > max_width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


ALPHABETS = [
    "abcdefghij ABCDEFGHIJ WMwm il.,",
    "漢字名前張偉王芳 ",
    "김민준이서연 ",
    "абвгдежзий ",
    "ÀÉÎÕÜçñß ",
]


@pytest.mark.parametrize("seed", range(20))
def test_wrap_gives_the_lines_of_the_greedy_algorithm(seed):
    rng = random.Random(seed)
    alphabet = ALPHABETS[seed % len(ALPHABETS)]
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
    if seed % 3 == 0:
        text = text.replace(" ", "")  # one over-long word
    if seed % 4 == 0:
        text = text[:100] + "\n\n" + text[100:]

    assert pdf_text.wrap(text, SANS, 12, 150) == reference_wrap(text, SANS, 12, 150)


def test_every_line_fits_and_nothing_is_lost():
    text = "Sertifikat" * 500 + " kata " * 50 + "ب" * 300

    lines = pdf_text.wrap(text, SANS, 12, 200)

    assert all(pdf_text.width(line, SANS, 12) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_max_lines_stops_early_with_the_same_first_lines():
    text = "kata " * 2000

    assert pdf_text.wrap(text, SANS, 12, 300, max_lines=3) == pdf_text.wrap(text, SANS, 12, 300)[:3]


def _cpu(text):
    start = time.process_time()
    pdf_text.wrap(text, SANS, 12, 500)
    return time.process_time() - start


@pytest.mark.parametrize(
    "make", [lambda n: "a" * n, lambda n: "漢" * n, lambda n: "ab " * (n // 3)]
)
def test_wrap_time_is_linear_in_the_length(make):
    """100,000 characters without a space held a core for minutes."""
    small, large = _cpu(make(10_000)), _cpu(make(100_000))

    assert large < 2.0
    assert large < 30 * max(small, 0.002)


def test_cpu_limit_stops_a_long_layout():
    with pytest.raises(pdf_text.RenderTooSlow), pdf_text.cpu_limit(0):
        time.sleep(0)
        sum(range(10_000))
        pdf_text.wrap("kata " * 10_000, SANS, 12, 300)


def test_cpu_limit_nested_keeps_the_earlier_deadline_and_none_is_no_limit():
    with pdf_text.cpu_limit(None):
        pdf_text.check_time()
    with pdf_text.cpu_limit(60), pytest.raises(pdf_text.RenderTooSlow), pdf_text.cpu_limit(0):
        sum(range(10_000))
        pdf_text.check_time()
    pdf_text.check_time()  # outside every limit
