"""Deleting what we promised not to keep: the nightly retention run.

Feature apps register rules with ``civic.registry.registry.register_retention``
(``purge(now) -> int``, and the key in ``settings.CIVIC_RETENTION_DAYS`` that
holds the period). A rule's ``purge`` finds its own cut-off with ``cutoff()``
below, so the period is read in one place and a rule cannot run without one.

``run_retention()`` runs every rule, each in its own transaction (one failing
rule neither stops the others nor leaves half its work), and logs how many
records each removed. A dry run does the same work and rolls it back, so the
counts it reports are exactly what a real run would remove.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from civic.registry import RetentionRule, registry

logger = logging.getLogger("civic.retention")


def period_days(key: str) -> int | None:
    """The period for ``key`` in days; None means "keep" (the rule is off)."""
    periods = getattr(settings, "CIVIC_RETENTION_DAYS", {})
    if key not in periods:
        raise ImproperlyConfigured(
            f"settings.CIVIC_RETENTION_DAYS has no period for {key!r}"
        )
    days = periods[key]
    if days is not None and (not isinstance(days, int) or days < 0):
        raise ImproperlyConfigured(
            f"CIVIC_RETENTION_DAYS[{key!r}] must be a whole number of days or None"
        )
    return days


def cutoff(now: datetime.datetime, key: str) -> datetime.datetime:
    """Anything older than this (by the rule's own clock) is past its period."""
    days = period_days(key)
    if days is None:  # run_retention never calls a rule that is off
        raise ImproperlyConfigured(f"retention period {key!r} is off")
    return now - datetime.timedelta(days=days)


@dataclass(frozen=True)
class RuleResult:
    name: str
    removed: int | None  # None: skipped (period off) or failed
    error: str = ""

    @property
    def skipped(self) -> bool:
        return self.removed is None and not self.error


class _DryRun(Exception):
    pass


def _run_one(rule: RetentionRule, now: datetime.datetime, dry_run: bool) -> int:
    if not dry_run:
        with transaction.atomic():
            return rule.purge(now)
    removed = 0
    try:
        with transaction.atomic():
            removed = rule.purge(now)
            raise _DryRun
    except _DryRun:
        pass
    return removed


def run_retention(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    only: list[str] | None = None,
) -> list[RuleResult]:
    """Run every registered rule (or those named in ``only``); returns what
    each removed. A rule that raises is logged and reported, not re-raised,
    so the others still run; the task fails afterwards if any did."""
    now = now or timezone.now()
    rules = registry.retention_rules
    if only:
        unknown = sorted(set(only) - set(rules))
        if unknown:
            raise KeyError(f"no retention rule named {', '.join(unknown)}")
    # Read every period first: a missing setting is a configuration error to
    # fix, not something to discover half-way through a run.
    for rule in rules.values():
        period_days(rule.period_setting)
    results = []
    for name in sorted(rules):
        if only and name not in only:
            continue
        rule = rules[name]
        days = period_days(rule.period_setting)
        if days is None:
            logger.info(
                "retention %s: skipped (CIVIC_RETENTION_DAYS[%r] is None)",
                name,
                rule.period_setting,
            )
            results.append(RuleResult(name, None))
            continue
        try:
            removed = _run_one(rule, now, dry_run)
        except Exception as error:
            logger.exception("retention %s: failed", name)
            results.append(RuleResult(name, None, error=repr(error)))
            continue
        logger.info(
            "retention %s: %s %d record(s) older than %d days",
            name,
            "would remove" if dry_run else "removed",
            removed,
            days,
        )
        results.append(RuleResult(name, removed))
    return results
