from django.urls import path

from evaluations.views import organiser, participant, results

app_name = "evaluations"

_event = "organiser/events/<slug:code>/evaluations/"
_one = f"{_event}<id:pk>/"

urlpatterns = [
    # Participants: the ticket's questionnaire, its autosave, the QR link.
    path(
        "tickets/<id:pk>/evaluations/<id:questionnaire>/",
        participant.AnswerView.as_view(),
        name="answer",
    ),
    path(
        "tickets/<id:pk>/evaluations/<id:questionnaire>/save/",
        participant.AnswerSaveView.as_view(),
        name="save",
    ),
    path("e/<str:code>/", participant.QuestionnaireLinkView.as_view(), name="link"),
    # Organisers.
    path(_event, organiser.QuestionnaireListView.as_view(), name="organiser_list"),
    path(f"{_event}results/", results.ResultsView.as_view(), name="results"),
    path(f"{_event}results.xlsx", results.ResultsExportView.as_view(), name="export"),
    path(f"{_event}summary.pdf", results.ResultsSummaryPdfView.as_view(), name="summary"),
    path(_one, organiser.QuestionnaireDetailView.as_view(), name="organiser_detail"),
    path(f"{_one}questions/", organiser.QuestionAddView.as_view(), name="question_add"),
    path(
        f"{_one}questions/<id:question>/<slug:action>/",
        organiser.QuestionActionView.as_view(),
        name="question_action",
    ),
    path(f"{_one}speakers/", organiser.SpeakerBlocksView.as_view(), name="speaker_blocks"),
    path(f"{_one}preview/", organiser.QuestionnairePreviewView.as_view(), name="preview"),
    path(f"{_one}qr/", organiser.QuestionnaireQrView.as_view(), name="qr"),
]
