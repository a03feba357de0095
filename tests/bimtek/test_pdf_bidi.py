"""A name that starts in Arabic and goes on in Latin or Chinese is drawn in a
left-to-right line, as the page shows it: the Arabic words first (on the
left), the rest after, the closing full stop of a rear title at the end."""

from bimtek import pdf_fonts


def _drawn(text: str) -> str:
    """The line's characters left to right, as drawn."""
    return "".join(str(run.actual or run.text) for run in pdf_fonts.runs(text))


def test_arabic_first_name_keeps_the_left_to_right_line_of_the_page():
    drawn = _drawn("محمد عبد الله 王小明 Nguyễn Thị Ánh, S.Kom., M.T.I., Ph.D.")

    # The Arabic words, reversed into visual order, come first; the rear
    # title's full stop stays at the end instead of jumping to the start.
    assert drawn.startswith("محمد عبد الله"[::-1] + " ")
    assert drawn.endswith(" 王小明 Nguyễn Thị Ánh, S.Kom., M.T.I., Ph.D.")


def test_an_arabic_only_name_is_still_drawn_right_to_left():
    assert _drawn("محمد عبد الله") == "محمد عبد الله"[::-1]
