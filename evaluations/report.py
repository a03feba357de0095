"""An event's evaluation results in a few figures, for the activity report
(laporan kegiatan, which the spj app prints: spj sits above evaluations and
reads these; evaluations knows nothing of spj). Figures only: nobody is
named but the speakers."""

from dataclasses import dataclass
from decimal import Decimal

from bimtek.models import Event
from evaluations import selectors
from evaluations.models import QuestionKind, Questionnaire, QuestionnaireKind


@dataclass(frozen=True)
class Answered:
    questionnaire: Questionnaire
    answered: int  # participants who sent it
    asked: int  # approved participants


@dataclass(frozen=True)
class EventResults:
    answered: list[Answered]
    event_average: Decimal | None  # every 1–5 answer of the event evaluation
    event_questions: list[tuple[str, Decimal]]  # each scale question's average
    speakers: list[selectors.SpeakerScore]
    pre: Decimal | None
    post: Decimal | None
    gain: Decimal | None  # of those who took both
    took_both: int

    @property
    def empty(self) -> bool:
        return not self.answered


def event_results(event: Event) -> EventResults:
    """The figures of every questionnaire of ``event`` (the results page's
    selectors: response counts, 1–5 averages, speakers' averages, the pre-
    and post-test averages and their gain)."""
    questionnaires = selectors.questionnaires_of(event)
    answered = []
    for questionnaire in questionnaires:
        rates = selectors.response_rates(questionnaire)
        answered.append(
            Answered(
                questionnaire=questionnaire,
                answered=sum(rate.answered for rate in rates),
                asked=sum(rate.registered for rate in rates),
            )
        )
    by_kind = {q.kind: q for q in questionnaires}
    event_questions: list[tuple[str, Decimal]] = []
    total = count = 0
    if QuestionnaireKind.EVENT in by_kind:
        for result in selectors.question_results(by_kind[QuestionnaireKind.EVENT]):
            if result.question.kind != QuestionKind.LIKERT or result.average is None:
                continue
            event_questions.append((result.question.text, result.average))
            question_total, given = selectors.scale_totals(result)
            total += question_total
            count += given
    speakers = []
    if QuestionnaireKind.SPEAKERS in by_kind:
        speakers = selectors.speaker_scores(
            selectors.question_results(by_kind[QuestionnaireKind.SPEAKERS])
        )
    gains, pre, post, gain = selectors.score_gains(event)
    return EventResults(
        answered=answered,
        event_average=selectors.scale_average(total, count),
        event_questions=event_questions,
        speakers=speakers,
        pre=pre,
        post=post,
        gain=gain,
        took_both=len(selectors.took_both(gains)),
    )
