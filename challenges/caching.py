"""Which changes make the challenge pages anonymous visitors get from the
cache stale (``civic.caching``): anything about a programme, theme, challenge
or its criteria."""

from civic.caching import invalidate_on

CHALLENGES = "challenges"


def connect() -> None:
    from .models import Challenge, Criterion, Programme, Theme

    invalidate_on([Programme, Theme, Challenge, Criterion], CHALLENGES)
