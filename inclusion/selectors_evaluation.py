"""The programme evaluation: aggregates for the staff dashboard and its CSV.

Every figure is computed in the database with a fixed number of queries,
whatever the number of people. "People helped" are participants with a loan
(any status but cancelled) or an attended training booking. For the "by site"
breakdown a person counts once, at the site where they first borrowed or, if
they never borrowed, first trained; so every breakdown adds up to the total.

Groups of fewer than 10 people are suppressed with ``civic.disclosure``: the
whole row (people, hours, loans, confidence) is withheld, not only the count.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic.disclosure import SMALL_NUMBER, suppress
from civic.models import Borough

from .models import (
    OFFER_HOURS,
    Booking,
    ConfidenceAnswer,
    ConfidenceCheck,
    Loan,
    Participant,
    Site,
)

AGE_BANDS = [
    ("under_50", gettext_lazy("Under 50")),
    ("50_64", gettext_lazy("50 to 64")),
    ("65_74", gettext_lazy("65 to 74")),
    ("75_plus", gettext_lazy("75 and over")),
]
COUNTED_LOAN_STATUSES = [
    Loan.Status.RESERVED,
    Loan.Status.ON_LOAN,
    Loan.Status.RETURNED,
    Loan.Status.LOST,
]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_band(dob_field: str, today: datetime.date) -> Case:
    """Age today from the date of birth, as one of AGE_BANDS."""
    return Case(
        When(**{f"{dob_field}__gt": _years_before(today, 50)}, then=Value("under_50")),
        When(**{f"{dob_field}__gt": _years_before(today, 65)}, then=Value("50_64")),
        When(**{f"{dob_field}__gt": _years_before(today, 75)}, then=Value("65_74")),
        default=Value("75_plus"),
        output_field=CharField(),
    )


def _mean_score(stage: str):
    return Subquery(
        ConfidenceAnswer.objects.filter(
            check_record__participant=OuterRef("pk"), check_record__stage=stage
        )
        .values("check_record__participant")
        .annotate(mean=Avg(Cast("score", FloatField())))
        .values("mean")[:1],
        output_field=FloatField(),
    )


def helped_participants(today: datetime.date | None = None):
    """People helped, each annotated with what the breakdowns need."""
    today = today or timezone.localdate()
    loans = Loan.objects.filter(
        participant=OuterRef("pk"), status__in=COUNTED_LOAN_STATUSES
    )
    attended = Booking.objects.filter(
        participant=OuterRef("pk"), attendance=Booking.Attendance.ATTENDED
    )
    hours = (
        attended.values("participant").annotate(total=Sum("hours")).values("total")[:1]
    )
    return (
        Participant.objects.filter(Q(Exists(loans)) | Q(Exists(attended)))
        .annotate(
            hours_total=Coalesce(
                Subquery(
                    hours, output_field=DecimalField(max_digits=6, decimal_places=1)
                ),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=6, decimal_places=1),
            ),
            start_mean=_mean_score(ConfidenceCheck.Stage.START),
            end_mean=_mean_score(ConfidenceCheck.Stage.END),
            first_site=Coalesce(
                Subquery(loans.order_by("starts_on", "pk").values("site_id")[:1]),
                Subquery(
                    attended.order_by("session__starts_at", "pk").values(
                        "session__site_id"
                    )[:1]
                ),
            ),
            age_band=_age_band("date_of_birth", today),
        )
        .order_by()
    )


def _people_aggregates() -> dict:
    both = Q(start_mean__isnull=False, end_mean__isnull=False)
    return {
        "people": Count("pk"),
        "avg_hours": Avg("hours_total"),
        "completed": Count("pk", filter=Q(hours_total__gte=OFFER_HOURS)),
        "with_both": Count("pk", filter=both),
        "start": Avg("start_mean", filter=both),
        "end": Avg("end_mean", filter=both),
    }


@dataclass
class Row:
    key: object
    label: str
    people: int
    avg_hours: Decimal | None
    completed: int
    with_both: int
    confidence_change: float | None
    # Mean confidence at the start and the end, of people who answered both.
    start_mean: float | None = None
    end_mean: float | None = None
    loans: dict[str, int] = field(default_factory=dict)
    suppressed: bool = False
    small: bool = False  # suppressed because it is small (not only to protect one)

    @property
    def people_text(self) -> str:
        if self.suppressed:
            if self.small:
                return str(_("fewer than %(small)s") % {"small": SMALL_NUMBER})
            return str(_("hidden"))
        return str(self.people)

    @property
    def completed_percent(self) -> float | None:
        if self.suppressed or not self.people:
            return None
        return round(100 * self.completed / self.people, 1)

    @property
    def loans_total(self) -> int:
        return sum(self.loans.values())


def _row(key, label, data: dict) -> Row:
    change = start = end = None
    if data.get("with_both"):
        change = round(data["end"] - data["start"], 2)
        start, end = round(data["start"], 2), round(data["end"], 2)
    avg = data.get("avg_hours")
    return Row(
        key=key,
        label=str(label),
        people=data.get("people", 0),
        avg_hours=None if avg is None else Decimal(avg).quantize(Decimal("0.1")),
        completed=data.get("completed", 0),
        with_both=data.get("with_both", 0),
        confidence_change=change,
        start_mean=start,
        end_mean=end,
    )


@dataclass
class Breakdown:
    slug: str
    title: str
    rows: list[Row]


@dataclass
class Evaluation:
    total: Row
    loans_by_status: dict[str, int]
    breakdowns: list[Breakdown]


def _apply_suppression(rows: list[Row]) -> None:
    hidden = suppress([row.people for row in rows])
    for row, hide in zip(rows, hidden, strict=True):
        row.suppressed = hide
        row.small = row.people < SMALL_NUMBER


def programme_evaluation(today: datetime.date | None = None) -> Evaluation:
    today = today or timezone.localdate()
    people = helped_participants(today)
    aggregates = _people_aggregates()

    total = _row("total", _("All people helped"), people.aggregate(**aggregates))
    loans = Loan.objects.filter(status__in=COUNTED_LOAN_STATUSES).order_by()
    loans_by_status = {
        item["status"]: item["n"]
        for item in loans.values("status").annotate(n=Count("pk"))
    }
    total.loans = loans_by_status
    total.suppressed = total.people < SMALL_NUMBER
    total.small = total.suppressed

    def grouped(queryset, key):
        return {
            item[key]: item
            for item in queryset.values(key).annotate(**aggregates).order_by()
        }

    def loans_grouped(key, queryset=loans):
        result: dict = {}
        for item in queryset.values(key, "status").annotate(n=Count("pk")).order_by():
            result.setdefault(item[key], {})[item["status"]] = item["n"]
        return result

    # By site.
    by_site = grouped(people, "first_site")
    site_loans = loans_grouped("site_id")
    site_names = dict(
        Site.objects.filter(pk__in=set(by_site) | set(site_loans)).values_list(
            "pk", "name"
        )
    )
    site_rows = [
        _row(pk, site_names.get(pk, _("Unknown")), by_site.get(pk, {}))
        for pk in sorted(
            set(by_site) | set(site_loans), key=lambda pk: site_names.get(pk, "")
        )
    ]
    for row in site_rows:
        row.loans = site_loans.get(row.key, {})

    # By age band (age today).
    by_band = grouped(people, "age_band")
    band_loans = loans_grouped(
        "band", loans.annotate(band=_age_band("participant__date_of_birth", today))
    )
    band_rows = [_row(key, label, by_band.get(key, {})) for key, label in AGE_BANDS]
    for row in band_rows:
        row.loans = band_loans.get(row.key, {})

    # By the borough the person lives in.
    by_borough = grouped(people, "borough_id")
    borough_loans = loans_grouped("participant__borough_id")
    borough_names = dict(
        Borough.objects.filter(pk__in=set(by_borough) | set(borough_loans)).values_list(
            "pk", "name"
        )
    )
    borough_rows = [
        _row(pk, borough_names.get(pk, ""), by_borough.get(pk, {}))
        for pk in sorted(
            set(by_borough) | set(borough_loans),
            key=lambda pk: borough_names.get(pk, ""),
        )
    ]
    for row in borough_rows:
        row.loans = borough_loans.get(row.key, {})

    breakdowns = [
        Breakdown("site", _("By site"), site_rows),
        Breakdown("age", _("By age band"), band_rows),
        Breakdown("borough", _("By borough"), borough_rows),
    ]
    for breakdown in breakdowns:
        _apply_suppression(breakdown.rows)
    return Evaluation(
        total=total, loans_by_status=loans_by_status, breakdowns=breakdowns
    )
