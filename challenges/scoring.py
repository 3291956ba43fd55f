"""How assessors' scores add up, for the moderation view.

An assessor's **weighted total** is ``sum(score × weight%) / 5``: each score
is out of 5 and the weights add up to 100, so the total is a score out of
100 (all fives → 100, all zeros → 0). The **mean** is the mean of the
submitted assessors' weighted totals. The **spread** of a criterion is the
highest score minus the lowest among submitted assessors; a spread of
``DISAGREEMENT_SPREAD`` or more is flagged for the panel to discuss.

Only submitted scores count: a draft may still change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .models.assessment import MAX_SCORE

DISAGREEMENT_SPREAD = 2


def weighted_total(
    scores: Mapping[int, int], weights: Mapping[int, int]
) -> Decimal | None:
    """Out of 100, to one decimal place; None unless every criterion is scored.

    ``scores`` and ``weights`` are keyed by criterion id.
    """
    if not weights or any(criterion not in scores for criterion in weights):
        return None
    points = sum(scores[criterion] * weight for criterion, weight in weights.items())
    return _one_place(Decimal(points) / MAX_SCORE)


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    present = [value for value in values if value is not None]
    if not present:
        return None
    return _one_place(sum(present, Decimal(0)) / len(present))


def spread(values: Iterable[int]) -> int | None:
    values = list(values)
    if not values:
        return None
    return max(values) - min(values)


def disagrees(spread_value: int | None) -> bool:
    return spread_value is not None and spread_value >= DISAGREEMENT_SPREAD


def _one_place(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class CriterionSummary:
    criterion: object
    scores: list[int | None]  # one per assessor column, None where not submitted
    spread: int | None = None
    disagreement: bool = False


@dataclass
class ApplicationSummary:
    """One application's row in the moderation view."""

    application: object
    assignments: list
    totals: list[Decimal | None] = field(default_factory=list)
    mean: Decimal | None = None
    criteria: list[CriterionSummary] = field(default_factory=list)

    @property
    def disagreement(self) -> bool:
        return any(row.disagreement for row in self.criteria)

    @property
    def submitted_count(self) -> int:
        return sum(1 for a in self.assignments if a.submitted_at)


def summarise(application, criteria: list, assignments: list) -> ApplicationSummary:
    """``assignments`` with their ``scores`` prefetched; no queries here."""
    weights = {criterion.pk: criterion.weight_percent for criterion in criteria}
    by_assignment: dict[int, dict[int, int]] = {}
    for assignment in assignments:
        if assignment.submitted_at:
            by_assignment[assignment.pk] = {
                score.criterion_id: score.score for score in assignment.scores.all()
            }
    summary = ApplicationSummary(application=application, assignments=assignments)
    summary.totals = [
        weighted_total(by_assignment[a.pk], weights) if a.pk in by_assignment else None
        for a in assignments
    ]
    summary.mean = mean(summary.totals)
    for criterion in criteria:
        column = [
            by_assignment[a.pk].get(criterion.pk) if a.pk in by_assignment else None
            for a in assignments
        ]
        row_spread = spread(value for value in column if value is not None)
        summary.criteria.append(
            CriterionSummary(
                criterion=criterion,
                scores=column,
                spread=row_spread,
                disagreement=disagrees(row_spread),
            )
        )
    return summary
