"""The results as a workbook (organisers, the event archive). Every string
is a text cell (``bimtek.spreadsheets.xlsx_cell``): an answer typed as
"=HYPERLINK(…)" is shown, never run. Answers appear only as counts and
texts with no name: an anonymous questionnaire's are stored without any
link to a person, and nobody's answers are listed by person here."""

import io

from django.utils.translation import gettext as _

from bimtek.models import Event
from bimtek.spreadsheets import xlsx_cell
from evaluations import prepost, selectors


def _sheet(book, title: str, headers, rows) -> int:
    from openpyxl.styles import Font

    sheet = book.create_sheet(title=title[:31])
    bold = Font(bold=True)
    sheet.append([xlsx_cell(sheet, header, font=bold) for header in headers])
    count = 0
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
        count += 1
    return count


def results_xlsx(event: Event) -> tuple[bytes, int]:
    """The workbook and how many rows about people it holds (for the audit)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    personal_rows = 0
    gains, pre, post, gain = selectors.score_gains(event)
    personal_rows += _sheet(
        book,
        _("Scores"),
        [_("Name"), _("NIP"), _("Institution"), _("Pre-test"), _("Post-test"), _("Gain")],
        [
            (
                g.registration.participant.full_name,
                g.registration.participant.nip or "",
                g.registration.participant.institution.name
                if g.registration.participant.institution_id
                else "",
                g.pre,
                g.post,
                g.gain,
            )
            for g in gains
        ]
        + [(_("Average"), "", "", pre, post, gain)],
    )
    comparison = prepost.pre_post_comparison(event)
    if comparison is not None:
        _sheet(
            book,
            _("Pre vs post by topic"),
            [
                _("Topic or question"),
                _("Pre-test questions"),
                _("Post-test questions"),
                _("Pre-test, percent right"),
                _("Pre-test answers"),
                _("Post-test, percent right"),
                _("Post-test answers"),
                _("Change (points)"),
            ],
            [
                (
                    topic.label,
                    "\n".join(topic.pre_questions),
                    "\n".join(topic.post_questions),
                    topic.pre.percent,
                    topic.pre.answered,
                    topic.post.percent,
                    topic.post.answered,
                    topic.change,
                )
                for topic in comparison.topics
            ],
        )
        personal_rows += _sheet(
            book,
            _("Pre vs post by person"),
            [
                _("Name"),
                _("NIP"),
                _("Institution"),
                _("Pre-test right"),
                _("Pre-test answers"),
                _("Post-test right"),
                _("Post-test answers"),
                _("Change (points)"),
                _("Better on"),
                _("Worse on"),
            ],
            [
                (
                    p.registration.participant.full_name,
                    p.registration.participant.nip or "",
                    p.registration.participant.institution.name
                    if p.registration.participant.institution_id
                    else "",
                    p.pre.right,
                    p.pre.answered,
                    p.post.right,
                    p.post.answered,
                    p.change,
                    ", ".join(p.improved),
                    ", ".join(p.declined),
                )
                for p in comparison.people
            ],
        )
    used = {_("Scores"), _("Pre vs post by topic"), _("Pre vs post by person")}
    for index, questionnaire in enumerate(selectors.questionnaires_of(event), start=1):
        title = f"{index}. {questionnaire.get_kind_display()}"[:31]
        if title in used:
            title = f"{index}"
        used.add(title)
        rows = []
        for rate in selectors.response_rates(questionnaire):
            rows.append((_("Response rate"), rate.category, "", rate.answered, rate.registered))
        for result in selectors.question_results(questionnaire):
            question = result.question
            heading = (
                question.text if not question.speaker else f"{question.speaker}: {question.text}"
            )
            for label, count, correct in result.counts:
                rows.append(
                    (heading, label, _("correct") if correct else "", count, result.answered)
                )
            if result.average is not None:
                rows.append((heading, _("Average"), "", result.average, result.answered))
            for text in result.texts:
                rows.append((heading, text, "", "", ""))
        _sheet(
            book,
            title,
            [_("Question"), _("Answer"), _("Correct answer"), _("Count"), _("Answers")],
            rows,
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), personal_rows
