"""Pre-test against post-test, answer by answer: each question compared with
itself when both tests share a bank, questions sharing a topic otherwise
(docs/evaluations.md)."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from bimtek.models import Event
from evaluations.models import Answer, Question, QuestionKind, Questionnaire, QuestionnaireKind
from participants.models import Registration


def topic_key(topic: str) -> str:
    """Topics match whatever their case and spacing."""
    return " ".join(topic.split()).casefold()


def _percent(right: int, answered: int) -> Decimal | None:
    return (Decimal(right * 100) / answered).quantize(Decimal("0.1")) if answered else None


def _change(pre: "Tally", post: "Tally") -> Decimal | None:
    """Percentage points, from the exact shares (1/3 to 2/3 is +33.3)."""
    if not pre.answered or not post.answered:
        return None
    exact = Decimal(post.right * 100) / post.answered - Decimal(pre.right * 100) / pre.answered
    return exact.quantize(Decimal("0.1"))


@dataclass
class Tally:
    right: int = 0
    answered: int = 0

    def add(self, correct: bool | None) -> None:
        self.answered += 1
        self.right += bool(correct)

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.right, self.answered)


@dataclass
class TopicComparison:
    """One topic (separate question banks) or one question (a post-test
    asking the pre-test's questions): the share of right answers before and
    after."""

    label: str
    pre_questions: list[str] = field(default_factory=list)
    post_questions: list[str] = field(default_factory=list)
    pre: Tally = field(default_factory=Tally)
    post: Tally = field(default_factory=Tally)

    @property
    def change(self) -> Decimal | None:
        return _change(self.pre, self.post)


@dataclass
class PersonImprovement:
    """A person's right answers on the compared questions, before and after,
    and the topics they answered better or worse."""

    registration: Registration
    pre: Tally = field(default_factory=Tally)
    post: Tally = field(default_factory=Tally)
    improved: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)

    @property
    def change(self) -> Decimal | None:
        return _change(self.pre, self.post)


@dataclass(frozen=True)
class PrePostComparison:
    shared_bank: bool
    topics: list[TopicComparison]
    people: list[PersonImprovement]
    unlinked: list[str]  # scored questions without a counterpart on the other test


def pre_post_comparison(event: Event) -> PrePostComparison | None:
    """The pre-test against the post-test, per question or topic and per
    person, from the answers' verdicts (choice questions). When the post-test
    asks the pre-test's questions, each question is compared with itself;
    when each test has its own questions, the questions sharing a topic
    (``Question.topic``) are compared as one. None without both tests. A
    fixed number of queries whatever the number of answers."""
    tests = {
        q.kind: q
        for q in Questionnaire.objects.filter(
            event=event, kind__in=[QuestionnaireKind.PRE_TEST, QuestionnaireKind.POST_TEST]
        ).select_related("bank")
    }
    pre, post = tests.get(QuestionnaireKind.PRE_TEST), tests.get(QuestionnaireKind.POST_TEST)
    if pre is None or post is None:
        return None
    sources = {pre.question_source.pk: "pre", post.question_source.pk: "post"}
    shared = len(sources) == 1
    questions = list(
        Question.objects.filter(
            questionnaire__in=list(sources), kind__in=[QuestionKind.SINGLE, QuestionKind.MULTIPLE]
        ).order_by("questionnaire_id", "position", "id")
    )
    keys: dict[int, str] = {}
    sides: dict[str, dict[str, list[Question]]] = {"pre": {}, "post": {}}
    for question in questions:
        key = f"q{question.pk}" if shared else topic_key(question.topic)
        if not key:
            continue
        keys[question.pk] = key
        for side in ("pre", "post") if shared else (sources[question.questionnaire_id],):
            sides[side].setdefault(key, []).append(question)
    common = [key for key in sides["pre"] if key in sides["post"]]
    topics = {
        key: TopicComparison(
            label=sides["pre"][key][0].text if shared else sides["pre"][key][0].topic,
            pre_questions=[q.text for q in sides["pre"][key]],
            post_questions=[q.text for q in sides["post"][key]],
        )
        for key in common
    }
    unlinked = [q.text for q in questions if keys.get(q.pk) not in topics]
    per_person: dict[int, dict[str, dict[str, Tally]]] = defaultdict(
        lambda: defaultdict(lambda: {"pre": Tally(), "post": Tally()})
    )
    answers = Answer.objects.filter(
        response__questionnaire__in=[pre, post],
        response__submission__isnull=False,
        question_id__in=[pk for pk, key in keys.items() if key in topics],
    ).values_list(
        "response__questionnaire_id",
        "response__submission__registration_id",
        "question_id",
        "correct",
    )
    for questionnaire_id, registration_id, question_id, correct in answers.iterator():
        side = "pre" if questionnaire_id == pre.pk else "post"
        key = keys[question_id]
        getattr(topics[key], side).add(correct)
        per_person[registration_id][key][side].add(correct)
    registrations = Registration.objects.filter(pk__in=list(per_person)).select_related(
        "participant__institution"
    )
    people = []
    for registration in registrations:
        person = PersonImprovement(registration=registration)
        for key in common:
            tallies = per_person[registration.pk].get(key)
            if tallies is None:
                continue
            before, after = tallies["pre"], tallies["post"]
            for mine, theirs in ((person.pre, before), (person.post, after)):
                mine.right += theirs.right
                mine.answered += theirs.answered
            if before.answered and after.answered:
                if after.percent > before.percent:
                    person.improved.append(topics[key].label)
                elif after.percent < before.percent:
                    person.declined.append(topics[key].label)
        people.append(person)
    people.sort(key=lambda p: (p.registration.participant.full_name.lower(), p.registration.pk))
    return PrePostComparison(
        shared_bank=shared, topics=list(topics.values()), people=people, unlinked=unlinked
    )
