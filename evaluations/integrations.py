"""What evaluations adds to lower apps' pages through their registries
(registered in EvaluationsConfig.ready()): the organiser's "Evaluasi" tab,
the questionnaires on each ticket, the certificate's extra step, the copy
of the questionnaires when an event is cloned, the person's own scores in
"My data"."""

from django.utils.translation import gettext_lazy as _

from bimtek import extensions
from certificates import extensions as certificate_extensions
from evaluations.models import Submission
from evaluations.panels import ticket_panel_context
from evaluations.selectors import certificate_step_states
from participants import extensions as participant_extensions

AUDIT_ACTIONS = {
    "evaluation.create": _("Questionnaire created"),
    "evaluation.update": _("Questionnaire changed"),
    "evaluation.question_add": _("Question added"),
    "evaluation.question_delete": _("Question deleted"),
    "evaluation.options": _("Options of a question changed"),
    "evaluation.rescore": _("Test re-scored"),
    "evaluation.copy": _("Questionnaire copied"),
    "export.evaluations": _("Evaluation results downloaded"),
}


def copy_questionnaires(*, source, event, days, actor) -> None:
    """A cloned event keeps its questionnaires (inside the clone's transaction)."""
    from evaluations.services.questionnaires import questionnaires_copy

    questionnaires_copy(actor=actor, source=source, event=event, days=days)


def own_submissions(participant) -> list[dict]:
    """ "My data": which questionnaires the person sent and their scores
    (the answers of an anonymous questionnaire are nobody's)."""
    rows = Submission.objects.filter(registration__participant=participant).select_related(
        "questionnaire__event"
    )
    return [
        {
            "event": submission.questionnaire.event.code,
            "questionnaire": submission.questionnaire.title,
            "submitted_at": submission.submitted_at.isoformat()
            if submission.submitted_at
            else None,
            "score": str(submission.score) if submission.score is not None else None,
        }
        for submission in rows.order_by("id")
    ]


def register() -> None:
    extensions.audit_labels_register(
        kinds=[("evaluation", _("Evaluations"), 90)], actions=AUDIT_ACTIONS
    )
    extensions.event_links.register(
        extensions.EventLink(
            key="evaluations",
            label=_("Evaluation"),
            url_name="evaluations:organiser_list",
            permission="evaluations.manage_evaluations",
            icon="bi-clipboard-check",
            order=70,
        )
    )
    extensions.event_clone_listeners.register(
        extensions.EventCloneListener(key="questionnaires", on_clone=copy_questionnaires)
    )
    participant_extensions.ticket_panels.register(
        participant_extensions.TicketPanel(
            key="evaluations",
            template_name="evaluations/_ticket_panel.html",
            context=ticket_panel_context,
            order=40,
        )
    )
    participant_extensions.personal_data_sections.register(
        participant_extensions.PersonalDataSection(
            key="evaluations", rows=own_submissions, order=30
        )
    )
    certificate_extensions.eligibility_steps.register(
        certificate_extensions.EligibilityStep(
            key="evaluations", states=certificate_step_states, order=10
        )
    )
