"""What the answer page and its preview share."""

from dataclasses import dataclass

from evaluations.models import LIKERT_LABELS, Question
from participants.tickets import qr_svg as _ticket_qr_svg


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    value: dict  # {"o": [ids]} / {"n": 1..5} / {"t": text}, {} when unanswered
    block: str  # the speaker block it opens ("Dr. X — Sesi 1"), or ""

    @property
    def chosen(self) -> list[int]:
        return self.value.get("o", [])

    @property
    def number(self):
        return self.value.get("n")

    @property
    def text(self) -> str:
        return self.value.get("t", "")

    @property
    def scale(self) -> list[tuple[int, str]]:
        return [(value, str(label)) for value, label in LIKERT_LABELS.items()]


def answer_rows(questions: list[Question], values: dict) -> list[AnswerRow]:
    """Each question with the answer kept so far; a speaker evaluation's
    first question about a speaker opens their block."""
    rows, current = [], None
    for question in questions:
        block = ""
        key = (question.speaker, question.session_id)
        if question.speaker and key != current:
            block = question.speaker + (f" — {question.session.title}" if question.session else "")
        current = key if question.speaker else None
        rows.append(
            AnswerRow(question=question, value=values.get(str(question.pk)) or {}, block=block)
        )
    return rows


def qr_svg(link: str) -> str:
    return _ticket_qr_svg(link)
