"""Reads for the Tech Talent Charter: the benchmark (aggregates only, small
groups suppressed) and the signatory list.

Suppression: a group's figures are shown only when it has at least
``MIN_ORGANISATIONS`` organisations and ``MIN_PEOPLE`` people. Within a
breakdown (by sector, by size band) the total is published too, so when
exactly one group with data is hidden the next smallest group is hidden as
well; otherwise the hidden one could be worked out by subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.disclosure import SMALL_NUMBER
from diversity.models import ReportingYear, Sector, Signatory, SizeBand, Submission

MIN_ORGANISATIONS = 3
MIN_PEOPLE = SMALL_NUMBER  # 10

# Reference figures the benchmark is compared with (Tech Nation Report 2018).
UK_TECH_WOMEN_PERCENT = 19
UK_ALL_JOBS_WOMEN_PERCENT = 49
REFERENCE_SOURCE = "Tech Nation Report 2018"

SUPPRESSION_RULE = _(
    "Figures for any group of fewer than 3 organisations or fewer than 10 "
    "people are not shown. When only one group in a breakdown would be hidden, "
    "the next smallest is hidden too, so that it cannot be worked out from "
    "the total."
)


@dataclass
class Group:
    key: str
    label: str
    organisations: int = 0
    headcount: int = 0
    women: int = 0
    recruited: int = 0
    recruited_women: int = 0
    suppressed: bool = True
    recruited_suppressed: bool = True

    def add(self, row: dict) -> None:
        self.organisations += row["organisations"]
        self.headcount += row["headcount"] or 0
        self.women += row["women"] or 0
        self.recruited += row["recruited"] or 0
        self.recruited_women += row["recruited_women"] or 0

    def apply_rule(self) -> None:
        enough_orgs = self.organisations >= MIN_ORGANISATIONS
        self.suppressed = not (enough_orgs and self.headcount >= MIN_PEOPLE)
        self.recruited_suppressed = not (enough_orgs and self.recruited >= MIN_PEOPLE)

    @property
    def women_percent(self) -> float | None:
        if self.suppressed or not self.headcount:
            return None
        return round(100 * self.women / self.headcount, 1)

    @property
    def recruited_women_percent(self) -> float | None:
        if self.recruited_suppressed or not self.recruited:
            return None
        return round(100 * self.recruited_women / self.recruited, 1)

    def public(self) -> dict:
        """What may be published: nothing but the label for a hidden group."""
        return {
            "group": self.key,
            "label": str(self.label),
            "suppressed": self.suppressed,
            "organisations": None if self.suppressed else self.organisations,
            "people_in_tech_roles": None if self.suppressed else self.headcount,
            "women": None if self.suppressed else self.women,
            "women_percent": self.women_percent,
            "recruited_suppressed": self.recruited_suppressed,
            "recruited": None if self.recruited_suppressed else self.recruited,
            "recruited_women": (
                None if self.recruited_suppressed else self.recruited_women
            ),
            "recruited_women_percent": self.recruited_women_percent,
        }


@dataclass
class Benchmark:
    year: ReportingYear
    overall: Group
    by_sector: list[Group] = field(default_factory=list)
    by_size: list[Group] = field(default_factory=list)

    def sector(self, key: str) -> Group | None:
        return next((g for g in self.by_sector if g.key == key), None)

    def size(self, key: str) -> Group | None:
        return next((g for g in self.by_size if g.key == key), None)


def _secondary(groups: list[Group], attr: str, measure: str) -> None:
    """Hide the next smallest group when exactly one group with data is hidden."""
    with_data = [g for g in groups if g.organisations]
    hidden = [g for g in with_data if getattr(g, attr)]
    if len(hidden) == 1:
        shown = [g for g in with_data if not getattr(g, attr)]
        if shown:
            smallest = min(shown, key=lambda g: (getattr(g, measure), g.key))
            setattr(smallest, attr, True)


def benchmark_submissions(year: ReportingYear) -> QuerySet[Submission]:
    return Submission.objects.filter(year=year, signatory__withdrawn_at__isnull=True)


def benchmark_for(year: ReportingYear) -> Benchmark:
    """Every figure for the year in one query, rolled up here."""
    rows = (
        benchmark_submissions(year)
        .values("signatory__sector", "signatory__size_band")
        .annotate(
            organisations=Count("signatory", distinct=True),
            headcount=Sum("tech_headcount"),
            women=Sum("women"),
            recruited=Sum("recruited"),
            recruited_women=Sum("recruited_women"),
        )
        .order_by()
    )
    overall = Group("all", _("All signatories"))
    sectors = {value: Group(value, label) for value, label in Sector.choices}
    sizes = {value: Group(value, label) for value, label in SizeBand.choices}
    for row in rows:
        overall.add(row)
        sectors[row["signatory__sector"]].add(row)
        sizes[row["signatory__size_band"]].add(row)
    groups = [overall, *sectors.values(), *sizes.values()]
    for group in groups:
        group.apply_rule()
    for breakdown in (list(sectors.values()), list(sizes.values())):
        _secondary(breakdown, "suppressed", "headcount")
        _secondary(breakdown, "recruited_suppressed", "recruited")
    return Benchmark(
        year=year,
        overall=overall,
        by_sector=list(sectors.values()),
        by_size=list(sizes.values()),
    )


def latest_benchmark_year() -> ReportingYear | None:
    """The newest year whose submissions have opened."""
    return (
        ReportingYear.objects.filter(opens_on__lte=timezone.localdate())
        .order_by("-year")
        .first()
    )


def public_signatories(*, search: str = "", sector: str = "") -> QuerySet[Signatory]:
    signatories = Signatory.objects.filter(
        withdrawn_at__isnull=True, organisation__is_hidden=False
    ).select_related("organisation")
    if search:
        signatories = signatories.filter(organisation__name__icontains=search)
    if sector:
        signatories = signatories.filter(sector=sector)
    return signatories.order_by("organisation__name", "pk")


def signatory_count() -> int:
    return Signatory.objects.filter(
        withdrawn_at__isnull=True, organisation__is_hidden=False
    ).count()


def gla_group_count() -> int:
    return Signatory.objects.filter(
        Q(is_gla_group=True), withdrawn_at__isnull=True
    ).count()


def charter_activity(user, limit: int) -> list:
    """ "Your activity": the yearly figures this person sent, newest first.
    (Signing is an organisation's act, shown on its charter page.)"""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from civic.registry import ActivityItem

    submissions = (
        Submission.objects.filter(submitted_by=user)
        .select_related("signatory__organisation", "year")
        .order_by("-submitted_at")[:limit]
    )
    return [
        ActivityItem(
            title=_("Tech workforce figures for %(year)s: %(name)s")
            % {"year": s.year.year, "name": s.signatory.organisation.name},
            url=reverse(
                "diversity:signatory_dashboard",
                args=[s.signatory.organisation.slug],
            ),
            when=s.submitted_at,
            section=_("Tech Talent Charter"),
        )
        for s in submissions
    ]
