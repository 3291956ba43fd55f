"""Small-number suppression across every output at once: a count hidden in a
table must not come back through a chart's SVG, a CSV, the JSON, a total, or
a share. One breakdown with a small group (primary suppression) and the next
smallest hidden with it (secondary), checked on each output."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from diversity.models import Application, EqualityMonitoring
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    ProgrammeTargetFactory,
    ProviderFactory,
    ReportingYearFactory,
    SignatoryFactory,
    SubmissionFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _rows_mentioning(html: str, label: str) -> list[str]:
    """Every table row, and every chart bar (its label, bar and text in the
    SVG), that names ``label``."""
    pieces = re.findall(r"<tr\b.*?</tr>", html, flags=re.S)
    for svg in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        pieces += ['<text x="0"' + bar for bar in svg.split('<text x="0"')[1:]]
    return [piece for piece in pieces if label in piece]


def _text(piece: str) -> str:
    return re.sub(r"<[^>]*>", " ", piece)


def _bars_mentioning(html: str, label: str) -> list[str]:
    return [piece for piece in _rows_mentioning(html, label) if "<rect" in piece]


# --- The programme dashboard ---------------------------------------------------


@pytest.fixture
def programme(db):
    today = timezone.localdate()
    ProgrammeTargetFactory(
        name="This year",
        starts_on=today - datetime.timedelta(days=200),
        ends_on=today + datetime.timedelta(days=165),
    )
    starts = today - datetime.timedelta(days=30)
    sizes = {"Big Provider": 23, "Tiny Provider": 3, "Middle Provider": 17}
    for name, count in sizes.items():
        cohort = CohortFactory(
            course__provider=ProviderFactory(name=name),
            starts_on=starts,
            applications_close_on=starts - datetime.timedelta(days=7),
            capacity=100,
        )
        for _ in range(count):
            application = ApplicationFactory(
                cohort=cohort, status=Application.Status.ACCEPTED
            )
            EqualityMonitoring.objects.create(
                application=application,
                consent_given_at=timezone.now(),
                sex="female",
                ethnic_group="asian",
            )
    return sizes


def test_programme_dashboard_page_and_chart_hide_both_small_and_next_smallest(
    client, programme_manager, programme
):
    force_login_with_mfa(client, programme_manager)
    html = client.get(reverse("diversity:programme_dashboard")).content.decode()
    assert "43" in html  # the total is published
    for label, count in (("Tiny Provider", 3), ("Middle Provider", 17)):
        pieces = _rows_mentioning(html, label)
        assert pieces, label
        for piece in pieces:
            assert not re.search(rf"(?<![\d.]){count}(?![\d.])", _text(piece)), piece
        bars = _bars_mentioning(html, label)
        assert bars, label  # the starts chart has a bar for it...
        for bar in bars:  # ...of no length, so its size cannot be measured
            assert re.search(r'<rect x="0" y="\d+" width="0" ', bar), bar
    big = " ".join(_rows_mentioning(html, "Big Provider"))
    assert "23" in big


def test_programme_csv_hides_both_small_and_next_smallest(
    client, programme_manager, programme
):
    force_login_with_mfa(client, programme_manager)
    response = client.get(reverse("diversity:programme_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    for label in ("Tiny Provider", "Middle Provider"):
        counts = [r for r in rows if len(r) == 4 and r[1] == label]
        assert counts, label
        for row in counts:
            shown = row[3]
            assert shown in ("fewer than 10", "hidden", "not shown") or (
                shown.endswith("%")
            ), row


# --- The charter benchmark -------------------------------------------------------


@pytest.fixture
def charter_year(db):
    today = timezone.localdate()
    year = ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )

    def submit(people, women, sector):
        SubmissionFactory(
            signatory=SignatoryFactory(sector=sector, size_band="250-999"),
            year=year,
            tech_headcount=people,
            women=women,
            men=people - women,
            sex_other_or_unknown=0,
            ethnicity_white=people,
            ethnicity_mixed=0,
            ethnicity_asian=0,
            ethnicity_black=0,
            ethnicity_other=0,
            ethnicity_unknown=0,
            recruited=0,
            recruited_women=0,
        )

    for _ in range(3):
        submit(40, 10, "tech")  # 120 people, 30 women: 25%
    for _ in range(3):
        submit(20, 7, "finance")  # 60 people, 21 women: 35% (hidden: secondary)
    for _ in range(2):
        submit(30, 13, "retail")  # 2 organisations: hidden
    return year


def _label(sector: str) -> str:
    from diversity.models import Sector

    return str(Sector(sector).label)


def test_benchmark_page_and_charts_hide_small_and_next_smallest(client, charter_year):
    html = client.get(
        reverse("diversity:benchmark", args=[charter_year.year])
    ).content.decode()
    for sector, secrets in (("finance", ("60", "35")), ("retail", ("60", "43.3"))):
        pieces = _rows_mentioning(html, _label(sector))
        assert pieces, sector
        for piece in pieces:
            for secret in secrets:
                assert not re.search(rf"(?<![\d.]){secret}(?![\d])", _text(piece)), (
                    piece
                )
        bars = _bars_mentioning(html, _label(sector))
        assert bars, sector
        for bar in bars:
            assert re.search(r'<rect x="0" y="\d+" width="0" ', bar), bar
    assert "25.0%" in " ".join(_rows_mentioning(html, _label("tech")))


def test_open_data_hides_small_and_next_smallest(client, charter_year):
    data = json.loads(
        client.get(
            reverse("diversity:open_data_json", args=[charter_year.year])
        ).content
    )
    text = json.dumps(data)
    groups = [
        group
        for breakdown in data.values()
        if isinstance(breakdown, list)
        for group in breakdown
        if isinstance(group, dict) and group.get("group") in ("finance", "retail")
    ]
    assert len(groups) == 2, text
    for group in groups:
        assert group["suppressed"] is True
        assert group["people_in_tech_roles"] is None
        assert group["women"] is None
        assert group["women_percent"] is None

    body = client.get(
        reverse("diversity:open_data_csv", args=[charter_year.year])
    ).content.decode()
    for line in body.splitlines():
        if line.startswith(("finance", "retail")) or ",finance," in line:
            assert not re.search(r"\b(60|21|26|35\.0|43\.3)\b", line), line
