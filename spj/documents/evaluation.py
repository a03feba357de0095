"""The evaluation's results in the laporan kegiatan: a
``spj.extensions.report_figures`` entry (registered by spj.integrations,
since evaluations sits below spj and cannot import it) that reads
``evaluations.report.event_results`` and writes its figures as the report's
rows, in Bahasa Indonesia whatever the page's language."""

from decimal import Decimal

from bimtek.models import Event
from evaluations.models import QuestionnaireKind
from evaluations.report import event_results

NAMES = {
    QuestionnaireKind.PRE_TEST: "Pre-test",
    QuestionnaireKind.POST_TEST: "Post-test",
    QuestionnaireKind.EVENT: "Evaluasi penyelenggaraan",
    QuestionnaireKind.SPEAKERS: "Evaluasi narasumber",
}


def _decimal(value: Decimal, places: int) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def figures(event: Event) -> list[tuple[str, str]]:
    """(label, value) rows: who answered each questionnaire, the event
    evaluation's average (overall and per question), each speaker's
    average, the pre- and post-test averages and the gain. None when the
    event has no questionnaire."""
    results = event_results(event)
    rows: list[tuple[str, str]] = []
    for item in results.answered:
        percent = item.answered * 100 // item.asked if item.asked else 0
        rows.append(
            (
                f"{NAMES[item.questionnaire.kind]}: responden",
                f"{item.answered} dari {item.asked} peserta ({percent} %)",
            )
        )
    if results.event_average is not None:
        rows.append(
            (
                "Evaluasi penyelenggaraan: rata-rata keseluruhan",
                f"{_decimal(results.event_average, 2)} dari 5",
            )
        )
        rows += [
            (f"Evaluasi penyelenggaraan: {text}", f"{_decimal(average, 2)} dari 5")
            for text, average in results.event_questions
        ]
    for score in results.speakers:
        label = f"Narasumber: {score.speaker}" + (f" ({score.session})" if score.session else "")
        value = (
            f"{_decimal(score.average, 2)} dari 5 ({score.answers} jawaban)"
            if score.average is not None
            else "belum ada jawaban"
        )
        rows.append((label, value))
    if results.pre is not None:
        rows.append(("Pre-test: rata-rata nilai", f"{_decimal(results.pre, 1)} dari 100"))
    if results.post is not None:
        rows.append(("Post-test: rata-rata nilai", f"{_decimal(results.post, 1)} dari 100"))
    if results.gain is not None:
        sign = "+" if results.gain > 0 else ""
        rows.append(
            (
                "Peningkatan rata-rata (pre-test ke post-test)",
                f"{sign}{_decimal(results.gain, 1)} poin ({results.took_both} peserta "
                "mengikuti keduanya)",
            )
        )
    return rows
