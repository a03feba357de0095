"""A participant answering a questionnaire on their phone, from the ticket
page or the QR code on the projector."""

import json

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from evaluations.errors import EvaluationError
from evaluations.models import Questionnaire, Submission
from evaluations.selectors import post_test_started
from evaluations.services import answers as services
from evaluations.views.common import answer_rows
from participants.models import Registration
from participants.models.registrations import RegistrationStatus

MAX_BODY = 64 * 1024


def _form_answers(request, questions) -> dict:
    """The answers of a posted page (no script: the whole form at once)."""
    answers = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.is_choice:
            answers[str(question.pk)] = request.POST.getlist(name)
        else:
            answers[str(question.pk)] = request.POST.get(name, "")
    return answers


class AnswerMixin(PermissionRequiredMixin):
    """The ticket's holder only (``evaluations.answer``); anyone else's
    ticket or a questionnaire of another event answers 404."""

    permission_required = "evaluations.answer"

    def get_registration(self) -> Registration:
        if not hasattr(self, "_registration"):
            self._registration = get_object_or_404(
                Registration.objects.select_related("event", "participant"), pk=self.kwargs["pk"]
            )
        return self._registration

    def get_questionnaire(self) -> Questionnaire:
        if not hasattr(self, "_questionnaire"):
            self._questionnaire = get_object_or_404(
                Questionnaire.objects.select_related("bank"),
                pk=self.kwargs["questionnaire"],
                event_id=self.get_registration().event_id,
            )
        return self._questionnaire

    def get_permission_object(self):
        return self.get_registration()

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()


class AnswerView(AnswerMixin, TemplateView):
    """The ticket's holder. The questionnaire, with the answers kept so far;
    a script saves each answer as it is given (answer_save.js), and the form
    works without it (POST: save, or send with ``submit``)."""

    template_name = "evaluations/questionnaire_answer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        registration, questionnaire = self.get_registration(), self.get_questionnaire()
        submission = Submission.objects.filter(
            questionnaire=questionnaire, registration=registration
        ).first()
        values = kwargs.get("values")
        if values is None:
            values = submission.draft if submission else {}
            if submission and submission.is_submitted and not values:
                values = {}
        questions = services.questions_of(questionnaire)
        state = questionnaire.state()
        locked = submission is not None and submission.is_submitted and questionnaire.anonymous
        pre_test_closed = post_test_started(questionnaire, registration)
        context.update(
            registration=registration,
            questionnaire=questionnaire,
            event=registration.event,
            submission=submission,
            rows=answer_rows(questions, values),
            state=state,
            editable=state == "open"
            and registration.status == RegistrationStatus.APPROVED
            and not locked
            and not pre_test_closed,
            pre_test_closed=pre_test_closed,
            save_url=reverse(
                "evaluations:save",
                kwargs={"pk": registration.pk, "questionnaire": questionnaire.pk},
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        registration, questionnaire = self.get_registration(), self.get_questionnaire()
        questions = services.questions_of(questionnaire)
        answers = _form_answers(request, questions)
        try:
            if "submit" in request.POST:
                submission = services.submission_submit(
                    questionnaire=questionnaire,
                    registration=registration,
                    answers=answers,
                    questions=questions,
                )
                messages.success(request, _("Thank you, your answers were sent."))
                if submission.score is not None and questionnaire.show_score:
                    messages.info(
                        request,
                        _("Your score: %(score)s of 100.")
                        % {"score": number_format(submission.score, decimal_pos=1)},
                    )
                return redirect("participants:ticket_detail", pk=registration.pk)
            services.answer_save(
                questionnaire=questionnaire,
                registration=registration,
                answers=answers,
                questions=questions,
            )
            messages.success(request, _("Your answers are saved; send them when you are done."))
            return redirect(request.path)
        except EvaluationError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(values=None), status=400)


class AnswerSaveView(AnswerMixin, View):
    """The ticket's holder. One or more answers saved as they are given
    (JSON ``{"answers": {question id: value}}``), by answer_save.js."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if len(request.body) > MAX_BODY:
            return JsonResponse({"ok": False, "message": _("Too much at once.")}, status=413)
        try:
            body = json.loads(request.body or b"{}")
            answers = body["answers"]
            if not isinstance(answers, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return JsonResponse({"ok": False, "message": _("Malformed request.")}, status=400)
        try:
            services.answer_save(
                questionnaire=self.get_questionnaire(),
                registration=self.get_registration(),
                answers=answers,
            )
        except EvaluationError as error:
            return JsonResponse(
                {"ok": False, "code": error.code, "message": error.message}, status=400
            )
        return JsonResponse({"ok": True})


class QuestionnaireLinkView(LoginRequiredMixin, View):
    """Anyone signed in, with the link (the QR on the projector): on to their
    own ticket's questionnaire; someone without a ticket of the event is told so."""

    def get(self, request, *args, **kwargs):
        questionnaire = get_object_or_404(Questionnaire, code=kwargs["code"][:32])
        registrations = list(
            Registration.objects.filter(
                event_id=questionnaire.event_id, participant__user=request.user
            ).order_by("pk")
        )
        approved = [r for r in registrations if r.status == RegistrationStatus.APPROVED]
        registration = (approved or registrations or [None])[0]
        if registration is None:
            messages.error(request, _("You have no ticket for this event."))
            return redirect("participants:ticket_list")
        return redirect("evaluations:answer", pk=registration.pk, questionnaire=questionnaire.pk)
