"""Building an event's questionnaires (organisers)."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bimtek.models import Event, Session
from bimtek.services import audit_record
from evaluations.errors import EvaluationError
from evaluations.models import (
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
    Response,
)
from evaluations.models.questionnaires import CHOICE_KINDS

MAX_OPTIONS = 10
QUESTIONNAIRE_FIELDS = (
    "title",
    "instructions",
    "opens_at",
    "closes_at",
    "anonymous",
    "show_score",
    "required_for_certificate",
    "min_score",
)

# Asked about each speaker of the agenda (the usual "evaluasi narasumber").
SPEAKER_QUESTIONS = (
    gettext_noop("The speaker masters the material."),
    gettext_noop("The speaker explains clearly."),
    gettext_noop("The speaker answers questions well."),
    gettext_noop("The speaker keeps to the time."),
)


def clean_topic(topic: str) -> str:
    """Spaces collapsed; the comparison ignores case (prepost.topic_key)."""
    return " ".join((topic or "").split())[:100]


def _check_window(questionnaire: Questionnaire) -> None:
    if (
        questionnaire.opens_at
        and questionnaire.closes_at
        and questionnaire.closes_at <= questionnaire.opens_at
    ):
        raise EvaluationError(
            _("The questionnaire must close after it opens."), code="window", field="closes_at"
        )
    if questionnaire.min_score > 100:
        raise EvaluationError(
            _("The minimum score is between 0 and 100."), code="min_score", field="min_score"
        )


def questionnaire_create(
    *, actor, event: Event, kind: str, title: str = "", bank_pre_test: bool = False, **fields
) -> Questionnaire:
    """A questionnaire of ``kind`` (one per kind and event). A post-test may
    ask the pre-test's questions (``bank_pre_test``)."""
    if kind not in QuestionnaireKind.values:
        raise EvaluationError(_("Unknown kind of questionnaire."), code="kind", field="kind")
    with transaction.atomic():
        if Questionnaire.objects.select_for_update().filter(event=event, kind=kind).exists():
            raise EvaluationError(
                _("This event already has a questionnaire of this kind."),
                code="duplicate_kind",
                field="kind",
            )
        questionnaire = Questionnaire(
            event=event,
            kind=kind,
            title=title or str(QuestionnaireKind(kind).label),
            **{k: v for k, v in fields.items() if k in QUESTIONNAIRE_FIELDS},
        )
        if kind not in (QuestionnaireKind.EVENT, QuestionnaireKind.SPEAKERS):
            questionnaire.anonymous = False  # a test's score belongs to a person
        if kind != QuestionnaireKind.POST_TEST:
            questionnaire.min_score = 0
        if bank_pre_test and kind == QuestionnaireKind.POST_TEST:
            pre = Questionnaire.objects.filter(event=event, kind=QuestionnaireKind.PRE_TEST).first()
            if pre is None:
                raise EvaluationError(
                    _("Create the pre-test first."), code="no_pre_test", field="bank_pre_test"
                )
            questionnaire.bank = pre
        _check_window(questionnaire)
        questionnaire.save()
        audit_record(
            actor=actor,
            action="evaluation.create",
            target=questionnaire,
            event=event,
            summary=questionnaire.title,
        )
    return questionnaire


def questionnaire_update(*, actor, questionnaire: Questionnaire, **fields) -> Questionnaire:
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        answered = Response.objects.filter(questionnaire=questionnaire).exists()
        changes = {}
        for name, value in fields.items():
            if name not in QUESTIONNAIRE_FIELDS or getattr(questionnaire, name) == value:
                continue
            if name == "anonymous" and answered:
                raise EvaluationError(
                    _("Anonymity cannot change once answers exist."),
                    code="anonymity_locked",
                    field="anonymous",
                )
            if name == "anonymous" and value and questionnaire.is_test:
                raise EvaluationError(
                    _("A test cannot be anonymous."), code="anonymous_test", field="anonymous"
                )
            changes[name] = [str(getattr(questionnaire, name)), str(value)]
            setattr(questionnaire, name, value)
        if questionnaire.kind != QuestionnaireKind.POST_TEST:
            questionnaire.min_score = 0
        _check_window(questionnaire)
        questionnaire.save()
        if changes:
            audit_record(
                actor=actor,
                action="evaluation.update",
                target=questionnaire,
                event=questionnaire.event,
                summary=questionnaire.title,
                changes=changes,
            )
    return questionnaire


def _own_questions(questionnaire: Questionnaire) -> None:
    if questionnaire.bank_id:
        raise EvaluationError(
            _("This post-test asks the pre-test's questions: edit them there."),
            code="banked",
        )


def _parse_options(kind: str, lines: str) -> list[tuple[str, bool]]:
    """One option a line; a leading ``*`` marks a correct answer."""
    if kind not in CHOICE_KINDS:
        return []
    options = []
    for raw in lines.splitlines():
        text = raw.strip()
        if not text:
            continue
        correct = text.startswith("*")
        text = text.lstrip("*").strip()[:300]
        if text:
            options.append((text, correct))
    if len(options) < 2:
        raise EvaluationError(
            _("A choice question needs at least two options, one a line."),
            code="options",
            field="options",
        )
    if len(options) > MAX_OPTIONS:
        raise EvaluationError(
            _("At most %(count)s options.") % {"count": MAX_OPTIONS},
            code="options",
            field="options",
        )
    return options


def _check_correct(questionnaire: Questionnaire, kind: str, options) -> None:
    if not questionnaire.is_test or kind not in CHOICE_KINDS:
        return
    correct = sum(1 for _text, is_correct in options if is_correct)
    if correct == 0:
        raise EvaluationError(
            _("Mark the correct answer with a * at the start of its line."),
            code="no_correct",
            field="options",
        )
    if kind == QuestionKind.SINGLE and correct > 1:
        raise EvaluationError(
            _("A single-choice question has exactly one correct answer."),
            code="several_correct",
            field="options",
        )


def question_add(
    *,
    actor,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    options: str = "",
    required: bool = True,
    session: Session | None = None,
    speaker: str = "",
    topic: str = "",
) -> Question:
    _own_questions(questionnaire)
    if kind not in QuestionKind.values:
        raise EvaluationError(_("Unknown type of question."), code="kind", field="kind")
    text = text.strip()
    if not text:
        raise EvaluationError(_("Write the question."), code="text", field="text")
    parsed = _parse_options(kind, options)
    _check_correct(questionnaire, kind, parsed)
    with transaction.atomic():
        Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        last = questionnaire.questions.aggregate(last=Max("position"))["last"]
        question = Question.objects.create(
            questionnaire=questionnaire,
            kind=kind,
            text=text[:500],
            required=required,
            position=(last or 0) + 1,
            session=session,
            speaker=speaker[:200],
            topic=clean_topic(topic),
        )
        Option.objects.bulk_create(
            Option(question=question, position=i, text=t, correct=c)
            for i, (t, c) in enumerate(parsed, start=1)
        )
        audit_record(
            actor=actor,
            action="evaluation.question_add",
            target=questionnaire,
            event=questionnaire.event,
            summary=question.text,
        )
    return question


def question_set_options(
    *, actor, question: Question, options: str, rescore: bool = False
) -> Question:
    """New options (and correct answers) of a choice question. Once a test
    has answers, this needs ``rescore``: every submission is scored again and
    the change is recorded."""
    from evaluations.services.answers import questionnaire_rescore

    questionnaire = question.questionnaire
    _own_questions(questionnaire)
    parsed = _parse_options(question.kind, options)
    _check_correct(questionnaire, question.kind, parsed)
    with transaction.atomic():
        Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        answered = question.answers.exists()
        if answered and not rescore:
            raise EvaluationError(
                _(
                    "This question has answers already: changing its options re-scores every "
                    "submission. Tick “Re-score the submissions” to go on."
                ),
                code="rescore_needed",
                field="rescore",
            )
        before = [(o.text, o.correct) for o in question.options.all()]
        existing = list(question.options.all())
        for index, (text, correct) in enumerate(parsed, start=1):
            if index <= len(existing):
                option = existing[index - 1]
                option.text, option.correct, option.position = text, correct, index
                option.save()
            else:
                Option.objects.create(question=question, position=index, text=text, correct=correct)
        for option in existing[len(parsed) :]:
            option.delete()
        audit_record(
            actor=actor,
            action="evaluation.options",
            target=questionnaire,
            event=questionnaire.event,
            summary=question.text,
            changes={"options": [repr(before), repr(parsed)]},
        )
        if answered and questionnaire.is_test:
            # Every questionnaire asking this question (a post-test may share it).
            for asking in Questionnaire.objects.filter(pk=questionnaire.pk) | (
                Questionnaire.objects.filter(bank=questionnaire)
            ):
                questionnaire_rescore(actor=actor, questionnaire=asking)
    return question


def question_delete(*, actor, question: Question) -> None:
    questionnaire = question.questionnaire
    _own_questions(questionnaire)
    with transaction.atomic():
        if question.answers.exists():
            raise EvaluationError(
                _("This question has answers and cannot be deleted."), code="answered"
            )
        audit_record(
            actor=actor,
            action="evaluation.question_delete",
            target=questionnaire,
            event=questionnaire.event,
            summary=question.text,
        )
        question.delete()


def question_move(*, actor, question: Question, up: bool) -> None:
    """Swap the question with its neighbour above (or below)."""
    with transaction.atomic():
        questions = list(
            Question.objects.select_for_update().filter(questionnaire=question.questionnaire_id)
        )
        ids = [q.pk for q in questions]
        index = ids.index(question.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(questions):
            return
        questions[index], questions[other] = questions[other], questions[index]
        for position, item in enumerate(questions, start=1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def question_duplicate(*, actor, question: Question) -> Question:
    options = "\n".join(
        ("*" if option.correct else "") + option.text for option in question.options.all()
    )
    return question_add(
        actor=actor,
        questionnaire=question.questionnaire,
        kind=question.kind,
        text=question.text,
        options=options,
        required=question.required,
        session=question.session,
        speaker=question.speaker,
        topic=question.topic,
    )


def question_set_topic(*, actor, question: Question, topic: str) -> Question:
    """The competency or topic that links a test question to the other
    test's questions on it (the results compare them); recorded."""
    questionnaire = question.questionnaire
    _own_questions(questionnaire)
    topic = clean_topic(topic)
    if topic == question.topic:
        return question
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="evaluation.question_topic",
            target=questionnaire,
            event=questionnaire.event,
            summary=question.text,
            changes={"topic": [question.topic, topic]},
        )
        question.topic = topic
        question.save(update_fields=["topic"])
    return question


def speaker_blocks_generate(*, actor, questionnaire: Questionnaire) -> int:
    """A block of scale questions for each speaker of each session of the
    agenda that has none yet; returns how many questions were added."""
    if questionnaire.kind != QuestionnaireKind.SPEAKERS:
        raise EvaluationError(
            _("Speaker blocks belong to the speaker evaluation."), code="not_speakers"
        )
    done = set(questionnaire.questions.values_list("session_id", "speaker"))
    added = 0
    with transaction.atomic():
        for session in Session.objects.filter(event=questionnaire.event_id):
            for speaker in session.speaker_list:
                if (session.pk, speaker[:200]) in done:
                    continue
                for text in SPEAKER_QUESTIONS:
                    question_add(
                        actor=actor,
                        questionnaire=questionnaire,
                        kind=QuestionKind.LIKERT,
                        text=_(text),
                        session=session,
                        speaker=speaker,
                    )
                    added += 1
    return added


def questionnaires_copy(*, actor, source: Event, event: Event, days: int = 0) -> int:
    """Every questionnaire of ``source`` and its questions into ``event`` (a
    clone, or "copy from another event"): windows moved by ``days``, speaker
    blocks re-linked to the session at the same place of the agenda. Kinds
    ``event`` already has are skipped. Returns how many were copied."""
    import datetime as dt

    sessions = dict(
        zip(
            Session.objects.filter(event=source).values_list("pk", flat=True),
            Session.objects.filter(event=event),
            strict=False,
        )
    )
    have = set(Questionnaire.objects.filter(event=event).values_list("kind", flat=True))
    copied: dict[int, Questionnaire] = {}
    shift = dt.timedelta(days=days)
    sources = Questionnaire.objects.filter(event=source).order_by("bank_id", "pk")
    for original in sorted(sources, key=lambda q: q.bank_id is not None):
        if original.kind in have:
            continue
        copy = Questionnaire.objects.create(
            event=event,
            kind=original.kind,
            bank=copied.get(original.bank_id),
            **{
                name: getattr(original, name)
                for name in QUESTIONNAIRE_FIELDS
                if name not in ("opens_at", "closes_at")
            },
            opens_at=original.opens_at + shift if original.opens_at else None,
            closes_at=original.closes_at + shift if original.closes_at else None,
        )
        copied[original.pk] = copy
        if original.bank_id and copy.bank_id is None:
            continue  # its bank was not copied: it asks nothing of its own
        for question in original.questions.prefetch_related("options"):
            new = Question.objects.create(
                questionnaire=copy,
                position=question.position,
                kind=question.kind,
                text=question.text,
                required=question.required,
                session=sessions.get(question.session_id),
                speaker=question.speaker,
                topic=question.topic,
            )
            Option.objects.bulk_create(
                Option(question=new, position=o.position, text=o.text, correct=o.correct)
                for o in question.options.all()
            )
        audit_record(
            actor=actor,
            action="evaluation.copy",
            target=copy,
            event=event,
            summary=copy.title,
        )
    return len(copied)
