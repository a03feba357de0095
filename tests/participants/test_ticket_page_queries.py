"""What the portal's pages cost in queries (issue 22, docs/profile.md): "My
tickets", the ticket page, the PDF ticket and a signed-in organiser page.
Each table read once: the ticket by the view only, the evaluations'
questionnaires once for the evaluation panel and the certificate step."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import selectors as evaluation_selectors
from evaluations.models import QuestionKind, QuestionnaireKind, Submission
from evaluations.services import answers as answering
from evaluations.services import questionnaires as builder
from participants.extensions import PageRegistrations
from tests import factories
from tests.evaluations.conftest import question_ids

pytestmark = pytest.mark.django_db

# Session, user, permission facts (accounts.permission_facts: the door
# entry's EventStaff row among them); then the page's own reads (the ticket page: its
# agenda and the agenda's check-in marks too). The certificate panel: settings,
# countable sessions with their attendance (one statement), exceptions,
# certificates. The organisers' event list: session,
# user, facts, teams, then its three reads of events (no EventStaff row:
# organisers see the door entry by their role).
MY_TICKETS = 10
TICKET_PAGE = 12
TICKET_PDF = 4
ORGANISER_EVENTS = 7
# The certificate from the ticket (certificates.views.tickets): the holder's
# availability (the panel's reads), then issuing — the counter, the one
# valid certificate, the number's uniqueness, the row, the audit entry —
# and the download (the full settings, a stored signed file). On PostgreSQL
# the audit entry is appended without a savepoint (bimtek.chain): two fewer.
CERTIFICATE_ISSUE = {"postgresql": 28, "sqlite": 30}
CERTIFICATE_READ = 12


@pytest.fixture
def ticket(organiser):
    settings = factories.CertificateSettingsFactory()
    event = settings.event
    session = factories.SessionFactory(event=event)
    evaluation = builder.questionnaire_create(
        actor=organiser,
        event=event,
        kind=QuestionnaireKind.EVENT,
        anonymous=True,
        required_for_certificate=True,
    )
    builder.question_add(
        actor=organiser, questionnaire=evaluation, kind=QuestionKind.LIKERT, text="Puas?"
    )
    registration = factories.RegistrationFactory(
        event=event, participant__user=factories.participant_user()
    )
    factories.CheckInFactory(registration=registration, session=session)
    answering.submission_submit(
        questionnaire=evaluation,
        registration=registration,
        answers={question_ids(evaluation)["Puas?"]: 5},
    )
    return registration


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def _reads(queries, table: str) -> int:
    """Statements reading ``table`` (the permission facts' one included)."""
    quoted = connection.ops.quote_name(table)
    return sum(1 for sql in queries if sql.startswith("SELECT") and f"FROM {quoted}" in sql)


def _own_reads(queries, table: str) -> int:
    """Statements reading ``table``, the permission facts' left out."""
    return _reads([sql for sql in queries if "UNION ALL" not in sql], table)


def test_my_tickets(client, ticket):
    client.force_login(ticket.participant.user)
    _get(client, reverse("participants:ticket_list"))  # the session's first page
    response, queries = _get(client, reverse("participants:ticket_list"))
    assert 'data-testid="certificate-panel"' in response.text
    assert len(queries) == MY_TICKETS, "\n".join(queries)
    assert _reads(queries, "participants_registration") == 1
    assert _reads(queries, "evaluations_questionnaire") == 1
    assert _reads(queries, "auth_permission") == 1  # with the groups, in one statement
    assert _reads(queries, "bimtek_eventstaff") == 1  # the door entry: with the groups
    assert _own_reads(queries, "bimtek_eventstaff") == 0


def test_the_ticket_page(client, ticket):
    client.force_login(ticket.participant.user)
    _get(client, reverse("participants:ticket_list"))
    url = reverse("participants:ticket_detail", args=[ticket.pk])
    response, queries = _get(client, url)
    assert 'data-testid="certificate-panel"' in response.text
    assert len(queries) == TICKET_PAGE, "\n".join(queries)
    assert _reads(queries, "participants_registration") == 1
    assert _reads(queries, "evaluations_questionnaire") == 1


def test_the_pdf_ticket_asks_no_role_question(client, ticket):
    client.force_login(ticket.participant.user)
    _get(client, reverse("participants:ticket_list"))
    url = reverse("participants:ticket_pdf", args=[ticket.pk])
    _response, queries = _get(client, url)
    assert len(queries) == TICKET_PDF, "\n".join(queries)
    assert _reads(queries, "auth_group") == 0


def test_a_signed_in_organiser_page(client, organiser):
    factories.EventFactory()  # the organiser's team's
    client.force_login(organiser)
    _get(client, reverse("organiser:event_list"))
    _response, queries = _get(client, reverse("organiser:event_list"))
    assert len(queries) == ORGANISER_EVENTS, "\n".join(queries)
    assert _reads(queries, "auth_permission") == 1
    assert _reads(queries, "competency_hrviewer") == 1  # with the groups
    assert _own_reads(queries, "competency_hrviewer") == 0


@pytest.mark.parametrize("sent", [False, True])
def test_the_certificate_step_from_the_page_reads_is_the_step_read_alone(ticket, organiser, sent):
    if not sent:
        Submission.objects.filter(registration=ticket).delete()
    post_test = builder.questionnaire_create(
        actor=organiser,
        event=ticket.event,
        kind=QuestionnaireKind.POST_TEST,
        required_for_certificate=True,
        min_score=80,
    )
    builder.question_add(
        actor=organiser,
        questionnaire=post_test,
        kind=QuestionKind.SINGLE,
        text="Ibu kota?",
        options="*Jakarta\nBandung",
    )
    alone = evaluation_selectors.certificate_step_states([ticket])
    page = PageRegistrations([ticket])
    evaluation_selectors.todos_for(page)
    assert evaluation_selectors.certificate_step_states(page) == alone
    assert alone[ticket.pk].done is False


def test_a_ticket_page_of_an_event_asking_nothing_reads_no_submissions(client, ticket):
    ticket.event.questionnaires.all().delete()
    client.force_login(ticket.participant.user)
    _get(client, reverse("participants:ticket_list"))
    url = reverse("participants:ticket_detail", args=[ticket.pk])
    response, queries = _get(client, url)
    assert 'data-testid="certificate-panel"' in response.text
    assert len(queries) == TICKET_PAGE - 1, "\n".join(queries)
    assert _reads(queries, "evaluations_submission") == 0


def _post(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, HTTP_REFERER=reverse("participants:ticket_list"))
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def test_the_certificate_issued_then_read_from_the_ticket(client, ticket):
    """The portal's first download (the button: issued then) and a later one
    (bench/portal.py's "certificate (issue)" and "certificate" steps)."""
    client.force_login(ticket.participant.user)
    _get(client, reverse("participants:ticket_list"))
    url = reverse("certificates:ticket", args=[ticket.pk])

    issued, issue_queries = _post(client, url)
    read, read_queries = _get(client, url)

    assert issued["Content-Type"] == read["Content-Type"] == "application/pdf"
    assert ticket.certificates.count() == 1
    assert len(issue_queries) == CERTIFICATE_ISSUE[connection.vendor], "\n".join(issue_queries)
    assert len(read_queries) == CERTIFICATE_READ, "\n".join(read_queries)
    assert _reads(read_queries, "bimtek_event") == 0  # the ticket's, in hand
