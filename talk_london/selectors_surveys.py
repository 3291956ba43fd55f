"""Reads for the survey journey and results, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from talk_london.models.surveys import (
    Answer,
    Question,
    QuestionOption,
    Response,
    Survey,
)
from talk_london.services.surveys import _is_real_answer, applicable_questions


@dataclass
class Journey:
    """One person's place in one survey."""

    survey: Survey
    response: Response | None
    questions: list[Question]
    answers: dict[int, list[Answer]] = field(default_factory=dict)

    @property
    def shown(self) -> list[Question]:
        chosen = {
            a.option_id for rows in self.answers.values() for a in rows if a.option_id
        }
        return applicable_questions(self.questions, chosen)

    def is_answered(self, question: Question) -> bool:
        return question.pk in self.answers

    def has_real_answer(self, question: Question) -> bool:
        return any(_is_real_answer(a) for a in self.answers.get(question.pk, []))

    def next_unanswered(self, after: Question | None = None) -> Question | None:
        shown = self.shown
        start = 0
        if after is not None and after in shown:
            start = shown.index(after) + 1
        for question in shown[start:]:
            if not self.is_answered(question):
                return question
        return None

    def first_unanswered(self) -> Question | None:
        return self.next_unanswered()


def journey_load(*, survey: Survey, user) -> Journey:
    questions = list(
        Question.objects.filter(survey=survey)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "options",
                queryset=QuestionOption.objects.filter(is_active=True).order_by(
                    "position", "pk"
                ),
            )
        )
    )
    response = Response.objects.filter(survey=survey, user=user).first()
    answers: dict[int, list[Answer]] = {}
    if response is not None:
        rows = (
            Answer.objects.filter(response=response)
            .select_related("option", "borough")
            .order_by("question_id", "rank", "option__position")
        )
        for row in rows:
            answers.setdefault(row.question_id, []).append(row)
    return Journey(
        survey=survey, response=response, questions=questions, answers=answers
    )
