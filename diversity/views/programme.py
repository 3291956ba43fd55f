"""Programme managers' dashboard and its CSV: suppressed aggregates only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from civic.charts import Bar, bar_chart
from civic.disclosure import SMALL_NUMBER
from civic.permissions import staff_permission_required
from civic.spreadsheets import safe_writer
from diversity.forms.programme import ProgrammeYearForm
from diversity.selectors_programme import (
    Dashboard,
    Row,
    current_year,
    programme_dashboard,
    programme_years,
)

PERMISSION = "diversity.view_programme_dashboard"


def _dashboard(request: HttpRequest):
    years = programme_years()
    form = ProgrammeYearForm(request.GET or None, years=years)
    year = form.chosen(years, current_year(years))
    if year is not None and not form.is_bound:
        form = ProgrammeYearForm(initial={"year": year.pk}, years=years)
    return form, programme_dashboard(year=year)


def _share_chart(dashboard: Dashboard):
    totals = dashboard.totals
    bars = []
    for label, share in (
        (_("Young women"), totals.women),
        (_("Black, Asian and minority ethnic"), totals.bame),
    ):
        target = share.target
        bars.append(
            Bar(
                label=label,
                value=share.percent,
                text=share.display,
                second_value=target,
                second_text=f"{target}%" if target is not None else _("no target"),
            )
        )
    return bar_chart(
        bars,
        title=_("Share of participants against the target"),
        max_value=100,
        legend=(_("Participants"), _("Target")),
        chart_id="chart-shares",
    )


def _starts_chart(rows: list[Row], title: str, chart_id: str):
    return bar_chart(
        [
            Bar(label=row.label, value=row.starts.count, text=row.starts.display)
            for row in rows
        ],
        title=title,
        chart_id=chart_id,
    )


@staff_permission_required(PERMISSION)
@require_safe
def programme_dashboard_view(request: HttpRequest) -> HttpResponse:
    form, dashboard = _dashboard(request)
    return render(
        request,
        "diversity/programme/dashboard.html",
        {
            "form": form,
            "dashboard": dashboard,
            "small": SMALL_NUMBER,
            "shares_chart": _share_chart(dashboard),
            "provider_chart": _starts_chart(
                dashboard.by_provider,
                _("Starts by training provider"),
                "chart-providers",
            ),
            "borough_chart": _starts_chart(
                dashboard.by_borough, _("Starts by borough"), "chart-boroughs"
            ),
            "csv_query": request.GET.urlencode(),
        },
    )


def _csv_rows(group: str, row: Row):
    yield [group, row.label, _("Applicants"), row.applicants.display]
    yield [group, row.label, _("Starts"), row.starts.display]
    yield [group, row.label, _("Completions"), row.completions.display]
    yield [
        group,
        row.label,
        _("In a job, apprenticeship or further study 6 months after"),
        row.progressed.display,
    ]
    yield [group, row.label, _("Share of young women"), row.women.display]
    yield [
        group,
        row.label,
        _("Share of Black, Asian and minority ethnic participants"),
        row.bame.display,
    ]


@staff_permission_required(PERMISSION)
@require_safe
def programme_csv(request: HttpRequest) -> HttpResponse:
    _form, dashboard = _dashboard(request)
    name = dashboard.year.name if dashboard.year else _("all years")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    slug = "".join(c if c.isalnum() else "-" for c in name).lower()
    response["Content-Disposition"] = (
        f'attachment; filename="digital-talent-programme-{slug}.csv"'
    )
    writer = safe_writer(response)
    writer.writerow([_("Breakdown"), _("Group"), _("Measure"), _("Value")])
    writer.writerows(_csv_rows(_("Programme"), dashboard.totals))
    if dashboard.year:
        writer.writerow(
            [
                _("Target"),
                name,
                _("Share of young women"),
                f"{dashboard.year.women_percent}%",
            ]
        )
        writer.writerow(
            [
                _("Target"),
                name,
                _("Share of Black, Asian and minority ethnic participants"),
                f"{dashboard.year.bame_percent}%",
            ]
        )
    for outcome in dashboard.outcomes:
        writer.writerow(
            [
                _("Outcome at %(months)s months") % {"months": outcome.months},
                outcome.label,
                _("Participants"),
                outcome.figure.display,
            ]
        )
    for row in dashboard.by_provider:
        writer.writerows(_csv_rows(_("Training provider"), row))
    for row in dashboard.by_borough:
        writer.writerows(_csv_rows(_("Borough"), row))
    writer.writerow([])
    writer.writerow(
        [
            _(
                "Counts of fewer than %(small)s people are not shown; a share is "
                "not shown when the people it counts, the people who answered, or "
                "the rest of them are fewer than %(small)s. Shares leave out "
                "people who preferred not to say or did not answer."
            )
            % {"small": SMALL_NUMBER}
        ]
    )
    return response
