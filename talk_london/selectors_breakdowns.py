"""Survey results broken down by who answered: borough or any "about you"
answer, with small numbers suppressed.

One ``GROUP BY (question, answer, group)`` query per breakdown, joining each
answer to its respondent's "about you" row (see ``_grouped_answers``). Only
members' *confirmed* answers count; everyone else (not a member, no answers,
not confirmed, question left unanswered) is "Not known". Every cell leaves through
:func:`suppress_table`, built on ``representativeness.suppress``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _

from civic.models import Borough
from talk_london.models import AboutYou, Membership
from talk_london.models.about_you import PREFER_NOT_TO_SAY
from talk_london.models.surveys import (
    OPTION_KINDS,
    Answer,
    QuestionKind,
    Response,
    ResponseStatus,
    Survey,
)
from talk_london.representativeness import (
    FIELDS,
    SMALL_NUMBER,
    _choices,
    suppress,
)
from talk_london.selectors_surveys import QuestionResult, survey_results

NOT_KNOWN = "not_known"
# Numbers are broken down as a mean per group rather than one column a value.
MEAN = "mean"
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}


def breakdown_choices() -> list[tuple[str, str]]:
    """What staff can break results down by, for the form's select."""
    return [("", _("None"))] + [
        (name, str(label)) for name, (label, _enum) in FIELDS.items()
    ]


@dataclass(frozen=True)
class TableCell:
    """A count, "fewer than 10" when small, or "hidden" when it is hidden
    only so that a small one cannot be worked out (saying "fewer than 10"
    there would be untrue)."""

    count: int
    hidden: bool

    @property
    def display(self) -> str:
        if not self.hidden:
            return f"{self.count:,}"
        if self.count < SMALL_NUMBER:
            return _("fewer than %(small)s") % {"small": SMALL_NUMBER}
        return _("hidden")


@dataclass
class BreakdownRow:
    label: str
    cells: list[TableCell]
    total: TableCell  # people in this group who answered the question
    mean: str = ""  # number questions: the group's mean, if it is shown


@dataclass
class Breakdown:
    number: int
    question_text: str
    columns: list[str]
    rows: list[BreakdownRow] = field(default_factory=list)
    is_mean: bool = False


def suppress_table(
    matrix: list[list[int]],
    totals: list[int],
    threshold: int = SMALL_NUMBER,
    *,
    rows_add_up: bool = True,
) -> tuple[list[list[bool]], list[bool]]:
    """Which cells of a table (groups × answers) and of its group totals to hide.

    Primary: every count under ``threshold``. Secondary, repeated until nothing
    changes: in each group (its cells and its total), in each answer column
    (whose total is published on the results screen) and in the column of
    group totals (whose sum is published), a line with exactly one hidden cell
    gets one more (``representativeness.suppress``), so no hidden count is a
    total minus the numbers shown. ``rows_add_up=False`` (multiple choice,
    where a person counts in several cells) skips the per-group line, whose
    cells do not add up to its total.
    """
    rows, cols = len(matrix), len(matrix[0]) if matrix else 0
    hidden = [[count < threshold for count in line] for line in matrix]
    hidden_totals = [count < threshold for count in totals]

    def apply(cells: list[tuple[int, int | None]]) -> bool:
        """``cells``: (row, col) positions; col None is the row's total."""

        def value(i, j):
            if j is None:
                return 0 if hidden_totals[i] else totals[i]
            return 0 if hidden[i][j] else matrix[i][j]

        flags = suppress([value(i, j) for i, j in cells], threshold)
        changed = False
        for (i, j), hide in zip(cells, flags, strict=True):
            if not hide:
                continue
            if j is None and not hidden_totals[i]:
                hidden_totals[i] = changed = True
            elif j is not None and not hidden[i][j]:
                hidden[i][j] = changed = True
        return changed

    for _round in range(50):  # each round hides at least one more cell
        changed = False
        for i in range(rows if rows_add_up else 0):
            changed |= apply([(i, j) for j in range(cols)] + [(i, None)])
        for j in range(cols):
            changed |= apply([(i, j) for i in range(rows)])
        changed |= apply([(i, None) for i in range(rows)])
        if not changed:
            break
    return hidden, hidden_totals


def _groups(field_name: str) -> list[tuple[str, str]]:
    return [
        *[(value, str(label)) for value, label in _choices(field_name)],
        (PREFER_NOT_TO_SAY, _("Prefer not to say")),
        (NOT_KNOWN, _("Not known")),
    ]


def survey_results_broken_down(
    *, survey: Survey, field_name: str
) -> tuple[int, list[QuestionResult], dict[int, Breakdown]]:
    """``survey_results`` and ``survey_breakdowns`` from ONE pass over the
    answers: the breakdown's grouped rows, summed over the groups, are the
    overall figures too."""
    if field_name not in FIELDS:
        raise ValueError(f"not an about-you question: {field_name}")
    rows = _grouped_answers(survey=survey, field_name=field_name)
    overall: dict[tuple, dict] = {}
    for question_id, key, _group, n, first, ranks, texts in rows:
        figures = overall.setdefault(
            (question_id, key),
            {"question_id": question_id, "key": key, "n": 0, "first": 0},
        )
        figures["n"] += n
        figures["first"] += first or 0
        figures["ranks"] = (figures.get("ranks") or 0) + (ranks or 0)
        figures["texts"] = figures.get("texts", 0) + (texts or 0)
    respondents, results = survey_results(survey=survey, grouped=list(overall.values()))
    return respondents, results, _tables(field_name, rows, results)


def survey_breakdowns(
    *, survey: Survey, field_name: str, results: list[QuestionResult]
) -> dict[int, Breakdown]:
    """A suppressed breakdown table for each question that has one, keyed by
    question id (free-text questions have none). ``results`` are the survey's
    results (``survey_results``), for the questions' order and answer labels.
    """
    if field_name not in FIELDS:
        raise ValueError(f"not an about-you question: {field_name}")
    rows = _grouped_answers(survey=survey, field_name=field_name)
    return _tables(field_name, rows, results)


def _tables(field_name: str, grouped, results) -> dict[int, Breakdown]:
    groups = _groups(field_name)
    index = {value: i for i, (value, _label) in enumerate(groups)}
    not_known = index[NOT_KNOWN]
    # (question, key) -> per group [n, first]
    figures: dict[int, dict[int | None, list[list[int]]]] = {}
    for question_id, key, group, n, first, _ranks, _texts in grouped:
        g = index.get(group or NOT_KNOWN, not_known)
        per_key = figures.setdefault(question_id, {})
        counts = per_key.setdefault(key, [[0, 0] for _ in groups])
        counts[g][0] += n
        counts[g][1] += first or 0

    borough_ids: dict[str, int] = {}
    if any(r.question.kind == QuestionKind.BOROUGH for r in results):
        borough_ids = dict(Borough.objects.values_list("name", "pk"))

    tables = {}
    for result in results:
        question = result.question
        kind = question.kind
        if kind in TEXT_KINDS:
            continue
        per_key = figures.get(question.pk, {})
        if kind == QuestionKind.NUMBER:
            tables[question.pk] = _mean_table(result, per_key, groups)
            continue
        # Columns: the answers in the results screen's order.
        if kind in OPTION_KINDS:
            by_label = {o.label: o.pk for o in question.options.all()}
            keys = [by_label[row.label] for row in result.rows]
        elif kind == QuestionKind.RATING:
            keys = [int(row.label) for row in result.rows]
        else:  # borough
            keys = [borough_ids[row.label] for row in result.rows]
        cell = 1 if kind == QuestionKind.RANKING else 0  # rankings: first choices
        matrix = [
            [per_key.get(key, [[0, 0]] * len(groups))[g][cell] for key in keys]
            for g in range(len(groups))
        ]
        # Multiple choice and rankings: one row per person has rank 1 (see
        # Answer.rank). Key None: an optional question left blank.
        person = 1 if kind in (QuestionKind.MULTIPLE, QuestionKind.RANKING) else 0
        totals = [
            sum(c[g][person] for key, c in per_key.items() if key is not None)
            for g in range(len(groups))
        ]
        hidden, hidden_totals = suppress_table(
            matrix, totals, rows_add_up=kind != QuestionKind.MULTIPLE
        )
        table = Breakdown(
            number=result.number,
            question_text=question.text,
            columns=[row.label for row in result.rows],
        )
        for g, (_value, label) in enumerate(groups):
            table.rows.append(
                BreakdownRow(
                    label=label,
                    cells=[
                        TableCell(count, hide)
                        for count, hide in zip(matrix[g], hidden[g], strict=True)
                    ],
                    total=TableCell(totals[g], hidden_totals[g]),
                )
            )
        tables[question.pk] = table
    return tables


def _grouped_answers(*, survey: Survey, field_name: str) -> list[tuple]:
    """``(question, answer key, group, answers, rank-1 answers, sum of ranks,
    written answers)`` rows for every answer in the survey's sent responses.

    Written in SQL because of the join's shape: each submitted response gets
    its group first (about 50,000 rows joined straight to ``AboutYou`` and
    ``Membership`` by user id), and only then are the answers (about 870,000)
    joined to that, once. The ORM would join every answer through
    ``civic_user``, ``AboutYou`` and ``Membership`` (four hash joins over all
    answers; 1.1 s against 0.4 s on the benchmark). The column name comes
    from ``FIELDS`` (checked by the caller), never from the request.
    """
    column = AboutYou._meta.get_field(field_name).column
    # PostgreSQL would otherwise fold the per-response step back into one
    # big join; MATERIALIZED keeps it a 50,000-row hash table.
    materialized = "MATERIALIZED" if connection.vendor == "postgresql" else ""
    sql = f"""
        WITH g AS {materialized} (
            SELECT r.id,
                   CASE WHEN ay.confirmed_at IS NOT NULL AND m.id IS NOT NULL
                        THEN ay.{column} ELSE '' END AS grp
            FROM {Response._meta.db_table} r
            LEFT OUTER JOIN {AboutYou._meta.db_table} ay ON ay.user_id = r.user_id
            LEFT OUTER JOIN {Membership._meta.db_table} m ON m.user_id = r.user_id
            WHERE r.survey_id = %s AND r.status = %s
        )
        SELECT a.question_id,
               COALESCE(a.option_id, a.number_value, a.borough_id),
               g.grp,
               COUNT(*),
               SUM(CASE WHEN a.rank = 1 THEN 1 ELSE 0 END),
               SUM(a.rank),
               SUM(CASE WHEN a.text_value = '' THEN 0 ELSE 1 END)
        FROM {Answer._meta.db_table} a
        INNER JOIN g ON g.id = a.response_id
        GROUP BY 1, 2, 3
    """  # noqa: S608 - table and column names from the models, not the request
    with connection.cursor() as cursor:
        cursor.execute(sql, [survey.pk, ResponseStatus.SUBMITTED])
        return cursor.fetchall()


def _mean_table(result, per_key, groups) -> Breakdown:
    """Number questions: how many in each group answered, and their mean
    (shown only where the group's count is)."""
    totals = [
        sum(counts[g][0] for key, counts in per_key.items() if key is not None)
        for g in range(len(groups))
    ]
    sums = [
        sum(key * counts[g][0] for key, counts in per_key.items() if key is not None)
        for g in range(len(groups))
    ]
    hidden = suppress(totals)
    table = Breakdown(
        number=result.number,
        question_text=result.question.text,
        columns=[],
        is_mean=True,
    )
    for g, (_value, label) in enumerate(groups):
        shown = not hidden[g]
        table.rows.append(
            BreakdownRow(
                label=label,
                cells=[],
                total=TableCell(totals[g], not shown),
                mean=f"{sums[g] / totals[g]:.1f}" if shown and totals[g] else "",
            )
        )
    return table
