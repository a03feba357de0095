"""Pre-test against post-test answer by answer: per question when the
post-test asks the pre-test's questions, per competency / topic when each
test has its own questions; per person, who answered better or worse."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bimtek.models import AuditEntry
from evaluations import prepost
from evaluations.models import QuestionKind, QuestionnaireKind
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from tests import factories

pytestmark = pytest.mark.django_db


def _test(event, kind, questions, *, bank=False):
    questionnaire = builder.questionnaire_create(
        actor=None, event=event, kind=kind, bank_pre_test=bank
    )
    for text, topic in questions:
        builder.question_add(
            actor=None,
            questionnaire=questionnaire,
            kind=QuestionKind.SINGLE,
            text=text,
            options="*benar\nsalah",
            topic=topic,
        )
    return questionnaire


def _answer(questionnaire, registration, right: dict[str, bool]):
    """Answer each question (by text) right or wrong."""
    answers = {}
    for question in questionnaire.question_source.questions.prefetch_related("options"):
        wanted = "benar" if right[question.text] else "salah"
        answers[question.pk] = next(o.pk for o in question.options.all() if o.text == wanted)
    answering.submission_submit(
        questionnaire=questionnaire, registration=registration, answers=answers
    )


@pytest.fixture
def separate(event):
    """A pre-test and a post-test with their own questions, linked by topic."""
    pre = _test(
        event,
        QuestionnaireKind.PRE_TEST,
        [("Apa itu SPBE?", "SPBE"), ("Apa itu phishing?", "Keamanan"), ("Hobi?", "")],
    )
    post = _test(
        event,
        QuestionnaireKind.POST_TEST,
        [
            ("Sebutkan domain SPBE.", "  spbe "),
            ("Kenali e-mail palsu.", "keamanan"),
            ("Apa itu API?", "Interoperabilitas"),
        ],
    )
    ani = factories.RegistrationFactory(event=event, participant__full_name="Ani Lestari")
    budi = factories.RegistrationFactory(event=event, participant__full_name="Budi Santoso")
    _answer(pre, ani, {"Apa itu SPBE?": False, "Apa itu phishing?": True, "Hobi?": True})
    _answer(pre, budi, {"Apa itu SPBE?": True, "Apa itu phishing?": True, "Hobi?": False})
    _answer(
        post,
        ani,
        {"Sebutkan domain SPBE.": True, "Kenali e-mail palsu.": True, "Apa itu API?": True},
    )
    _answer(
        post,
        budi,
        {"Sebutkan domain SPBE.": True, "Kenali e-mail palsu.": False, "Apa itu API?": True},
    )
    return pre, post


def test_separate_banks_are_compared_per_topic(separate, event):
    comparison = prepost.pre_post_comparison(event)

    assert not comparison.shared_bank
    topics = {t.label: t for t in comparison.topics}
    assert list(topics) == ["SPBE", "Keamanan"]
    assert (topics["SPBE"].pre.percent, topics["SPBE"].post.percent) == (
        Decimal("50.0"),
        Decimal("100.0"),
    )
    assert topics["SPBE"].change == Decimal("50.0")
    assert topics["Keamanan"].change == Decimal("-50.0")
    assert topics["SPBE"].post_questions == ["Sebutkan domain SPBE."]
    assert sorted(comparison.unlinked) == ["Apa itu API?", "Hobi?"]


def test_separate_banks_per_person_improvement(separate, event):
    people = {
        p.registration.participant.full_name: p for p in prepost.pre_post_comparison(event).people
    }

    ani, budi = people["Ani Lestari"], people["Budi Santoso"]
    assert (ani.pre.right, ani.pre.answered, ani.post.right, ani.post.answered) == (1, 2, 2, 2)
    assert ani.change == Decimal("50.0")
    assert (ani.improved, ani.declined) == (["SPBE"], [])
    assert budi.change == Decimal("-50.0")
    assert (budi.improved, budi.declined) == ([], ["Keamanan"])


def test_shared_bank_is_compared_per_question(event):
    pre = _test(event, QuestionnaireKind.PRE_TEST, [("Q1", ""), ("Q2", "")])
    post = builder.questionnaire_create(
        actor=None, event=event, kind=QuestionnaireKind.POST_TEST, bank_pre_test=True
    )
    registration = factories.RegistrationFactory(event=event)
    _answer(pre, registration, {"Q1": False, "Q2": False})
    _answer(post, registration, {"Q1": True, "Q2": False})

    comparison = prepost.pre_post_comparison(event)

    assert comparison.shared_bank
    assert [(t.label, t.pre.percent, t.post.percent) for t in comparison.topics] == [
        ("Q1", Decimal("0.0"), Decimal("100.0")),
        ("Q2", Decimal("0.0"), Decimal("0.0")),
    ]
    assert comparison.people[0].improved == ["Q1"]
    assert comparison.unlinked == []


def test_no_comparison_without_a_post_test(event):
    _test(event, QuestionnaireKind.PRE_TEST, [("Q1", "SPBE")])

    assert prepost.pre_post_comparison(event) is None


def test_someone_who_took_only_the_pre_test_has_no_change(separate, event):
    late = factories.RegistrationFactory(event=event, participant__full_name="Citra Late")
    _answer(
        separate[0],
        late,
        {"Apa itu SPBE?": True, "Apa itu phishing?": False, "Hobi?": True},
    )

    people = {
        p.registration.participant.full_name: p for p in prepost.pre_post_comparison(event).people
    }

    assert people["Citra Late"].change is None
    assert people["Citra Late"].post.answered == 0


def test_duplicate_and_copy_keep_the_topic(event):
    pre = _test(event, QuestionnaireKind.PRE_TEST, [("Q1", "SPBE")])
    builder.question_duplicate(actor=None, question=pre.questions.get())
    other = factories.EventFactory(team=event.team)

    builder.questionnaires_copy(actor=None, source=event, event=other)

    assert list(pre.questions.values_list("topic", flat=True)) == ["SPBE", "SPBE"]
    copied = other.questionnaires.get().questions.values_list("topic", flat=True)
    assert list(copied) == ["SPBE", "SPBE"]


def test_results_page_shows_topics_and_people(client, organiser, separate, event):
    client.force_login(organiser)

    page = client.get(reverse("evaluations:results", kwargs={"code": event.code})).text

    assert 'data-testid="comparison-topics"' in page
    assert "Keamanan" in page and "Kenali e-mail palsu." in page
    assert "+50,0" in page and "-50,0" in page  # Indonesian decimals
    assert "Ani Lestari" in page
    assert 'data-testid="comparison-unlinked"' in page


def test_results_page_query_count_does_not_grow_with_answers(
    client, organiser, separate, event, django_assert_max_num_queries
):
    client.force_login(organiser)
    url = reverse("evaluations:results", kwargs={"code": event.code})
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    pre, post = separate
    for n in range(3):
        registration = factories.RegistrationFactory(event=event)
        _answer(
            pre,
            registration,
            {"Apa itu SPBE?": n % 2 == 0, "Apa itu phishing?": True, "Hobi?": True},
        )
        _answer(
            post,
            registration,
            {"Sebutkan domain SPBE.": True, "Kenali e-mail palsu.": False, "Apa itu API?": True},
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_export_has_the_comparison_sheets(client, organiser, separate, event):
    client.force_login(organiser)

    export = client.get(reverse("evaluations:export", kwargs={"code": event.code}))

    book = load_workbook(io.BytesIO(export.content))
    topics = list(book.worksheets[1].iter_rows(values_only=True))
    people = list(book.worksheets[2].iter_rows(values_only=True))
    assert [row[0] for row in topics[1:]] == ["SPBE", "Keamanan"]
    assert {row[0]: row[8] for row in people[1:]}["Ani Lestari"] == "SPBE"


def test_organiser_adds_a_topic_and_changes_it(client, organiser, event):
    pre = builder.questionnaire_create(
        actor=organiser, event=event, kind=QuestionnaireKind.PRE_TEST
    )
    client.force_login(organiser)
    kwargs = {"code": event.code, "pk": pre.pk}

    client.post(
        reverse("evaluations:question_add", kwargs=kwargs),
        {
            "kind": "single",
            "text": "Apa itu SPBE?",
            "options": "*a\nb",
            "topic": " SPBE ",
            "required": "on",
        },
    )
    question = pre.questions.get()
    detail = client.get(reverse("evaluations:organiser_detail", kwargs=kwargs)).text
    client.post(
        reverse(
            "evaluations:question_action",
            kwargs={**kwargs, "question": question.pk, "action": "topic"},
        ),
        {"topic": "Arsitektur SPBE"},
    )

    assert 'data-testid="question-topic"' in detail and "SPBE" in detail
    question.refresh_from_db()
    assert question.topic == "Arsitektur SPBE"
    assert AuditEntry.objects.filter(action="evaluation.question_topic").exists()


def test_topic_too_long_is_refused_with_a_message(client, organiser, event):
    pre = _test(event, QuestionnaireKind.PRE_TEST, [("Q1", "SPBE")])
    question = pre.questions.get()
    client.force_login(organiser)
    url = reverse(
        "evaluations:question_action",
        kwargs={"code": event.code, "pk": pre.pk, "question": question.pk, "action": "topic"},
    )

    response = client.post(url, {"topic": "x" * 101}, follow=True)

    assert response.status_code == 200
    question.refresh_from_db()
    assert question.topic == "SPBE"
    assert [m.message for m in response.context["messages"]]


def test_event_evaluation_form_has_no_topic_field(client, organiser, evaluation):
    client.force_login(organiser)

    page = client.get(
        reverse(
            "evaluations:organiser_detail",
            kwargs={"code": evaluation.event.code, "pk": evaluation.pk},
        )
    ).text

    assert 'name="topic"' not in page


def test_change_is_computed_from_the_exact_shares(event):
    pre = _test(event, QuestionnaireKind.PRE_TEST, [("Q1", ""), ("Q2", ""), ("Q3", "")])
    post = builder.questionnaire_create(
        actor=None, event=event, kind=QuestionnaireKind.POST_TEST, bank_pre_test=True
    )
    registration = factories.RegistrationFactory(event=event)
    _answer(pre, registration, {"Q1": True, "Q2": False, "Q3": False})
    _answer(post, registration, {"Q1": True, "Q2": True, "Q3": False})

    person = prepost.pre_post_comparison(event).people[0]

    assert (person.pre.percent, person.post.percent) == (Decimal("33.3"), Decimal("66.7"))
    assert person.change == Decimal("33.3")
