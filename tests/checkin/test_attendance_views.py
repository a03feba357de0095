"""Organisers' attendance: live figures, who is missing, exports, daftar hadir."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from bimtek.spreadsheets import csv_cell_value
from checkin.models import CheckIn
from checkin.models.checkins import ScanResult
from checkin.services.attempts import ScanAttempt
from checkin.services.scan import checkin_record
from participants.models.registrations import RegistrationStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event):
    return factories.open_session(event=event, title="Kebijakan Smart City")


@pytest.fixture
def people(event, session):
    """Three approved people (two checked in), one pending."""
    bank = factories.InstitutionFactory(
        name="Bank Riau Kepri Syariah", category=factories.category("perbankan")
    )
    opd = factories.InstitutionFactory(name="Dinas Kominfo", category=factories.category("opd"))
    budi = factories.RegistrationFactory(
        event=event, participant__full_name="Budi Santoso", participant__institution=opd
    )
    siti = factories.RegistrationFactory(
        event=event,
        participant__full_name='=HYPERLINK("x") <b>Siti</b>',
        participant__institution=bank,
        participant__nip="198507082010011001",
    )
    rina = factories.RegistrationFactory(
        event=event, participant__full_name="Rina Lestari", participant__institution=opd
    )
    factories.RegistrationFactory(event=event, status=RegistrationStatus.PENDING)
    factories.CheckInFactory(registration=budi, session=session)
    factories.CheckInFactory(registration=siti, session=session)
    return {"budi": budi, "siti": siti, "rina": rina}


def url(name, event, session=None, **kwargs):
    kwargs["code"] = event.code
    if session is not None:
        kwargs["session_id"] = session.pk
    return reverse(f"checkin:{name}", kwargs=kwargs)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("participant", 403), ("door_staff", 403), ("organiser", 200)],
)
@pytest.mark.parametrize(
    "page",
    ["attendance", "attendance_live", "attendance_session", "attendance_session_live",
     "attendance_matrix", "attendance_log", "export"],
)  # fmt: skip
def test_only_organisers_see_attendance(client, user_for_role, event, session, role, status, page):
    user = user_for_role(role)
    if user:
        client.force_login(user)
    if page == "export":
        target = url("attendance_session_export", event, session, kind="missing", fmt="csv")
    elif page.startswith("attendance_session"):
        target = url(page, event, session)
    else:
        target = url(page, event)

    assert client.get(target).status_code == status


def test_event_menu_has_the_attendance_tab(client, organiser, event):
    client.force_login(organiser)

    response = client.get(reverse("organiser:event_detail", kwargs={"code": event.code}))

    assert 'data-event-tab="attendance"' in response.content.decode()
    assert "Presensi" in response.content.decode()


def test_event_list_counts_people_who_attended(client, organiser, event, session, people):
    other = factories.open_session(event=event)
    factories.CheckInFactory(registration=people["budi"], session=other)
    client.force_login(organiser)

    response = client.get(reverse("organiser:event_list"))

    row = next(figures for shown, figures in response.context["rows"] if shown == event)
    assert {counter.key: value for counter, value in row}["present_people"] == 2


def test_overview_shows_present_against_expected(client, organiser, event, session, people):
    client.force_login(organiser)

    response = client.get(url("attendance", event))

    rows = response.context["rows"]
    assert [(r["session"], r["present"]) for r in rows] == [(session, 2)]
    assert response.context["expected"] == 3


def test_live_panel_breaks_down_by_institution_category(client, organiser, event, session, people):
    client.force_login(organiser)

    response = client.get(url("attendance_session_live", event, session))

    figures = response.context["figures"]
    assert (figures.present, figures.expected, figures.missing) == (2, 3, 1)
    assert {(c.name, c.present, c.expected) for c in figures.categories} == {
        ("OPD", 1, 2),
        ("Perbankan", 1, 1),
    }
    assert "&lt;b&gt;Siti&lt;/b&gt;" in response.content.decode()


def test_session_page_lists_who_is_missing(client, organiser, event, session, people):
    client.force_login(organiser)

    response = client.get(url("attendance_session", event, session))

    missing = list(response.context["missing_page"])
    assert missing == [people["rina"]]
    assert 'data-live-url="' in response.content.decode()


def test_refreshed_missing_list_drops_who_was_checked_in_meanwhile(
    client, organiser, event, session, people
):
    client.force_login(organiser)
    page = client.get(url("attendance_session", event, session))
    live_url = page.context["live_url"]
    checkin_record(
        session=session, staff=organiser, attempt=ScanAttempt(token=people["rina"].token)
    )

    response = client.get(live_url)

    assert list(response.context["missing_page"]) == []
    assert response.context["figures"].missing == 0
    fragment = response.content.decode()
    assert "Rina Lestari" not in fragment.split('data-live-part="missing"')[1]
    assert 'data-live-part="missing-count">0<' in fragment
    assert 'data-live-part="figures"' in fragment


def test_live_url_keeps_the_search_and_page_of_the_missing_list(
    client, organiser, event, session, people
):
    client.force_login(organiser)

    page = client.get(url("attendance_session", event, session), {"q": "rina", "page": "1"})
    response = client.get(page.context["live_url"])

    assert "q=rina" in page.context["live_url"]
    assert list(response.context["missing_page"]) == [people["rina"]]
    assert response.context["query"] == "rina"


def test_live_panel_draws_the_arrival_curve_and_the_categories(
    client, organiser, event, session, people
):
    client.force_login(organiser)

    response = client.get(url("attendance_session_live", event, session))

    chart = response.context["arrival_chart"]
    assert chart["total"] == 2
    assert sum(bar.value for bar in chart["bars"]) == 2
    fragment = response.content.decode()
    assert 'data-testid="arrival-chart" data-total="2"' in fragment
    assert 'data-category="OPD" data-present="1" data-expected="2"' in fragment
    assert 'data-category="Perbankan" data-present="1" data-expected="1"' in fragment
    assert "style=" not in fragment  # the Content-Security-Policy forbids inline styles


def test_overview_refreshes_its_sessions_by_itself(client, organiser, event, session, people):
    client.force_login(organiser)
    page = client.get(url("attendance", event)).content.decode()
    checkin_record(
        session=session, staff=organiser, attempt=ScanAttempt(token=people["rina"].token)
    )

    response = client.get(url("attendance_live", event))

    assert f'data-live-url="{url("attendance_live", event)}"' in page
    assert "js/attendance/live.js" in page
    assert [(r["session"], r["present"]) for r in response.context["rows"]] == [(session, 3)]
    assert '<span class="fs-5 fw-bold" data-present>3</span>' in response.content.decode()


def test_missing_list_search(client, organiser, event, session, people):
    checkin_other = factories.RegistrationFactory(event=event, participant__full_name="Rudi")
    client.force_login(organiser)

    response = client.get(url("attendance_session", event, session), {"q": "rina"})

    assert list(response.context["missing_page"]) == [people["rina"]]
    assert checkin_other not in response.context["missing_page"]


@pytest.mark.parametrize("size", [2, 12])
def test_attendance_pages_cost_the_same_queries_at_any_size(
    client, organiser, event, session, size, django_assert_max_num_queries
):
    for registration in factories.RegistrationFactory.create_batch(size, event=event):
        if registration.pk % 2:
            factories.CheckInFactory(registration=registration, session=session)
    factories.CheckInFactory(
        registration=factories.RegistrationFactory(event=event), session=session
    )
    client.force_login(organiser)
    pages = {
        url("attendance", event): 12,
        url("attendance_live", event): 8,
        url("attendance_session", event, session): 15,
        url("attendance_session_live", event, session): 13,
        url("attendance_matrix", event): 10,
        url("attendance_log", event): 11,
        # Exports: +2 for their audit entry (the chain's end, the insert), +1
        # for the organiser's teams.
        url("attendance_session_export", event, session, kind="present", fmt="csv"): 11,
        url("attendance_session_export", event, session, kind="missing", fmt="xlsx"): 11,
        url("attendance_session_export", event, session, kind="daftar-hadir", fmt="pdf"): 12,
        url("attendance_matrix_export", event, fmt="csv"): 12,
    }
    for target, limit in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(target).status_code == 200, target


def test_missing_export_csv_lists_only_missing_people(client, organiser, event, session, people):
    client.force_login(organiser)

    response = client.get(
        url("attendance_session_export", event, session, kind="missing", fmt="csv")
    )

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["No.", "Nama"]
    assert [row[1] for row in rows[1:]] == ["Rina Lestari"]


def test_present_export_xlsx_keeps_formulas_as_text(client, organiser, event, session, people):
    client.force_login(organiser)

    response = client.get(
        url("attendance_session_export", event, session, kind="present", fmt="xlsx")
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted(["Budi Santoso", '=HYPERLINK("x") <b>Siti</b>'])
    nips = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "198507082010011001" in nips


def test_missing_export_keeps_phone_numbers_without_an_apostrophe(
    client, organiser, event, session, people
):
    people["rina"].participant.phone = "+628134689780"
    people["rina"].participant.nip = "198507082010011002"
    people["rina"].participant.save(update_fields=["phone", "nip"])
    client.force_login(organiser)

    xlsx = client.get(url("attendance_session_export", event, session, kind="missing", fmt="xlsx"))
    csv_file = client.get(
        url("attendance_session_export", event, session, kind="missing", fmt="csv")
    )

    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    nip, phone = sheet.cell(row=2, column=3), sheet.cell(row=2, column=8)
    assert (phone.data_type, phone.value) == ("s", "+628134689780")
    assert (nip.data_type, nip.value) == ("s", "198507082010011002")
    row = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))[1]
    assert row[7] == '="+628134689780"'  # a text literal: Excel neither runs nor mangles it
    assert csv_cell_value(row[7]) == "+628134689780"
    assert csv_cell_value(row[2]) == "198507082010011002"
    assert "'" not in csv_file.content.decode("utf-8-sig")


def test_unknown_export_is_404(client, organiser, event, session):
    client.force_login(organiser)

    response = client.get(url("attendance_session_export", event, session, kind="all", fmt="xls"))

    assert response.status_code == 404


def test_daftar_hadir_pdf_lists_names_times_and_signature_lines(
    client, organiser, event, session, people
):
    client.force_login(organiser)

    response = client.get(
        url("attendance_session_export", event, session, kind="daftar-hadir", fmt="pdf")
    )

    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "DAFTAR HADIR" in text
    assert "Kebijakan Smart City" in text
    assert "Budi Santoso" in text
    assert "Rina Lestari" in text
    assert "<b>Siti</b>" in text  # markup shown literally
    assert "NIP 198507082010011001" in text
    assert "Tanda tangan" in text
    assert "1. ...." in text and "2. ...." in text
    local = timezone.localtime(CheckIn.objects.first().checked_in_at, event.tzinfo)
    assert f"{local:%H.%M}" in text
    assert "Halaman 1 dari 1" in text


@pytest.mark.parametrize(("language", "title"), [("id", "Daftar hadir"), ("en", "Attendance list")])
def test_daftar_hadir_pdf_title_follows_the_language(
    client, organiser, event, session, language, title
):
    client.force_login(organiser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(
        url("attendance_session_export", event, session, kind="daftar-hadir", fmt="pdf")
    )

    metadata = PdfReader(io.BytesIO(response.content)).metadata
    assert metadata.title == f"{title} — Kebijakan Smart City"


def test_daftar_hadir_prints_names_beyond_latin_1(client, organiser, event, session):
    factories.RegistrationFactory(
        event=event,
        participant__full_name="Nguyễn Thị Ánh Tuyết",
        participant__jabatan="Kepala Seksi Łączność",
    )
    client.force_login(organiser)

    response = client.get(
        url("attendance_session_export", event, session, kind="daftar-hadir", fmt="pdf")
    )

    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "Kepala Seksi Łączność" in text


def test_daftar_hadir_of_many_pages_repeats_the_header(client, organiser, event, session):
    factories.RegistrationFactory.create_batch(60, event=event)
    client.force_login(organiser)

    response = client.get(
        url("attendance_session_export", event, session, kind="daftar-hadir", fmt="pdf")
    )

    texts = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    with_rows = [text for text in texts if "Peserta Contoh" in text]
    assert len(with_rows) >= 2
    assert all("Tanda tangan" in text and "Waktu" in text for text in with_rows)


def test_matrix_shows_each_person_across_sessions(client, organiser, event, session, people):
    second = factories.open_session(event=event, counts_for_certificate=False)
    factories.CheckInFactory(registration=people["budi"], session=second)
    client.force_login(organiser)

    response = client.get(url("attendance_matrix", event))
    export = client.get(url("attendance_matrix_export", event, fmt="csv"))

    rows = {p.registration: p for p in response.context["people"]}
    assert rows[people["budi"]].attended == 2
    assert rows[people["budi"]].attended_counting == 1
    assert rows[people["rina"]].attended == 0
    lines = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    budi = next(line for line in lines if line[1] == "Budi Santoso")
    assert budi[-3:] == ["2", "1", str(session.jp)]


def test_scan_log_shows_refusals_with_staff_and_device(client, organiser, event, session):
    staff = factories.EventStaffFactory(event=event, user__display_name="Petugas 2").user
    checkin_record(
        session=session, staff=staff, attempt=ScanAttempt(token="Q" * 32, device="Pintu 9")
    )
    client.force_login(organiser)

    response = client.get(url("attendance_log", event), {"result": ScanResult.INVALID})

    html = response.content.decode()
    assert "Q" * 32 in html
    assert "Petugas 2" in html
    assert "Pintu 9" in html


@pytest.mark.parametrize("chosen", [str(2**70), "abc", "-1", "0"])
def test_scan_log_with_an_unknown_session_shows_every_session(
    client, organiser, event, session, chosen
):
    checkin_record(
        session=session, staff=organiser, attempt=ScanAttempt(token="Q" * 32, device="Pintu 9")
    )
    client.force_login(organiser)

    response = client.get(url("attendance_log", event), {"session": chosen})

    assert response.status_code == 200
    assert "Q" * 32 in response.content.decode()


def test_scan_log_filters_by_a_session_of_the_event(client, organiser, event, session):
    other = factories.open_session(event=event, title="Sesi lain")
    checkin_record(
        session=session, staff=organiser, attempt=ScanAttempt(token="Q" * 32, device="Pintu 9")
    )
    checkin_record(
        session=other, staff=organiser, attempt=ScanAttempt(token="R" * 32, device="Pintu 9")
    )
    client.force_login(organiser)

    response = client.get(url("attendance_log", event), {"session": str(other.pk)})

    html = response.content.decode()
    assert "R" * 32 in html
    assert "Q" * 32 not in html


def test_organiser_opens_check_in_now(client, organiser, event):
    past = factories.SessionFactory(
        event=event,
        starts_at=timezone.now() - dt.timedelta(hours=3),
        ends_at=timezone.now() - dt.timedelta(hours=2),
    )
    registration = factories.RegistrationFactory(event=event)
    client.force_login(organiser)

    response = client.post(url("attendance_session_window", event, past), {"action": "open-30"})

    assert response.status_code == 302
    answer = checkin_record(
        session=past, staff=organiser, attempt=ScanAttempt(token=registration.token)
    )
    assert answer.result == ScanResult.OK


def test_organiser_sets_window_times_in_the_event_zone(client, organiser, event, session):
    client.force_login(organiser)

    client.post(
        url("attendance_session_window", event, session),
        {"action": "set", "opens_at": "2030-07-08T07:00", "closes_at": "2030-07-08T12:00"},
    )

    session.refresh_from_db()
    override = session.checkin_override
    assert timezone.localtime(override.opens_at, event.tzinfo).hour == 7
    assert timezone.localtime(override.closes_at, event.tzinfo).hour == 12


def test_window_that_closes_before_it_opens_is_refused_with_a_message(
    client, organiser, event, session
):
    client.force_login(organiser)

    response = client.post(
        url("attendance_session_window", event, session),
        {"action": "set", "opens_at": "2030-07-08T12:00", "closes_at": "2030-07-08T07:00"},
    )

    assert response.status_code == 400
    assert "Registrasi ulang harus ditutup setelah dibuka." in response.content.decode()


def test_door_staff_may_not_change_the_window(client, door_staff, event, session):
    client.force_login(door_staff)

    response = client.post(url("attendance_session_window", event, session), {"action": "open-30"})

    assert response.status_code == 403
