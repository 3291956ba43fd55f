"""The charter's open data: one year's aggregate figures (overall, by sector,
by size band) as CSV and JSON, never any single organisation's figures.
Fields are documented in docs/tech-talent-charter-open-data.md."""

from __future__ import annotations

import csv

from django.urls import reverse
from django.utils import timezone

from diversity import selectors_charter
from diversity.models import ReportingYear

LICENCE = "Open Government Licence v3.0"
LICENCE_URL = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)
SOURCE = "Tech Talent Charter signatories' submissions, London civic portal"

COLUMNS = [
    "breakdown",
    "group",
    "label",
    "suppressed",
    "organisations",
    "people_in_tech_roles",
    "women",
    "women_percent",
    "recruited_suppressed",
    "recruited",
    "recruited_women",
    "recruited_women_percent",
]


def year_data(year: ReportingYear, request=None) -> dict:
    result = selectors_charter.benchmark_for(year)
    benchmark_path = reverse("diversity:benchmark", args=[year.year])
    return {
        "metadata": {
            "title": f"Tech Talent Charter benchmark, {year.year}",
            "year": year.year,
            "generated": timezone.now().date().isoformat(),
            "final": year.locked_at is not None
            or timezone.localdate() > year.closes_on,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "source": SOURCE,
            "source_url": request.build_absolute_uri(benchmark_path)
            if request
            else benchmark_path,
            "suppression": str(selectors_charter.SUPPRESSION_RULE),
            "minimum_organisations": selectors_charter.MIN_ORGANISATIONS,
            "minimum_people": selectors_charter.MIN_PEOPLE,
            "reference": {
                "uk_digital_tech_workforce_women_percent": (
                    selectors_charter.UK_TECH_WOMEN_PERCENT
                ),
                "all_uk_jobs_women_percent": (
                    selectors_charter.UK_ALL_JOBS_WOMEN_PERCENT
                ),
                "source": selectors_charter.REFERENCE_SOURCE,
            },
        },
        "overall": result.overall.public(),
        "by_sector": [group.public() for group in result.by_sector],
        "by_size_band": [group.public() for group in result.by_size],
    }


def _rows(data: dict):
    yield {"breakdown": "overall", **data["overall"]}
    for group in data["by_sector"]:
        yield {"breakdown": "sector", **group}
    for group in data["by_size_band"]:
        yield {"breakdown": "size_band", **group}


def write_csv(out, data: dict) -> None:
    """Metadata first as ``# key: value`` comment lines, then one row a group.
    A suppressed figure is an empty cell."""
    meta = data["metadata"]
    # Written as they are (not quoted), so that readers skipping "#" lines
    # (pandas ``comment="#"``, R ``comment.char``) skip every one of them.
    for key in ("title", "year", "generated", "final", "licence", "source"):
        out.write(f"# {key}: {_cell(meta[key])}\r\n")
    out.write(f"# suppression: {meta['suppression']}\r\n")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in _rows(data):
        writer.writerow(
            [
                "" if row.get(column) is None else _cell(row.get(column))
                for column in COLUMNS
            ]
        )


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
