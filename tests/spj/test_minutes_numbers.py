"""Berita acara numbers: given once per event, sequential per team (office)
and year, unique, assigned under a row lock, printed in the PDF and the
Word file."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import timezone

from bimtek.models import AuditEntry
from spj import services
from spj.documents import pack
from spj.errors import SpjError
from spj.models import MinutesNumber, PackSettings
from tests import factories
from tests.pdfscripts import needs_pdftotext, pdftotext
from tests.spj.test_documents import docx_text

pytestmark = pytest.mark.django_db


def _event(team=None, end=dt.date(2026, 12, 3), code=None):
    fields = {"start_date": end - dt.timedelta(days=1), "end_date": end}
    if team is not None:
        fields["team"] = team
    if code is not None:
        fields["code"] = code
    return factories.EventFactory(**fields)


def _held(event):
    """The event's last day has come: its berita acara can be numbered."""
    event.start_date = timezone.localdate() - dt.timedelta(days=2)
    event.end_date = event.start_date + dt.timedelta(days=1)
    event.save(update_fields=["start_date", "end_date"])
    return event


def test_numbers_run_per_team_and_year(organiser):
    first = _event(code="bimtek-a")
    second = _event(code="bimtek-b", end=dt.date(2026, 4, 20))
    other_team = _event(team=factories.TeamFactory(name="Bappeda"), code="bimtek-c")
    next_year = _event(code="bimtek-d", end=dt.date(2027, 1, 15))

    on = dt.datetime(2027, 1, 15, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    numbers = [
        services.minutes_number_assign(event=event, actor=organiser, now=on)
        for event in (first, second, other_team, next_year)
    ]

    assert [n.number for n in numbers] == [
        "001/BA/BIMTEK-A/XII/2026",
        "002/BA/BIMTEK-B/IV/2026",
        "001/BA/BIMTEK-C/XII/2026",
        "001/BA/BIMTEK-D/I/2027",
    ]
    entry = AuditEntry.objects.get(action="spj.minutes_numbered", event=first)
    assert entry.summary == "001/BA/BIMTEK-A/XII/2026"


def test_an_event_is_numbered_once(organiser):
    event = _event()

    once = services.minutes_number_assign(event=event, actor=organiser)
    again = services.minutes_number_assign(event=event, actor=organiser)

    assert once.pk == again.pk and MinutesNumber.objects.count() == 1
    assert services.minutes_number_assign(event=_event(), actor=organiser).sequence == 2


def test_the_events_own_pattern_is_used(organiser):
    event = _event()
    PackSettings.objects.create(event=event, minutes_number_pattern="BA-{year}.{seq:04}")

    assert services.minutes_number_assign(event=event, actor=organiser).number == "BA-2026.0001"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("BA/{seq:03}", "{year}"), ("BA/{year}", "{seq}"), ("BA/{seq}/{tahun}/{year}", "tahun")],
)
def test_a_pattern_that_would_repeat_numbers_is_refused(
    client, spj_event, organiser, pattern, message
):
    event = spj_event["event"]
    client.force_login(organiser)

    response = client.post(
        reverse("spj:settings", kwargs={"code": event.code}),
        {"minutes_number_pattern": pattern},
    )

    assert response.status_code == 400 and message in response.text
    assert not PackSettings.objects.filter(event=event).exists()


@needs_pdftotext
def test_the_number_is_printed_in_pdf_and_word(spj_event, organiser):
    event = _held(spj_event["event"])
    before = " ".join(pdftotext(pack.document(event=event, kind="berita_acara", fmt="pdf")).split())
    numbered = services.minutes_number_assign(event=event, actor=organiser)

    pdf = " ".join(pdftotext(pack.document(event=event, kind="berita_acara", fmt="pdf")).split())
    word = docx_text(pack.document(event=event, kind="berita_acara", fmt="docx"))

    assert "Nomor: ....." in before
    assert f"Nomor: {numbered.number}" in pdf
    assert f"Nomor: {numbered.number}" in word


def test_the_organiser_numbers_it_from_the_spj_page(client, spj_event, organiser):
    event = _held(spj_event["event"])
    client.force_login(organiser)
    url = reverse("spj:minutes_number", kwargs={"code": event.code})

    client.post(url)
    client.post(url)
    page = client.get(reverse("spj:overview", kwargs={"code": event.code}))

    number = MinutesNumber.objects.get(event=event)
    assert number.sequence == 1 and number.number in page.text


def test_not_before_the_events_last_day(client, spj_event, organiser):
    event = spj_event["event"]  # in two weeks
    client.force_login(organiser)
    last_day = dt.datetime.combine(event.end_date, dt.time(0, 5), tzinfo=event.tzinfo)

    page = client.get(reverse("spj:overview", kwargs={"code": event.code}))
    response = client.post(reverse("spj:minutes_number", kwargs={"code": event.code}), follow=True)
    with pytest.raises(SpjError) as refused:
        services.minutes_number_assign(
            event=event, actor=organiser, now=last_day - dt.timedelta(minutes=10)
        )

    assert "Beri nomor berikutnya" not in page.text
    assert "Belum bernomor: nomor dapat diberikan mulai" in page.text
    assert "telah dilaksanakan" in response.text
    assert refused.value.code == "minutes_too_early"
    assert not MinutesNumber.objects.exists()
    assert services.minutes_number_assign(event=event, actor=organiser, now=last_day).sequence == 1


def test_another_team_cannot_number_it(client, spj_event):
    client.force_login(factories.organiser_user(teams=[factories.TeamFactory(name="Bappeda")]))

    response = client.post(reverse("spj:minutes_number", kwargs={"code": spj_event["event"].code}))

    assert response.status_code in (403, 404)
    assert not MinutesNumber.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_organisers_numbering_at_once_get_distinct_consecutive_numbers():
    team = factories.TeamFactory(name="Diskominfo Kepri")
    events = [_event(team=team, code=f"bimtek-{i}") for i in range(6)]
    barrier = threading.Barrier(len(events) + 2)
    errors = []

    def number(event):
        try:
            barrier.wait()
            services.minutes_number_assign(event=event, actor=None)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    # Every event once, and the first one twice more (a double click).
    targets = [*events, events[0], events[0]]
    threads = [threading.Thread(target=number, args=(event,)) for event in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    close_old_connections()

    assert errors == []
    sequences = sorted(MinutesNumber.objects.filter(team=team).values_list("sequence", flat=True))
    assert sequences == [1, 2, 3, 4, 5, 6]
