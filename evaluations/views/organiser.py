"""Organiser pages of an event's questionnaires (Panitia): build, preview,
copy from another event."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from bimtek.forms import ServiceErrorMixin
from bimtek.selectors import events_for_organiser
from bimtek.views.organiser import OrganiserEventMixin
from evaluations import selectors
from evaluations.errors import EvaluationError
from evaluations.forms import (
    CopyForm,
    OptionsForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireForm,
    TopicForm,
)
from evaluations.models import Question, Questionnaire
from evaluations.services import answers as answer_services
from evaluations.services import questionnaires as services
from evaluations.views.common import answer_rows, qr_svg


class EvaluationEventMixin(OrganiserEventMixin):
    """Organisers of the event (``evaluations.manage_evaluations``)."""

    permission_required = "evaluations.manage_evaluations"
    event_tab = "evaluations"

    def get_questionnaire(self) -> Questionnaire:
        if not hasattr(self, "_questionnaire"):
            self._questionnaire = get_object_or_404(
                Questionnaire.objects.select_related("bank"),
                pk=self.kwargs["pk"],
                event=self.get_event(),
            )
        return self._questionnaire

    def detail_url(self) -> str:
        return reverse(
            "evaluations:organiser_detail",
            kwargs={"code": self.get_event().code, "pk": self.get_questionnaire().pk},
        )

    def list_url(self) -> str:
        return reverse("evaluations:organiser_list", kwargs={"code": self.get_event().code})


def _copy_sources(user, event):
    return events_for_organiser(user).exclude(pk=event.pk).filter(questionnaires__isnull=False)


class QuestionnaireListView(ServiceErrorMixin, EvaluationEventMixin, TemplateView):
    """Organisers. The event's questionnaires; create one, or copy them from
    another event of the organiser's teams."""

    template_name = "evaluations/questionnaire_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.get_event()
        context["questionnaires"] = selectors.questionnaires_of(event)
        context.setdefault("form", QuestionnaireCreateForm())
        sources = _copy_sources(self.request.user, event).distinct()
        context.setdefault("copy_form", CopyForm(events=sources) if sources else None)
        return context

    def post(self, request, *args, **kwargs):
        event = self.get_event()
        if "source" in request.POST:
            return self._copy(request, event)
        form = QuestionnaireCreateForm(request.POST)
        if form.is_valid():
            questionnaire = self.run_service(
                form,
                services.questionnaire_create,
                actor=request.user,
                event=event,
                kind=form.cleaned_data["kind"],
                bank_pre_test=form.cleaned_data["bank_pre_test"],
            )
            if questionnaire is not None:
                messages.success(request, _("Questionnaire created."))
                return redirect(
                    "evaluations:organiser_detail", code=event.code, pk=questionnaire.pk
                )
        return self.render_to_response(self.get_context_data(form=form))

    def _copy(self, request, event):
        sources = _copy_sources(request.user, event).distinct()
        form = CopyForm(request.POST, events=sources)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(copy_form=form))
        source = sources.get(code=form.cleaned_data["source"])
        count = services.questionnaires_copy(actor=request.user, source=source, event=event)
        messages.success(request, _("%(count)s questionnaires copied.") % {"count": count})
        return redirect(self.list_url())


class QuestionnaireDetailView(ServiceErrorMixin, EvaluationEventMixin, TemplateView):
    """Organisers. A questionnaire's settings and questions."""

    template_name = "evaluations/questionnaire_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        context.update(
            questionnaire=questionnaire,
            questions=answer_services.questions_of(questionnaire),
            answered=questionnaire.responses.exists(),
            link=self.request.build_absolute_uri(
                reverse("evaluations:link", kwargs={"code": questionnaire.code})
            ),
        )
        context.setdefault("form", QuestionnaireForm(instance=questionnaire))
        context.setdefault("question_form", QuestionForm(questionnaire=questionnaire))
        return context

    def post(self, request, *args, **kwargs):
        questionnaire = self.get_questionnaire()
        form = QuestionnaireForm(
            request.POST, instance=Questionnaire.objects.get(pk=questionnaire.pk)
        )
        if form.is_valid():
            saved = self.run_service(
                form,
                services.questionnaire_update,
                actor=request.user,
                questionnaire=questionnaire,
                **form.service_data(),
            )
            if saved is not None:
                messages.success(request, _("Questionnaire saved."))
                return redirect(self.detail_url())
        return self.render_to_response(self.get_context_data(form=form))


class QuestionAddView(ServiceErrorMixin, EvaluationEventMixin, TemplateView):
    """Organisers. Add a question (POST)."""

    template_name = "evaluations/questionnaire_detail.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        questionnaire = self.get_questionnaire()
        form = QuestionForm(request.POST, questionnaire=questionnaire)
        if form.is_valid():
            question = self.run_service(
                form,
                services.question_add,
                actor=request.user,
                questionnaire=questionnaire,
                **form.cleaned_data,
            )
            if question is not None:
                messages.success(request, _("Question added."))
                return redirect(self.detail_url() + "#questions")
        view = QuestionnaireDetailView(request=request, kwargs=self.kwargs, args=())
        view._event, view._questionnaire = self.get_event(), questionnaire
        return view.render_to_response(view.get_context_data(question_form=form))


class QuestionActionView(EvaluationEventMixin, View):
    """Organisers. Move, duplicate, delete a question or change its options
    or its topic (POST)."""

    ACTIONS = ("up", "down", "duplicate", "delete", "options", "topic")

    def post(self, request, *args, **kwargs):
        questionnaire = self.get_questionnaire()
        question = get_object_or_404(
            Question, pk=self.kwargs["question"], questionnaire=questionnaire
        )
        action = self.kwargs["action"]
        if action not in self.ACTIONS:
            raise Http404
        try:
            if action in ("up", "down"):
                services.question_move(actor=request.user, question=question, up=action == "up")
            elif action == "duplicate":
                services.question_duplicate(actor=request.user, question=question)
                messages.success(request, _("Question duplicated."))
            elif action == "delete":
                services.question_delete(actor=request.user, question=question)
                messages.success(request, _("Question deleted."))
            elif action == "topic":
                form = TopicForm(request.POST)
                if not form.is_valid():
                    raise EvaluationError(_("A topic has at most 100 characters."), code="topic")
                services.question_set_topic(
                    actor=request.user, question=question, topic=form.cleaned_data["topic"]
                )
                messages.success(request, _("Topic saved."))
            else:
                form = OptionsForm(request.POST)
                if not form.is_valid():
                    raise EvaluationError(_("Write the options, one a line."), code="options")
                services.question_set_options(
                    actor=request.user,
                    question=question,
                    options=form.cleaned_data["options"],
                    rescore=form.cleaned_data["rescore"],
                )
                messages.success(request, _("Options saved."))
        except EvaluationError as error:
            messages.error(request, error.message)
        return redirect(self.detail_url() + "#questions")


class SpeakerBlocksView(EvaluationEventMixin, View):
    """Organisers. Add a block of questions per speaker of the agenda (POST)."""

    def post(self, request, *args, **kwargs):
        try:
            added = services.speaker_blocks_generate(
                actor=request.user, questionnaire=self.get_questionnaire()
            )
        except EvaluationError as error:
            messages.error(request, error.message)
        else:
            if added:
                messages.success(request, _("%(count)s questions added.") % {"count": added})
            else:
                messages.info(
                    request,
                    _(
                        "Every speaker of the agenda has a block already (speakers are read "
                        "from the sessions)."
                    ),
                )
        return redirect(self.detail_url() + "#questions")


class QuestionnairePreviewView(EvaluationEventMixin, TemplateView):
    """Organisers. The questionnaire as a participant sees it (nothing is sent)."""

    template_name = "evaluations/questionnaire_answer.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        context.update(
            questionnaire=questionnaire,
            rows=answer_rows(answer_services.questions_of(questionnaire), {}),
            preview=True,
            state=questionnaire.state(),
        )
        return context


class QuestionnaireQrView(EvaluationEventMixin, TemplateView):
    """Organisers. The questionnaire's link as a large QR code, for the projector."""

    template_name = "evaluations/questionnaire_qr.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        questionnaire = self.get_questionnaire()
        link = self.request.build_absolute_uri(
            reverse("evaluations:link", kwargs={"code": questionnaire.code})
        )
        context.update(questionnaire=questionnaire, link=link, qr=qr_svg(link))
        return context
