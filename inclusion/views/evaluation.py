"""The programme evaluation dashboard and its CSV (aggregates only)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from civic.charts import Bar, bar_chart
from civic.permissions import staff_permission_required
from civic.spreadsheets import safe_writer
from inclusion.models import Loan
from inclusion.selectors_evaluation import Evaluation, Row, programme_evaluation

VIEW_EVALUATION = "inclusion.view_evaluation"
LOAN_STATUSES = [
    Loan.Status.RESERVED,
    Loan.Status.ON_LOAN,
    Loan.Status.RETURNED,
    Loan.Status.LOST,
]


def _number(value) -> str:
    return "" if value is None else f"{value}"


def _change_text(row: Row) -> str:
    if row.suppressed or row.confidence_change is None:
        return ""
    return f"{row.confidence_change:+.2f}"


def row_cells(row: Row) -> list[str]:
    """The figures of one row, as text, suppression applied."""
    if row.suppressed:
        return [row.people_text] + [""] * (5 + len(LOAN_STATUSES))
    percent = row.completed_percent
    return [
        row.people_text,
        _number(row.avg_hours),
        "" if percent is None else f"{percent}%",
        _change_text(row),
        str(row.with_both),
        str(row.loans_total),
        *[str(row.loans.get(status, 0)) for status in LOAN_STATUSES],
    ]


def headings() -> list[str]:
    return [
        str(_("People helped")),
        str(_("Average training hours")),
        str(_("Completed 6 hours")),
        str(_("Change in mean confidence (1 to 5)")),
        str(_("People with start and end answers")),
        str(_("Loans")),
        *[str(label) for label in (s.label for s in LOAN_STATUSES)],
    ]


def _confidence_bar(row: Row) -> Bar:
    """Start and end means side by side; nothing drawn for a hidden group or
    one where nobody has answered both questionnaires yet."""
    if row.suppressed or row.confidence_change is None:
        text = row.people_text if row.suppressed else str(_("no answers yet"))
        return Bar(label=row.label, value=None, text=text, second_text=text)
    return Bar(
        label=row.label,
        value=row.start_mean,
        text=str(_("start %(mean).2f") % {"mean": row.start_mean}),
        second_value=row.end_mean,
        second_text=str(
            _("end %(mean).2f (%(change)s)")
            % {"mean": row.end_mean, "change": _change_text(row)}
        ),
    )


def _charts(evaluation: Evaluation) -> list[dict]:
    charts = []
    for breakdown in evaluation.breakdowns:
        people = bar_chart(
            [
                Bar(
                    label=row.label,
                    value=None if row.suppressed else row.people,
                    text=row.people_text,
                )
                for row in breakdown.rows
            ],
            title=_("People helped, %(breakdown)s")
            % {"breakdown": breakdown.title.lower()},
            chart_id=f"people-{breakdown.slug}",
        )
        completed = bar_chart(
            [
                Bar(
                    label=row.label,
                    value=row.completed_percent,
                    text=(
                        row.people_text
                        if row.suppressed
                        else f"{row.completed_percent or 0}%"
                    ),
                )
                for row in breakdown.rows
            ],
            title=_("Share completing 6 hours of training, %(breakdown)s")
            % {"breakdown": breakdown.title.lower()},
            max_value=100,
            chart_id=f"completed-{breakdown.slug}",
        )
        confidence = bar_chart(
            [_confidence_bar(row) for row in breakdown.rows],
            title=_(
                "Mean confidence (1 to 5) at the start and the end of a loan, "
                "%(breakdown)s"
            )
            % {"breakdown": breakdown.title.lower()},
            max_value=5,
            legend=(str(_("At the start")), str(_("At the end"))),
            chart_id=f"confidence-{breakdown.slug}",
        )
        charts.append(
            {
                "breakdown": breakdown,
                "people_chart": people,
                "completed_chart": completed,
                "confidence_chart": confidence,
                "rows": [[row.label, *row_cells(row)] for row in breakdown.rows],
            }
        )
    return charts


@staff_permission_required(VIEW_EVALUATION)
@require_safe
def evaluation(request: HttpRequest) -> HttpResponse:
    result = programme_evaluation()
    total = result.total
    return render(
        request,
        "inclusion/evaluation/dashboard.html",
        {
            "evaluation": result,
            "total": total,
            "total_change": _change_text(total),
            "head": [_("Group"), *headings()],
            "charts": _charts(result),
            "loans_by_status": [
                (status.label, result.loans_by_status.get(status, 0))
                for status in LOAN_STATUSES
            ],
            "today": timezone.localdate(),
        },
    )


@staff_permission_required(VIEW_EVALUATION)
@require_safe
def evaluation_csv(request: HttpRequest) -> HttpResponse:
    result = programme_evaluation()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="get-online-evaluation-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    writer = safe_writer(response)
    writer.writerow([_("Breakdown"), _("Group"), *headings()])
    writer.writerow([_("All"), result.total.label, *row_cells(result.total)])
    for breakdown in result.breakdowns:
        for row in breakdown.rows:
            writer.writerow([breakdown.title, row.label, *row_cells(row)])
    return response
