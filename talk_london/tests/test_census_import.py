"""Loading London's Census 2021 figures from ONS bulk files.

The files here are small stand-ins in the ONS bulk CSV layout (column names
as nomis publishes them); their numbers are made up for the test and never
reach the shipped data file.
"""

import csv
import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from talk_london import census_import
from talk_london.representativeness import CENSUS_FILE

HEAD = ["date", "geography", "geography code"]


def write(path, columns, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEAD + columns)
        writer.writerows(rows)
    return path


def age_columns():
    return (
        ["Age: Total", "Age: Aged under 1 year", "Age: Aged 1 year"]
        + [f"Age: Aged {age} years" for age in range(2, 100)]
        + ["Age: Aged 100 years and over"]
    )


@pytest.fixture
def ts007(tmp_path):
    # Age n has n people (100 and over: 100), in London; the North East
    # row must be ignored.
    counts = [0] + list(range(1, 101))
    london = ["2021", "London", "E12000007", sum(counts), *counts]
    north_east = ["2021", "North East", "E12000001", 1, *([1] + [0] * 100)]
    return write(
        tmp_path / "census2021-ts007-rgn.csv", age_columns(), [north_east, london]
    )


def test_age_bands_are_summed_from_single_years_for_16_and_over(ts007):
    values = census_import.age_bands(ts007)
    assert values["16-24"] == sum(range(16, 25))
    assert values["65-74"] == sum(range(65, 75))
    assert values["75+"] == sum(range(75, 101))
    assert list(values) == ["16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]


def test_the_five_year_table_is_refused_because_15_to_19_straddles_16(tmp_path):
    path = write(
        tmp_path / "census2021-ts007a-rgn.csv",
        ["Age: Total", "Age: Aged 4 years and under", "Age: Aged 15 to 19 years"],
        [["2021", "London", "E12000007", 10, 5, 5]],
    )
    with pytest.raises(census_import.CensusFileError, match="single year"):
        census_import.age_bands(path)


def test_sex_and_ethnic_group_read_the_london_row(tmp_path):
    ts008 = write(
        tmp_path / "census2021-ts008-rgn.csv",
        [
            "Sex: All persons; measures: Value",
            "Sex: Female; measures: Value",
            "Sex: Male; measures: Value",
        ],
        [["2021", "London", "E12000007", 300, 160, 140]],
    )
    assert census_import.sex(ts008) == {"female": 160, "male": 140}

    groups = [
        "Ethnic group: Total: All usual residents",
        "Ethnic group: Asian, Asian British or Asian Welsh",
        "Ethnic group: Asian, Asian British or Asian Welsh: Bangladeshi",
        "Ethnic group: Black, Black British, Black Welsh, Caribbean or African",
        "Ethnic group: Mixed or Multiple ethnic groups",
        "Ethnic group: White",
        "Ethnic group: White: Irish",
        "Ethnic group: Other ethnic group",
    ]
    ts021 = write(
        tmp_path / "census2021-ts021-rgn.csv",
        groups,
        [["2021", "London", "E12000007", 100, 20, 7, 13, 6, 55, 3, 6]],
    )
    assert census_import.ethnic_groups(ts021) == {
        "asian": 20,
        "black": 13,
        "mixed": 6,
        "white": 55,
        "other": 6,
    }


def test_a_local_authority_file_is_summed_over_londons_33(tmp_path):
    rows = [
        ["2021", f"Borough {n}", f"E090000{n:02d}", 100 + n, 60, 40 + n]
        for n in range(1, 34)
    ] + [["2021", "Luton", "E06000032", 999, 500, 499]]
    path = write(
        tmp_path / "census2021-ts008-ltla.csv",
        [
            "Sex: All persons; measures: Value",
            "Sex: Female; measures: Value",
            "Sex: Male; measures: Value",
        ],
        rows,
    )
    assert census_import.sex(path) == {
        "female": 60 * 33,
        "male": sum(40 + n for n in range(1, 34)),
    }


def test_borough_figures_come_from_ts001_by_gss_code(tmp_path):
    rows = [
        ["2021", f"Borough {n}", f"E090000{n:02d}", 1000 + n, 990 + n, 10]
        for n in range(1, 34)
    ] + [["2021", "Luton", "E06000032", 999, 990, 9]]
    path = write(
        tmp_path / "census2021-ts001-ltla.csv",
        [
            "Residence type: Total; measures: Value",
            "Residence type: Lives in a household; measures: Value",
            "Residence type: Lives in a communal establishment; measures: Value",
        ],
        rows,
    )
    boroughs = census_import.boroughs(path)
    assert len(boroughs) == 33
    assert boroughs["E09000001"] == 1001 and boroughs["E09000033"] == 1033


def test_a_file_without_london_is_refused(tmp_path):
    path = write(
        tmp_path / "x.csv",
        ["Sex: Female", "Sex: Male"],
        [["2021", "North East", "E12000001", 1, 1]],
    )
    with pytest.raises(census_import.CensusFileError, match="London"):
        census_import.sex(path)


def test_the_command_loads_figures_into_the_data_file_with_their_source(
    tmp_path, ts007
):
    data_file = shutil.copy(CENSUS_FILE, tmp_path / "census.json")
    call_command("load_census_2021", age=ts007, output=data_file, stdout=io.StringIO())
    document = json.loads(data_file.read_text())
    age = document["dimensions"]["age_band"]
    assert age["values"]["16-24"] == sum(range(16, 25))
    assert "TS007" in age["source"] and "census2021-ts007-rgn.csv" in age["source"]
    assert "sha256" in age["source"]
    assert "age_band" not in document["not_loaded_yet"]
    # What was there before is kept.
    assert len(document["dimensions"]["borough_code"]["values"]) == 33


def test_a_wrong_file_changes_nothing(tmp_path, ts007):
    data_file = shutil.copy(CENSUS_FILE, tmp_path / "census.json")
    before = data_file.read_text()
    with pytest.raises(CommandError, match="TS021"):
        call_command(
            "load_census_2021", age=ts007, ethnic_group=ts007, output=data_file
        )
    assert data_file.read_text() == before


def test_the_shipped_file_names_a_source_for_every_loaded_dimension():
    document = json.loads(CENSUS_FILE.read_text())
    for dimension in document["dimensions"].values():
        assert dimension["source"].startswith("ONS")
    # Until the ONS files are loaded, the missing ones say which table to load.
    for dimension, where in document.get("not_loaded_yet", {}).items():
        assert "ONS" in where, dimension
