"""Organisers. The event's evaluation results: response rates, charts per
question, pre- vs post-test, speakers' scores, free texts; the XLSX export."""

from django.http import HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from bimtek.services import audit_export
from evaluations import charts, exports, prepost, selectors, summary
from evaluations.models import QuestionKind
from evaluations.views.organiser import EvaluationEventMixin


def results_context(event) -> dict:
    """Everything the results page (and the PDF summary) shows."""
    sections = []
    speakers = []
    for questionnaire in selectors.questionnaires_of(event):
        results = selectors.question_results(questionnaire)
        rates = selectors.response_rates(questionnaire)
        items = []
        for result in results:
            chart = None
            if result.counts:
                chart = charts.bar_chart(
                    [(label, count, correct) for label, count, correct in result.counts]
                )
            items.append({"result": result, "chart": chart})
        scores = selectors.speaker_scores(results)
        speakers.extend(scores)
        sections.append(
            {
                "questionnaire": questionnaire,
                "items": items,
                "rates": rates,
                "rate_chart": charts.bar_chart(
                    [(rate.category, rate.percent, False) for rate in rates],
                    maximum=100,
                    unit="%",
                ),
            }
        )
    gains, pre, post, gain = selectors.score_gains(event)
    comparison = prepost.pre_post_comparison(event)
    return {
        "comparison": comparison,
        "comparison_chart": charts.pre_post_chart(comparison.topics)
        if comparison and comparison.topics
        else None,
        "sections": sections,
        "gains": gains,
        "average_pre": pre,
        "average_post": post,
        "average_gain": gain,
        "took_both": len(selectors.took_both(gains)),
        "gain_chart": charts.gain_chart(pre, post)
        if (pre is not None or post is not None)
        else None,
        "speakers": speakers,
        "speaker_chart": charts.bar_chart(
            [(s.speaker, float(s.average or 0), False) for s in speakers], maximum=5
        )
        if speakers
        else None,
        "likert": QuestionKind.LIKERT,
    }


class ResultsView(EvaluationEventMixin, TemplateView):
    """Organisers. Every questionnaire's results, charts drawn by the server."""

    template_name = "evaluations/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(results_context(self.get_event()))
        return context


class ResultsExportView(EvaluationEventMixin, View):
    """Organisers. The results as XLSX: one sheet of figures per
    questionnaire, the scores per person, the free texts (anonymous
    questionnaires: never who wrote what)."""

    def get(self, request, *args, **kwargs):
        event = self.get_event()
        content, rows = exports.results_xlsx(event)
        audit_export(actor=request.user, kind="evaluations", event=event, rows=rows, fmt="xlsx")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="evaluasi-{event.code}-{stamp}.xlsx"'
        )
        return response


class ResultsSummaryPdfView(EvaluationEventMixin, View):
    """Organisers. The one-page PDF summary with the charts, for the report.
    Figures only: no person is named."""

    def get(self, request, *args, **kwargs):
        event = self.get_event()
        response = HttpResponse(summary.summary_pdf(event), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="ringkasan-evaluasi-{event.code}.pdf"'
        )
        return response
