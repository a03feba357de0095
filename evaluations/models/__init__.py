from evaluations.models.answers import Answer, Response, Submission
from evaluations.models.questionnaires import (
    LIKERT_LABELS,
    Option,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireKind,
)

__all__ = [
    "LIKERT_LABELS",
    "Answer",
    "Option",
    "Question",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireKind",
    "Response",
    "Submission",
]
