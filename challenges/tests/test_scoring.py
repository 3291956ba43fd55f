from decimal import Decimal
from types import SimpleNamespace

from challenges.scoring import (
    disagrees,
    mean,
    spread,
    summarise,
    weighted_total,
)

# Impact 30, Feasibility 25, Team 20, Value 15, Inclusion 10 (ids 1–5).
WEIGHTS = {1: 30, 2: 25, 3: 20, 4: 15, 5: 10}


def test_all_fives_make_100_and_all_zeros_make_0():
    assert weighted_total(dict.fromkeys(WEIGHTS, 5), WEIGHTS) == Decimal("100.0")
    assert weighted_total(dict.fromkeys(WEIGHTS, 0), WEIGHTS) == Decimal("0.0")


def test_weighted_total_is_sum_of_score_times_weight_over_5():
    scores = {1: 4, 2: 3, 3: 5, 4: 2, 5: 1}
    # (120 + 75 + 100 + 30 + 10) / 5 = 67
    assert weighted_total(scores, WEIGHTS) == Decimal("67.0")


def test_weighted_total_rounds_to_one_decimal_place():
    assert weighted_total({1: 1, 2: 1}, {1: 33, 2: 34}) == Decimal("13.4")


def test_an_incomplete_set_of_scores_has_no_total():
    assert weighted_total({1: 5, 2: 5}, WEIGHTS) is None
    assert weighted_total({}, {}) is None


def test_mean_ignores_assessors_without_a_total():
    assert mean([Decimal("60"), None, Decimal("71")]) == Decimal("65.5")
    assert mean([None]) is None


def test_spread_is_highest_minus_lowest():
    assert spread([3, 5, 4]) == 2
    assert spread([]) is None


def test_a_spread_of_two_or_more_is_a_disagreement():
    assert not disagrees(None)
    assert not disagrees(1)
    assert disagrees(2)
    assert disagrees(5)


def _assignment(pk, submitted, scores):
    score_rows = [SimpleNamespace(criterion_id=c, score=s) for c, s in scores.items()]
    return SimpleNamespace(
        pk=pk,
        submitted_at="yes" if submitted else None,
        scores=SimpleNamespace(all=lambda: score_rows),
    )


def test_summary_counts_only_submitted_scores_and_flags_disagreement():
    criteria = [SimpleNamespace(pk=pk, weight_percent=w) for pk, w in WEIGHTS.items()]
    first = _assignment(1, True, {1: 5, 2: 3, 3: 3, 4: 3, 5: 3})
    second = _assignment(2, True, {1: 3, 2: 3, 3: 4, 4: 3, 5: 3})
    draft = _assignment(3, False, {1: 0, 2: 0, 3: 0, 4: 0, 5: 0})

    summary = summarise("app", criteria, [first, second, draft])

    assert summary.totals == [Decimal("72.0"), Decimal("64.0"), None]
    assert summary.mean == Decimal("68.0")
    assert [row.spread for row in summary.criteria] == [2, 0, 1, 0, 0]
    assert [row.disagreement for row in summary.criteria] == [
        True,
        False,
        False,
        False,
        False,
    ]
    assert summary.criteria[0].scores == [5, 3, None]
    assert summary.disagreement
    assert summary.submitted_count == 2
