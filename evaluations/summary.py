"""The one-page PDF summary of an event's evaluation, for the activity
report (laporan kegiatan): averages of the pre- and post-test and the gain,
the average score of each speaker, the average of each scale question of
the event evaluation, and how many answered each questionnaire. The bars
are drawn by reportlab from the same figures as the results page."""

import io

from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas as pdf_canvas

from bimtek import formatting, pdf_fonts, pdf_text
from bimtek.models import Event
from evaluations import charts, selectors
from evaluations.models import QuestionKind, QuestionnaireKind

MARGIN = 48
BAR = HexColor("#0d6efd")
POST = HexColor("#198754")
GRID = HexColor("#dee2e6")
MAX_BARS = 8  # one page: longer lists end with "and N more"


class _Page:
    def __init__(self, target) -> None:
        pdf_fonts.register_fonts()
        self.canvas = pdf_canvas.Canvas(target, pagesize=A4, pageCompression=1)
        self.width, self.height = A4
        self.y = self.height - MARGIN

    def text(self, text: str, *, size: float = 10, bold: bool = False, gap: float = 4) -> None:
        face = pdf_fonts.SANS_BOLD if bold else pdf_fonts.SANS
        for line in pdf_text.wrap(text, face, size, self.width - 2 * MARGIN, max_lines=3):
            self.y -= size + 2
            pdf_text.draw(self.canvas, MARGIN, self.y, line, face, size)
        self.y -= gap

    def bars(self, rows: list[tuple[str, float, bool]], *, maximum: float, unit: str = "") -> None:
        """Horizontal bars, labels on the left, the value at each bar's end."""
        label_width, row = 190, 15
        span = self.width - 2 * MARGIN - label_width - 40
        shown = rows[:MAX_BARS]
        for label, value, highlight in shown:
            self.y -= row
            line = pdf_text.wrap(label, pdf_fonts.SANS, 8, label_width - 8, max_lines=1)
            pdf_text.draw(
                self.canvas,
                MARGIN + label_width - 6,
                self.y + 3,
                line[0] if line else "",
                pdf_fonts.SANS,
                8,
                align="right",
            )
            self.canvas.setFillColor(GRID)
            self.canvas.rect(MARGIN + label_width, self.y, span, row - 4, stroke=0, fill=1)
            self.canvas.setFillColor(POST if highlight else BAR)
            width = span * min(value, maximum) / maximum if maximum else 0
            self.canvas.rect(MARGIN + label_width, self.y, width, row - 4, stroke=0, fill=1)
            self.canvas.setFillColorRGB(0, 0, 0)
            pdf_text.draw(
                self.canvas,
                MARGIN + label_width + width + 4,
                self.y + 3,
                charts.format_value(value, unit),
                pdf_fonts.SANS,
                8,
            )
        if len(rows) > MAX_BARS:
            self.text(
                _("… and %(count)s more (see the XLSX).") % {"count": len(rows) - MAX_BARS},
                size=8,
            )
        self.y -= 8


def summary_pdf(event: Event) -> bytes:
    target = io.BytesIO()
    page = _Page(target)
    page.canvas.setTitle(_("Evaluation summary") + f" — {event.title}")
    page.text(_("Evaluation summary"), size=15, bold=True, gap=2)
    page.text(event.title, size=11, bold=True, gap=0)
    page.text(
        f"{formatting.format_date_range(event.start_date, event.end_date)} · {event.venue}",
        size=9,
        gap=10,
    )
    questionnaires = selectors.questionnaires_of(event)
    page.text(_("Answers received"), size=11, bold=True, gap=0)
    for questionnaire in questionnaires:
        page.text(f"{questionnaire.title}: {questionnaire.submitted}", size=9, gap=0)
    page.y -= 10

    _gains, pre, post, gain = selectors.score_gains(event)
    if pre is not None or post is not None:
        page.text(_("Pre-test and post-test (average score, 0–100)"), size=11, bold=True, gap=0)
        rows = []
        if pre is not None:
            rows.append((_("Pre-test"), float(pre), False))
        if post is not None:
            rows.append((_("Post-test"), float(post), True))
        page.bars(rows, maximum=100)
        if gain is not None:
            page.text(
                _("Average gain: %(gain)s points") % {"gain": charts.format_value(gain)},
                size=9,
                gap=10,
            )

    by_kind = {q.kind: q for q in questionnaires}
    speakers_questionnaire = by_kind.get(QuestionnaireKind.SPEAKERS)
    if speakers_questionnaire is not None:
        scores = selectors.speaker_scores(selectors.question_results(speakers_questionnaire))
        if scores:
            page.text(_("Average score per speaker (1–5)"), size=11, bold=True, gap=0)
            page.bars([(s.speaker, float(s.average or 0), False) for s in scores], maximum=5)

    evaluation = by_kind.get(QuestionnaireKind.EVENT)
    if evaluation is not None:
        averages = [
            (result.question.text, float(result.average), False)
            for result in selectors.question_results(evaluation)
            if result.question.kind == QuestionKind.LIKERT and result.average is not None
        ]
        if averages:
            page.text(_("Event evaluation (average, 1–5)"), size=11, bold=True, gap=0)
            page.bars(averages, maximum=5)
    page.canvas.showPage()
    page.canvas.save()
    return target.getvalue()
