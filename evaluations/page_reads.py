"""What the ticket pages read of evaluations, once per page.

On a ticket page two panels ask evaluations about the same registrations:
the evaluation panel (``selectors.todos_for``: every questionnaire and
submission) and the certificate panel's step (``selectors.
certificate_step_states``: the questionnaires required for the certificate
and their sent scores). The page's registrations are a
``participants.extensions.PageRegistrations``, whose ``memo`` keeps the
first read for the second. Elsewhere (a whole event's certificates) the step
reads only what it needs.
"""

from collections import defaultdict

from bimtek.compiled import raw_by_shape
from evaluations.models import Questionnaire, Submission

_PAGE_MEMO = "evaluations.page_reads"


def _questionnaires(event_ids):
    return Questionnaire.objects.filter(event_id__in=event_ids).order_by("pk")


def _submissions(registration_ids):
    return Submission.objects.filter(registration__in=registration_ids)


def page_reads(registrations) -> tuple[dict[int, list[Questionnaire]], dict]:
    """Every questionnaire of the registrations' events (by event, in pk
    order) and every submission of the registrations (by (questionnaire,
    registration)): two queries, one when the events ask nothing. Kept in the
    ``memo`` of a page's panel registrations (participants.extensions.
    PageRegistrations), so the evaluation panel and the certificate step of
    one page read them once."""
    memo = getattr(registrations, "memo", None)
    if memo is not None and _PAGE_MEMO in memo:
        return memo[_PAGE_MEMO]
    by_event: dict[int, list[Questionnaire]] = defaultdict(list)
    event_ids = {r.event_id for r in registrations}
    # Both compiled once per number of events / tickets (bimtek.compiled).
    questionnaires = raw_by_shape("evaluations.page_questionnaires", _questionnaires, event_ids)
    for questionnaire in questionnaires:
        by_event[questionnaire.event_id].append(questionnaire)
    # Every reader looks a submission up by one of these questionnaires:
    # without any (an event that asks nothing), there is nothing to read.
    submissions = (
        {
            (s.questionnaire_id, s.registration_id): s
            for s in raw_by_shape(
                "evaluations.page_submissions", _submissions, [r.pk for r in registrations]
            )
        }
        if by_event
        else {}
    )
    if memo is not None:
        memo[_PAGE_MEMO] = (by_event, submissions)
    return by_event, submissions


def required_and_sent(concerned) -> tuple[dict[int, list[Questionnaire]], dict]:
    """The questionnaires required for the certificate (by event) and the
    scores of those sent by ``concerned``: two queries, the second only when
    some are required."""
    required: dict[int, list[Questionnaire]] = defaultdict(list)
    for questionnaire in Questionnaire.objects.filter(
        event_id__in={r.event_id for r in concerned}, required_for_certificate=True
    ).order_by("pk"):
        required[questionnaire.event_id].append(questionnaire)
    if not any(required[r.event_id] for r in concerned):
        return required, {}
    sent = {
        (s.questionnaire_id, s.registration_id): s.score
        for s in Submission.objects.filter(
            questionnaire__required_for_certificate=True,
            registration__in=[r.pk for r in concerned if required[r.event_id]],
            submitted_at__isnull=False,
        ).only("questionnaire_id", "registration_id", "score")
    }
    return required, sent


def required_and_sent_of_page(registrations) -> tuple[dict[int, list[Questionnaire]], dict]:
    """The same, out of the page's reads (``page_reads``)."""
    by_event, submissions = page_reads(registrations)
    required: dict[int, list[Questionnaire]] = defaultdict(list)
    for event_id, questionnaires in by_event.items():
        required[event_id] = [q for q in questionnaires if q.required_for_certificate]
    sent = {
        key: submission.score
        for key, submission in submissions.items()
        if submission.submitted_at is not None
    }
    return required, sent
