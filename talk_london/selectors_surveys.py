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


# --- Results ---------------------------------------------------------------------


@dataclass
class Row:
    label: str
    count: int
    percent: int  # of the people who answered the question
    first_choice: int | None = None
    average_rank: float | None = None

    @property
    def bar_class(self) -> str:
        """A width utility class, in steps of 5 (no inline style: the CSP)."""
        return f"tl-bar--{int(round(self.percent / 5) * 5)}"


@dataclass
class QuestionResult:
    number: int
    question: Question
    answered: int
    rows: list[Row] = field(default_factory=list)
    mean: float | None = None


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def survey_results(*, survey: Survey) -> tuple[int, list[QuestionResult]]:
    """Counts, percentages, means and ranks for every question, all computed
    by the database: a fixed number of GROUP BY queries whatever the number of
    responses (questions, options, and five aggregates)."""
    from django.db.models import Avg, Count, Q

    from talk_london.models.surveys import QuestionKind, ResponseStatus

    questions = list(
        Question.objects.filter(survey=survey)
        .order_by("sort_order", "pk")
        .prefetch_related(
            Prefetch(
                "options", queryset=QuestionOption.objects.order_by("position", "pk")
            )
        )
    )
    submitted = Answer.objects.filter(
        response__survey=survey, response__status=ResponseStatus.SUBMITTED
    )
    respondents = survey.responses.filter(status=ResponseStatus.SUBMITTED).count()
    real = (
        Q(option__isnull=False)
        | ~Q(text_value="")
        | Q(number_value__isnull=False)
        | Q(borough__isnull=False)
    )
    answered = dict(
        submitted.filter(real)
        .values("question_id")
        .annotate(people=Count("response_id", distinct=True))
        .values_list("question_id", "people")
        .order_by()
    )
    by_option = {
        row["option_id"]: row
        for row in submitted.filter(option__isnull=False)
        .values("option_id")
        .annotate(
            n=Count("id"),
            first=Count("id", filter=Q(rank=1)),
            avg_rank=Avg("rank"),
        )
        .order_by()
    }
    numbers = {
        row["question_id"]: row["mean"]
        for row in submitted.filter(number_value__isnull=False)
        .values("question_id")
        .annotate(mean=Avg("number_value"))
        .order_by()
    }
    scale_counts: dict[int, dict[int, int]] = {}
    for row in (
        submitted.filter(number_value__isnull=False, question__kind=QuestionKind.RATING)
        .values("question_id", "number_value")
        .annotate(n=Count("id"))
        .order_by()
    ):
        scale_counts.setdefault(row["question_id"], {})[row["number_value"]] = row["n"]
    borough_counts: dict[int, list[tuple[str, int]]] = {}
    for row in (
        submitted.filter(borough__isnull=False)
        .values("question_id", "borough__name")
        .annotate(n=Count("id"))
        .order_by("question_id", "-n", "borough__name")
    ):
        borough_counts.setdefault(row["question_id"], []).append(
            (row["borough__name"], row["n"])
        )

    results = []
    for number, question in enumerate(questions, start=1):
        total = answered.get(question.pk, 0)
        result = QuestionResult(number=number, question=question, answered=total)
        if question.kind in (QuestionKind.NUMBER, QuestionKind.RATING):
            result.mean = numbers.get(question.pk)
        if question.kind == QuestionKind.RATING:
            low, high = question.scale
            counts = scale_counts.get(question.pk, {})
            result.rows = [
                Row(str(v), counts.get(v, 0), _percent(counts.get(v, 0), total))
                for v in range(low, high + 1)
            ]
        elif question.kind == QuestionKind.BOROUGH:
            result.rows = [
                Row(name, n, _percent(n, total))
                for name, n in borough_counts.get(question.pk, [])
            ]
        else:
            for opt in question.options.all():
                stats = by_option.get(opt.pk)
                if not opt.is_active and not stats:
                    continue
                n = stats["n"] if stats else 0
                row = Row(opt.label, n, _percent(n, total))
                if question.kind == QuestionKind.RANKING:
                    row.first_choice = stats["first"] if stats else 0
                    row.average_rank = stats["avg_rank"] if stats else None
                    row.percent = _percent(row.first_choice, total)
                result.rows.append(row)
            if question.kind == QuestionKind.RANKING:
                result.rows.sort(key=lambda r: (r.average_rank is None, r.average_rank))
        results.append(result)
    return respondents, results
