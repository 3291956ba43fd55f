"""Reads for the survey journey and results, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from talk_london.models.surveys import (
    OPTION_KINDS,
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


def survey_results(
    *,
    survey: Survey,
    grouped: list[dict] | None = None,
    respondents: int | None = None,
) -> tuple[int, list[QuestionResult]]:
    """Counts, percentages, means and ranks for every question, computed by
    the database in a fixed number of queries whatever the number of
    responses: one GROUP BY pass over the answers gives a few hundred grouped
    rows at most (per option, per number given, per borough), from which the
    figures are summed; multiple choice needs one more (COUNT DISTINCT people).
    """
    from django.db.models import BigIntegerField, Count, Q, Sum
    from django.db.models.functions import Coalesce

    from civic.models import Borough
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
    if respondents is None:  # (the results screen sums it from responses by day)
        respondents = survey.responses.filter(status=ResponseStatus.SUBMITTED).count()
    # A row sets at most one of option, number and borough, and a question
    # uses only one of them, so (question, the one that is set) is the group.
    # One key rather than three also lets PostgreSQL estimate the number of
    # groups well and aggregate in a hash table instead of sorting.
    groups = grouped
    if groups is None:
        groups = (
            Answer.objects.filter(
                question_id__in=[q.pk for q in questions],
                response__status=ResponseStatus.SUBMITTED,
            )
            .values(
                "question_id",
                key=Coalesce(
                    "option_id",
                    "number_value",
                    "borough_id",
                    output_field=BigIntegerField(),
                ),
            )
            .annotate(
                n=Count("id"),
                first=Count("id", filter=Q(rank=1)),
                ranks=Sum("rank"),
                texts=Count("id", filter=~Q(text_value="")),
            )
            .order_by()
        )

    # Fold the grouped rows into per-question figures (no response is loaded).
    kinds = {q.pk: q.kind for q in questions}
    answered: dict[int, int] = {}
    first: dict[int, int] = {}
    by_option: dict[int, dict] = {}
    values: dict[int, dict[int, int]] = {}
    for row in groups:
        qid, key, n = row["question_id"], row["key"], row["n"]
        first[qid] = first.get(qid, 0) + row["first"]
        if key is None:  # text answers, and optional questions left blank
            answered[qid] = answered.get(qid, 0) + row["texts"]
            continue
        answered[qid] = answered.get(qid, 0) + n
        if kinds[qid] in OPTION_KINDS:
            by_option[key] = {"n": n, "first": row["first"], "ranks": row["ranks"]}
        else:
            values.setdefault(qid, {})[key] = n
    borough_ids = [q.pk for q in questions if q.kind == QuestionKind.BOROUGH]
    borough_names = Borough.names_by_pk() if borough_ids else {}

    results = []
    for number, question in enumerate(questions, start=1):
        kind = question.kind
        if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING):
            # One row per person has rank 1 (see Answer.rank).
            total = first.get(question.pk, 0)
        else:
            total = answered.get(question.pk, 0)
        result = QuestionResult(number=number, question=question, answered=total)
        if kind in (QuestionKind.NUMBER, QuestionKind.RATING):
            counts = values.get(question.pk, {})
            given = sum(counts.values())
            if given:
                result.mean = sum(v * n for v, n in counts.items()) / given
        if kind == QuestionKind.RATING:
            low, high = question.scale
            counts = values.get(question.pk, {})
            result.rows = [
                Row(str(v), counts.get(v, 0), _percent(counts.get(v, 0), total))
                for v in range(low, high + 1)
            ]
        elif kind == QuestionKind.BOROUGH:
            counts = values.get(question.pk, {})
            result.rows = sorted(
                (
                    Row(borough_names[pk], n, _percent(n, total))
                    for pk, n in counts.items()
                ),
                key=lambda r: (-r.count, r.label),
            )
        else:
            for opt in question.options.all():
                stats = by_option.get(opt.pk)
                if not opt.is_active and not stats:
                    continue
                n = stats["n"] if stats else 0
                row = Row(opt.label, n, _percent(n, total))
                if kind == QuestionKind.RANKING:
                    row.first_choice = stats["first"] if stats else 0
                    row.average_rank = stats["ranks"] / n if n else None
                    row.percent = _percent(row.first_choice, total)
                result.rows.append(row)
            if kind == QuestionKind.RANKING:
                result.rows.sort(key=lambda r: (r.average_rank is None, r.average_rank))
        results.append(result)
    return respondents, results


def responses_by_day(*, survey: Survey) -> list[tuple]:
    """(day, responses sent that day), oldest first: one GROUP BY query."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from talk_london.models.surveys import ResponseStatus

    return list(
        survey.responses.filter(status=ResponseStatus.SUBMITTED)
        .annotate(day=TruncDate("submitted_at"))
        .values("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
        .order_by("day")
    )


def text_answers(*, question: Question, search: str = ""):
    """Written answers to one question from sent responses, newest first."""
    from talk_london.models.surveys import ResponseStatus

    answers = (
        Answer.objects.filter(
            question=question, response__status=ResponseStatus.SUBMITTED
        )
        .exclude(text_value="")
        .order_by("-response__submitted_at", "-pk")
        .only("text_value", "response_id")
    )
    if search:
        answers = answers.filter(text_value__icontains=search)
    return answers
