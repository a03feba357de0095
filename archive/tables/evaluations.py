"""Evaluation results: the figures of every question (never who answered
what) and each person's pre- and post-test score."""

from collections.abc import Iterator

from archive.tables.base import Context, Table, fixed
from evaluations import selectors


def _result_rows(ctx: Context) -> Iterator[list]:
    for questionnaire in selectors.questionnaires_of(ctx.event):
        kind = questionnaire.get_kind_display()
        for position, result in enumerate(selectors.question_results(questionnaire), start=1):
            question = result.question
            common = [
                kind,
                "ya" if questionnaire.anonymous else "tidak",
                position,
                question.speaker,
            ]
            for label, count, correct in result.counts:
                yield [*common, question.text, label, "ya" if correct else "", count, ""]
            if result.average is not None:
                yield [*common, question.text, "rata-rata", "", "", str(result.average)]
            for text in result.texts:
                yield [*common, question.text, text, "", "", ""]


def _score_rows(ctx: Context) -> Iterator[list]:
    gains, *_averages = selectors.score_gains(ctx.event)
    for gain in gains:
        yield [
            gain.registration.pk,
            gain.registration.participant.display_name,
            "" if gain.pre is None else str(gain.pre),
            "" if gain.post is None else str(gain.post),
            "" if gain.gain is None else str(gain.gain),
        ]


RESULTS = Table(
    "12_evaluasi_hasil",
    "Evaluasi hasil",
    "Hasil setiap kuesioner (pre-test, post-test, evaluasi penyelenggaraan dan narasumber): "
    "jumlah jawaban per pilihan atau nilai skala, rata-rata skala, dan isian teks, tanpa nama "
    "pengisi.",
    fixed(
        "Kuesioner",
        "Anonim",
        "No. pertanyaan",
        "Narasumber",
        "Pertanyaan",
        "Jawaban",
        "Jawaban benar",
        "Jumlah",
        "Rata-rata",
    ),
    _result_rows,
)

SCORES = Table(
    "13_evaluasi_nilai",
    "Evaluasi nilai",
    "Nilai pre-test dan post-test setiap peserta (0–100) dan kenaikannya.",
    fixed("ID pendaftaran", "Nama dan gelar", "Pre-test", "Post-test", "Kenaikan"),
    _score_rows,
)
