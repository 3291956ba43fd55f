"""Who Talk London's members are, in aggregate only, compared with London.

Every count leaves here through :func:`suppress`: a cell under
``SMALL_NUMBER`` is "fewer than 10", and when that leaves exactly one cell of a
breakdown hidden, the next-smallest is hidden too, so that nobody can get the
hidden number back by subtracting the others from the total.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from civic.disclosure import SMALL_NUMBER, suppress  # noqa: F401 - re-exported
from civic.models import Borough

from .models import AboutYou
from .models.about_you import (
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    EthnicBackground,
    EthnicGroup,
    GenderSameAsSex,
    HousingTenure,
    Sex,
    WorkingStatus,
)

# A group is flagged when its share of members is this much (relative) above or
# below its share of Londoners: 20% means 12% against 10% is over-represented.
RELATIVE_THRESHOLD = 0.2
CENSUS_FILE = Path(__file__).parent / "data" / "census2021_london.json"

FIELDS = {
    "age_band": (_("Age"), AgeBand),
    "sex": (_("Sex"), Sex),
    "gender_same_as_sex": (
        _("Gender identity same as sex registered at birth"),
        GenderSameAsSex,
    ),
    "ethnic_group": (_("Ethnic group"), EthnicGroup),
    "ethnic_background": (_("Ethnic group (detailed)"), EthnicBackground),
    "disability": (_("Disability"), Disability),
    "working_status": (_("Working status"), WorkingStatus),
    "housing_tenure": (_("Housing"), HousingTenure),
    "borough_code": (_("Borough"), None),
}
# The dimensions the dashboard compares with the census, in its order.
DASHBOARD_DIMENSIONS = ("borough_code", "age_band", "sex", "ethnic_group")
# Shown as members' totals only: the dashboard has no census comparison for them.
OTHER_DIMENSIONS = (
    "ethnic_background",
    "gender_same_as_sex",
    "disability",
    "working_status",
    "housing_tenure",
)


@dataclass(frozen=True)
class Cell:
    value: str
    label: str
    count: int | None  # None when suppressed
    # Under SMALL_NUMBER. A suppressed cell that is not small was hidden only
    # so that a small one cannot be worked out: it says "hidden", because
    # "fewer than 10" would be untrue (the survey breakdowns say the same).
    small: bool = False

    @property
    def suppressed(self) -> bool:
        return self.count is None

    @property
    def display(self) -> str:
        if self.count is not None:
            return f"{self.count:,}"
        if self.small:
            return str(_("fewer than %(small)s") % {"small": SMALL_NUMBER})
        return str(_("hidden"))


@dataclass(frozen=True)
class Aggregate:
    field: str
    label: str
    cells: list[Cell]  # one per answer, "Prefer not to say" excluded
    answered: int  # people who gave one of those answers
    prefer_not_to_say: Cell


def _choices(field: str) -> list[tuple[str, str]]:
    enum = FIELDS[field][1]
    if enum is None:  # borough: the civic list, by its ONS code
        return list(Borough.objects.order_by("name").values_list("gss_code", "name"))
    return [
        (value, label) for value, label in enum.choices if value != PREFER_NOT_TO_SAY
    ]


def about_you_aggregate(*, field: str, members_only_ids=None) -> Aggregate:
    """Counts of confirmed answers to one question, grouped in the database.

    ``members_only_ids`` (a queryset or list of user ids) narrows the count to
    those people, say the respondents of a survey; only members are ever counted.
    """
    if field not in FIELDS:
        raise ValueError(f"not an about-you question: {field}")
    rows = AboutYou.objects.filter(
        confirmed_at__isnull=False, user__talk_london_membership__isnull=False
    ).exclude(**{field: ""})
    if members_only_ids is not None:
        rows = rows.filter(user_id__in=members_only_ids)
    counts = dict(
        rows.values_list(field)
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(field, "n")
    )
    choices = _choices(field)
    raw = [counts.get(value, 0) for value, _label in choices]
    hidden = suppress(raw)
    cells = [
        Cell(value, str(label), None if hide else count, small=count < SMALL_NUMBER)
        for (value, label), count, hide in zip(choices, raw, hidden, strict=True)
    ]
    pnts = counts.get(PREFER_NOT_TO_SAY, 0)
    return Aggregate(
        field=field,
        label=str(FIELDS[field][0]),
        cells=cells,
        answered=sum(raw),
        prefer_not_to_say=Cell(
            PREFER_NOT_TO_SAY,
            str(_("Prefer not to say")),
            None if pnts < SMALL_NUMBER else pnts,
            small=pnts < SMALL_NUMBER,
        ),
    )


# --- The comparison with the 2021 Census ---------------------------------------


@cache
def census() -> dict:
    """The census figures shipped with the app (see the file for its sources)."""
    with CENSUS_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class ComparisonRow:
    cell: Cell
    member_percent: float | None  # None when the count is suppressed
    london_percent: float
    width_class: str  # tl-bar--<5% step> for the members' bar
    london_width_class: str

    @property
    def difference(self) -> float | None:
        if self.member_percent is None:
            return None
        return round(self.member_percent - self.london_percent, 1)

    @property
    def representation(self) -> str:
        """ "under", "over" or "" (within the threshold, or not known)."""
        if self.member_percent is None or not self.london_percent:
            return ""
        ratio = self.member_percent / self.london_percent - 1
        if ratio <= -RELATIVE_THRESHOLD:
            return "under"
        if ratio >= RELATIVE_THRESHOLD:
            return "over"
        return ""


@dataclass(frozen=True)
class Comparison:
    field: str
    label: str
    loaded: bool  # False: no census figures for this dimension yet
    aggregate: Aggregate
    rows: list[ComparisonRow]
    source: str = ""


def width_class(percent: float | None) -> str:
    """The bar's width class, to the nearest 5% (``tl-bar--0`` to ``tl-bar--100``)."""
    if percent is None:
        return "tl-bar--0"
    step = int(round(min(max(percent, 0), 100) / 5) * 5)
    return f"tl-bar--{step}"


def compare(*, field: str, user_ids=None) -> Comparison:
    aggregate = about_you_aggregate(field=field, members_only_ids=user_ids)
    figures = census().get("dimensions", {}).get(field)
    if not figures:
        return Comparison(field, aggregate.label, False, aggregate, [])
    population = figures["values"]
    london_total = sum(population.values())
    rows = []
    for cell in aggregate.cells:
        if cell.value not in population:
            continue
        london = round(100 * population[cell.value] / london_total, 1)
        member = (
            None
            if cell.count is None or not aggregate.answered
            else round(100 * cell.count / aggregate.answered, 1)
        )
        rows.append(
            ComparisonRow(
                cell, member, london, width_class(member), width_class(london)
            )
        )
    return Comparison(
        field, aggregate.label, True, aggregate, rows, figures.get("source", "")
    )


def representativeness(*, user_ids=None) -> list[Comparison]:
    """The dashboard's comparisons, for all members or for ``user_ids`` only.

    The hook for surveys: pass the ids of a survey's respondents (a queryset of
    user ids) to see how representative they were.
    """
    return [compare(field=field, user_ids=user_ids) for field in DASHBOARD_DIMENSIONS]
