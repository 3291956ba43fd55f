"""Small-number suppression for published or staff-facing counts of people.

Shared by every app that reports how many people did or said something
(Talk London's representativeness figures, support for future challenge
topics), so the rule and its wording are the same everywhere.
"""

SMALL_NUMBER = 10


def suppress(counts: list[int], threshold: int = SMALL_NUMBER) -> list[bool]:
    """Which cells of one breakdown to hide (True), by position.

    Primary: every cell under ``threshold``. Secondary: if that hides exactly
    one cell, also hide the smallest cell still shown (the first, on a tie),
    because the total is published and one hidden cell could be worked out by
    subtraction.
    """
    hidden = [count < threshold for count in counts]
    if sum(hidden) == 1 and len(counts) > 1:
        shown = [(count, i) for i, count in enumerate(counts) if not hidden[i]]
        _count, index = min(shown)
        hidden[index] = True
    return hidden
