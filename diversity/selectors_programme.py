"""The Digital Talent Programme's figures for programme managers: counted in
the database (a fixed number of queries, however many applications), and
every count of people suppressed below ``civic.disclosure.SMALL_NUMBER``.

Nothing here returns a person: only counts, and shares worked out from counts
that are themselves big enough to show.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from civic.disclosure import SMALL_NUMBER, suppress
from civic.equality import BAME_GROUPS, EthnicGroup, Sex
from diversity.models import Application, Outcome, ProgrammeTarget

COUNTS = ("applicants", "starts", "completions", "progressed")
# A good outcome: what the programme is for.
PROGRESSED_KINDS = [
    Outcome.Kind.JOB,
    Outcome.Kind.APPRENTICESHIP,
    Outcome.Kind.FURTHER_STUDY,
]
KNOWN_ETHNIC_GROUPS = [EthnicGroup.WHITE, *BAME_GROUPS]


@dataclass(frozen=True)
class Figure:
    """A count of people, or None when it is suppressed."""

    count: int | None
    small: bool = False  # under SMALL_NUMBER; otherwise hidden only to protect one

    @classmethod
    def of(cls, count: int, hidden: bool | None = None) -> Figure:
        small = count < SMALL_NUMBER
        if hidden is None:
            hidden = small
        return cls(count=None if hidden else count, small=small)

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def display(self) -> str:
        if self.count is not None:
            return f"{self.count:,}"
        if self.small:
            return _("fewer than %(small)s") % {"small": SMALL_NUMBER}
        return _("hidden")

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Share:
    """A percentage; not shown when its numerator or denominator is suppressed,
    nor when the rest (denominator minus numerator) is under ``SMALL_NUMBER``:
    91.7% of 12 people who answered says that one of them is a man, a count
    the primary rule would have hidden."""

    numerator: Figure
    denominator: Figure
    target: int | None = None

    @property
    def percent(self) -> float | None:
        if self.numerator.suppressed or self.denominator.suppressed:
            return None
        if not self.denominator.count:
            return None
        if self.denominator.count - self.numerator.count < SMALL_NUMBER:
            return None
        return round(100 * self.numerator.count / self.denominator.count, 1)

    @property
    def display(self) -> str:
        percent = self.percent
        if percent is None:
            return _("not shown")
        return f"{percent:g}%"

    def __str__(self) -> str:
        return self.display


@dataclass(frozen=True)
class Row:
    label: str
    applicants: Figure
    starts: Figure
    completions: Figure
    progressed: Figure  # in a job, apprenticeship or further study at 6 months
    women: Share
    bame: Share


@dataclass(frozen=True)
class OutcomeRow:
    months: int
    label: str
    figure: Figure


@dataclass
class Dashboard:
    year: ProgrammeTarget | None
    totals: Row
    by_provider: list[Row] = field(default_factory=list)
    by_borough: list[Row] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)


def programme_years() -> list[ProgrammeTarget]:
    return list(ProgrammeTarget.objects.order_by("-starts_on"))


def current_year(
    years: list[ProgrammeTarget], today: datetime.date | None = None
) -> ProgrammeTarget | None:
    today = today or timezone.localdate()
    for year in years:
        if year.starts_on <= today <= year.ends_on:
            return year
    return years[0] if years else None


def _measures(today: datetime.date) -> dict:
    """Each count is of distinct applications: the outcomes join gives an
    application one row per outcome recorded (3 and 6 months)."""
    started = Q(status=Application.Status.ACCEPTED, cohort__starts_on__lte=today)
    monitoring = "equality_monitoring__"

    def count(condition: Q) -> Count:
        return Count("pk", filter=condition, distinct=True)

    return {
        # People, not applications, including those who have since deleted
        # their account (diversity.personal_data).
        "applicants": Count("applicant", distinct=True)
        + Count("former_applicant", distinct=True),
        "starts": count(started),
        "completions": count(Q(completion=Application.Completion.COMPLETED)),
        "progressed": count(
            Q(outcomes__months_after=6, outcomes__kind__in=PROGRESSED_KINDS)
        ),
        "women": count(started & Q(**{f"{monitoring}sex": Sex.FEMALE})),
        "sex_known": count(
            started & Q(**{f"{monitoring}sex__in": [Sex.FEMALE, Sex.MALE]})
        ),
        "bame": count(started & Q(**{f"{monitoring}ethnic_group__in": BAME_GROUPS})),
        "ethnic_known": count(
            started & Q(**{f"{monitoring}ethnic_group__in": KNOWN_ETHNIC_GROUPS})
        ),
    }


def _applications(year: ProgrammeTarget | None) -> QuerySet[Application]:
    applications = Application.objects.all()
    if year is not None:
        applications = applications.filter(
            cohort__starts_on__gte=year.starts_on, cohort__starts_on__lte=year.ends_on
        )
    return applications


def _row(label: str, counts: dict, year, hidden: dict | None = None) -> Row:
    hidden = hidden or {}
    return Row(
        label=label,
        **{name: Figure.of(counts[name], hidden.get(name)) for name in COUNTS},
        women=Share(
            Figure.of(counts["women"]),
            Figure.of(counts["sex_known"]),
            year.women_percent if year else None,
        ),
        bame=Share(
            Figure.of(counts["bame"]),
            Figure.of(counts["ethnic_known"]),
            year.bame_percent if year else None,
        ),
    )


def _breakdown(rows: list[dict], label_key: str, year) -> list[Row]:
    """One row per group. Each column is suppressed as one breakdown, so that
    a hidden cell cannot be worked out from the total."""
    hidden_by_column = {name: suppress([row[name] for row in rows]) for name in COUNTS}
    return [
        _row(
            row[label_key] or _("Not known"),
            row,
            year,
            {name: hidden_by_column[name][i] for name in COUNTS},
        )
        for i, row in enumerate(rows)
    ]


def programme_dashboard(
    *, year: ProgrammeTarget | None, today: datetime.date | None = None
) -> Dashboard:
    """Four queries: totals, by provider, by borough, outcomes."""
    today = today or timezone.localdate()
    measures = _measures(today)
    applications = _applications(year)
    totals = applications.aggregate(**measures)
    by_provider = list(
        applications.values("cohort__course__provider__name")
        .annotate(**measures)
        .order_by("cohort__course__provider__name")
    )
    by_borough = list(
        applications.values("borough__name")
        .annotate(**measures)
        .order_by("borough__name")
    )
    outcome_counts = {
        (row["months_after"], row["kind"]): row["people"]
        for row in Outcome.objects.filter(application__in=applications)
        .values("months_after", "kind")
        .annotate(people=Count("application", distinct=True))
        .order_by()
    }
    outcomes = []
    for months, _months_label in Outcome.At.choices:
        kinds = list(Outcome.Kind.choices)
        counts = [outcome_counts.get((months, kind), 0) for kind, _label in kinds]
        hidden = suppress(counts)
        outcomes.extend(
            OutcomeRow(months, str(label), Figure.of(count, hide))
            for (_kind, label), count, hide in zip(kinds, counts, hidden, strict=True)
        )
    return Dashboard(
        year=year,
        totals=_row(_("All providers"), totals, year),
        by_provider=_breakdown(by_provider, "cohort__course__provider__name", year),
        by_borough=_breakdown(by_borough, "borough__name", year),
        outcomes=outcomes,
    )
