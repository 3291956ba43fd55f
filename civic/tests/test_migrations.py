"""Data shipped by migrations matches its source."""

import csv

import pytest
from django.conf import settings

from civic.models import Borough

pytestmark = pytest.mark.django_db

CSV_PATH = settings.BASE_DIR / "civic" / "data" / "london_boroughs.csv"


def csv_boroughs() -> dict[str, str]:
    with CSV_PATH.open(newline="", encoding="utf-8") as handle:
        return {row["gss_code"]: row["name"] for row in csv.DictReader(handle)}


def test_the_csv_lists_the_33_london_authorities():
    rows = csv_boroughs()

    assert len(rows) == 33
    assert set(rows) == {f"E09{n:06d}" for n in range(1, 34)}


def test_migrated_boroughs_match_the_csv():
    in_database = dict(Borough.objects.values_list("gss_code", "name"))

    assert in_database == csv_boroughs()


def test_boroughs_have_unique_slugs():
    slugs = list(Borough.objects.values_list("slug", flat=True))

    assert len(slugs) == len(set(slugs)) == 33
    assert Borough.objects.get(gss_code="E09000001").slug == "city-of-london"
