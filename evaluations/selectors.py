"""Reads of evaluations: what a participant has to answer, the certificate
step, the organiser's results."""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from bimtek.models import Event
from certificates.extensions import StepState
from evaluations.models import (
    LIKERT_LABELS,
    Answer,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    Submission,
)
from evaluations.page_reads import page_reads, required_and_sent, required_and_sent_of_page
from participants.models import Registration
from participants.models.registrations import RegistrationRole, RegistrationStatus


def questionnaires_of(event: Event) -> list[Questionnaire]:
    order = {kind: index for index, kind in enumerate(QuestionnaireKind.values)}
    rows = Questionnaire.objects.filter(event=event).annotate(
        question_count=Count("questions", distinct=True),
        submitted=Count(
            "submissions", filter=Q(submissions__submitted_at__isnull=False), distinct=True
        ),
    )
    return sorted(rows, key=lambda q: order[q.kind])


@dataclass(frozen=True)
class Todo:
    questionnaire: Questionnaire
    submission: Submission | None
    closed_by_post_test: bool = False  # a pre-test, the post-test begun or sent

    @property
    def changeable(self) -> bool:
        """Answers may still be given or changed (the window aside)."""
        if self.closed_by_post_test:
            return False
        return not (self.done and self.questionnaire.anonymous)

    @property
    def done(self) -> bool:
        return self.submission is not None and self.submission.is_submitted

    @property
    def score(self) -> Decimal | None:
        if self.done and self.questionnaire.show_score:
            return self.submission.score
        return None


def closes_pre_test(post_test_submission: Submission | None) -> bool:
    """Whether a post-test submission closes its person's pre-test: an
    answer of it saved, or sent."""
    return post_test_submission is not None and bool(
        post_test_submission.is_submitted or post_test_submission.draft
    )


def post_test_started(questionnaire: Questionnaire, registration: Registration) -> bool:
    """Whether ``questionnaire`` is a pre-test closed to this person because
    they have begun (saved an answer of) or sent the event's post-test: a
    pre-test changed afterwards would erase the measured gain."""
    if questionnaire.kind != QuestionnaireKind.PRE_TEST:
        return False
    return any(
        closes_pre_test(submission)
        for submission in Submission.objects.filter(
            questionnaire__event_id=questionnaire.event_id,
            questionnaire__kind=QuestionnaireKind.POST_TEST,
            registration=registration,
        )
    )


def todos_for(registrations: Sequence[Registration]) -> dict[int, list[Todo]]:
    """Each registration's questionnaires and its submission of each, in two
    queries whatever the number of registrations (none when the certificate
    step of the same page read them: ``page_reads``)."""
    if not registrations:
        return {}
    by_event, submissions = page_reads(registrations)
    order = {kind: index for index, kind in enumerate(QuestionnaireKind.values)}
    result = {}
    for r in registrations:
        asked = sorted(by_event[r.event_id], key=lambda q: order[q.kind])
        post_test = next((q for q in asked if q.kind == QuestionnaireKind.POST_TEST), None)
        closed = post_test is not None and closes_pre_test(submissions.get((post_test.pk, r.pk)))
        result[r.pk] = [
            Todo(
                questionnaire=q,
                submission=submissions.get((q.pk, r.pk)),
                closed_by_post_test=closed and q.kind == QuestionnaireKind.PRE_TEST,
            )
            for q in asked
        ]
    return result


def certificate_step_states(registrations) -> dict[int, StepState]:
    """The certificate step (certificates.extensions), for registrations of
    any events in two queries: each questionnaire required for the
    certificate, sent (and a post-test's minimum score reached).
    Participants only: speakers and the committee are not asked."""
    concerned = [r for r in registrations if r.role == RegistrationRole.PARTICIPANT]
    if not concerned:
        return {}
    if getattr(registrations, "memo", None) is not None:
        # A page's panels: what the evaluation panel reads (or will).
        required, sent = required_and_sent_of_page(registrations)
    else:
        required, sent = required_and_sent(concerned)
    concerned = [r for r in concerned if required[r.event_id]]
    if not concerned:
        return {}
    result = {}
    for registration in concerned:
        asked = required[registration.event_id]
        missing, details = [], []
        for questionnaire in asked:
            key = (questionnaire.pk, registration.pk)
            if key not in sent:
                missing.append(questionnaire.title)
            elif questionnaire.min_score and (sent[key] or 0) < questionnaire.min_score:
                missing.append(questionnaire.title)
                details.append(
                    _("score %(score)s, at least %(min)s needed")
                    % {"score": sent[key], "min": questionnaire.min_score}
                )
        label = ", ".join(missing) if missing else ", ".join(q.title for q in asked)
        result[registration.pk] = StepState(
            label=label, done=not missing, detail="; ".join(details)
        )
    return result


# Results ---------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    counts: list[tuple[str, int, bool]] = field(default_factory=list)  # label, count, correct
    answered: int = 0
    average: Decimal | None = None
    texts: list[str] = field(default_factory=list)


def question_results(questionnaire: Questionnaire) -> list[QuestionResult]:
    """Per question: how many chose each option or scale value, the average
    of a scale, the texts written. Never who answered."""
    questions = list(
        Question.objects.filter(questionnaire=questionnaire.question_source)
        .prefetch_related("options")
        .select_related("session")
    )
    answers = Answer.objects.filter(response__questionnaire=questionnaire).values_list(
        "question_id", "option_ids", "number", "text"
    )
    chosen: dict[int, Counter] = defaultdict(Counter)
    numbers: dict[int, list[int]] = defaultdict(list)
    texts: dict[int, list[str]] = defaultdict(list)
    answered: Counter = Counter()
    for question_id, option_ids, number, text in answers.iterator():
        answered[question_id] += 1
        for option_id in option_ids or []:
            chosen[question_id][option_id] += 1
        if number:
            numbers[question_id].append(number)
        if text:
            texts[question_id].append(text)
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered[question.pk])
        if question.is_choice:
            result.counts = [
                (option.text, chosen[question.pk][option.pk], option.correct)
                for option in question.options.all()
            ]
        elif question.kind == QuestionKind.LIKERT:
            values = Counter(numbers[question.pk])
            result.counts = [
                (f"{value} {LIKERT_LABELS[value]}", values[value], False) for value in range(1, 6)
            ]
            if numbers[question.pk]:
                result.average = (
                    Decimal(sum(numbers[question.pk])) / len(numbers[question.pk])
                ).quantize(Decimal("0.01"))
        else:
            result.texts = texts[question.pk]
        results.append(result)
    return results


@dataclass(frozen=True)
class SpeakerScore:
    speaker: str
    session: str
    average: Decimal | None
    answers: int


def scale_totals(result: QuestionResult) -> tuple[int, int]:
    """The sum of the 1–5 values given to a scale question, and how many."""
    total = given = 0
    for value, (_label, times, _correct) in enumerate(result.counts, start=1):
        total += value * times
        given += times
    return total, given


def scale_average(total: int, given: int) -> Decimal | None:
    return (Decimal(total) / given).quantize(Decimal("0.01")) if given else None


def speaker_scores(results: list[QuestionResult]) -> list[SpeakerScore]:
    """The average of every scale answer about each speaker of a session."""
    totals: dict[tuple[str, str], list[int]] = {}
    for result in results:
        question = result.question
        if question.kind != QuestionKind.LIKERT or not question.speaker:
            continue
        key = (question.speaker, question.session.title if question.session else "")
        bucket = totals.setdefault(key, [0, 0])
        total, given = scale_totals(result)
        bucket[0] += total
        bucket[1] += given
    return [
        SpeakerScore(
            speaker=speaker,
            session=session,
            average=scale_average(total, count),
            answers=count,
        )
        for (speaker, session), (total, count) in totals.items()
    ]


@dataclass(frozen=True)
class Gain:
    registration: Registration
    pre: Decimal | None
    post: Decimal | None

    @property
    def gain(self) -> Decimal | None:
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre


def score_gains(event: Event) -> tuple[list[Gain], Decimal | None, Decimal | None, Decimal | None]:
    """Pre- and post-test score of each person who took either, and the
    averages (pre, post, gain of those who took both)."""
    scores: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    registrations = {}
    rows = Submission.objects.filter(
        questionnaire__event=event,
        questionnaire__kind__in=[QuestionnaireKind.PRE_TEST, QuestionnaireKind.POST_TEST],
        submitted_at__isnull=False,
    ).select_related("questionnaire", "registration__participant__institution")
    for submission in rows:
        scores[submission.registration_id][submission.questionnaire.kind] = submission.score
        registrations[submission.registration_id] = submission.registration
    gains = sorted(
        (
            Gain(
                registration=registrations[pk],
                pre=values.get(QuestionnaireKind.PRE_TEST),
                post=values.get(QuestionnaireKind.POST_TEST),
            )
            for pk, values in scores.items()
        ),
        key=lambda g: (g.registration.participant.full_name.lower(), g.registration.pk),
    )

    def average(values):
        values = [v for v in values if v is not None]
        return (sum(values) / len(values)).quantize(Decimal("0.1")) if values else None

    return (
        gains,
        average(g.pre for g in gains),
        average(g.post for g in gains),
        average(g.gain for g in took_both(gains)),
    )


def took_both(gains: list[Gain]) -> list[Gain]:
    """The people who sent both tests: the average gain is theirs (the
    results page and the activity report say so with their number)."""
    return [g for g in gains if g.gain is not None]


@dataclass(frozen=True)
class CategoryRate:
    category: str
    registered: int
    answered: int

    @property
    def percent(self) -> int:
        return self.answered * 100 // self.registered if self.registered else 0


def response_rates(questionnaire: Questionnaire) -> list[CategoryRate]:
    """Approved participants and those who sent, by institution category
    (from submissions: "done / not done" only, even when anonymous)."""
    rows = (
        Registration.objects.filter(
            event=questionnaire.event_id,
            status=RegistrationStatus.APPROVED,
            role=RegistrationRole.PARTICIPANT,
        )
        .values("participant__institution__category__name")
        .annotate(
            registered=Count("pk", distinct=True),
            answered=Count(
                "evaluation_submissions",
                filter=Q(
                    evaluation_submissions__questionnaire=questionnaire,
                    evaluation_submissions__submitted_at__isnull=False,
                ),
                distinct=True,
            ),
        )
        .order_by("participant__institution__category__name")
    )
    return [
        CategoryRate(
            category=row["participant__institution__category__name"] or _("No institution"),
            registered=row["registered"],
            answered=row["answered"],
        )
        for row in rows
    ]
