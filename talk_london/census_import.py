"""Load Census 2021 figures for London from the ONS bulk downloads.

The representativeness dashboard compares members with London's population
using ``data/census2021_london.json``. Its figures must be the published ones,
so they are read from the ONS files themselves (``census2021-ts0NN-rgn.csv``
for regions, or ``-ltla.csv`` for local authorities, from
https://www.nomisweb.co.uk/sources/census_2021_bulk), never typed in:

- TS007 (age by single year) -> ``age_band`` for residents aged 16 or over,
  in the bands the "about you" question asks (16 to 24, ..., 75 or over);
  the five-year table TS007A cannot be used, as its 15-to-19 band straddles 16.
- TS008 (sex) -> ``sex``;
- TS021 (ethnic group) -> ``ethnic_group``, the five high-level groups;
- TS001 (usual residents) -> ``borough_code``, by GSS code (ltla file).

A region file is read for its London row (E12000007); a local-authority file
is summed over London's 33 authorities (E09...).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

LONDON_REGION = "E12000007"
LONDON_AUTHORITY = re.compile(r"^E090000(0[1-9]|[12][0-9]|3[0-3])$")
NOMIS_BULK = "https://www.nomisweb.co.uk/sources/census_2021_bulk"

AGE_BANDS = [  # (code, first age, last age or None for "and over")
    ("16-24", 16, 24),
    ("25-34", 25, 34),
    ("35-44", 35, 44),
    ("45-54", 45, 54),
    ("55-64", 55, 64),
    ("65-74", 65, 74),
    ("75+", 75, None),
]
ETHNIC_GROUPS = {  # first word of the high-level group's name -> answer code
    "White": "white",
    "Mixed": "mixed",
    "Asian": "asian",
    "Black": "black",
    "Other": "other",
}
TABLES = {
    "age_band": ("TS007", "Age by single year of age"),
    "sex": ("TS008", "Sex"),
    "ethnic_group": ("TS021", "Ethnic group"),
    "borough_code": (
        "TS001",
        "Number of usual residents in households and communal establishments",
    ),
}


class CensusFileError(ValueError):
    """The file is not the ONS table it was given as."""


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "geography code" not in reader.fieldnames:
            raise CensusFileError(
                f"{path.name}: no 'geography code' column; is this an ONS bulk file?"
            )
        return list(reader.fieldnames), list(reader)


def _london(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The London row of a region file, or London's 33 rows of an ltla file."""
    columns, rows = _rows(path)
    region = [row for row in rows if row["geography code"] == LONDON_REGION]
    if region:
        return columns, region
    authorities = [row for row in rows if LONDON_AUTHORITY.match(row["geography code"])]
    if len(authorities) != 33:
        raise CensusFileError(
            f"{path.name}: found neither London ({LONDON_REGION}) nor its 33 "
            f"authorities (found {len(authorities)})"
        )
    return columns, authorities


def _count(row: dict[str, str], column: str) -> int:
    value = row[column].strip().replace(",", "")
    if not value.isdigit():
        raise CensusFileError(f"'{column}' is not a count: {row[column]!r}")
    return int(value)


def _sum(rows: Iterable[dict[str, str]], column: str) -> int:
    return sum(_count(row, column) for row in rows)


_SINGLE_YEAR = re.compile(r"Aged (\d+) years?( and over)?(; measures: Value)?$")


def age_bands(path: Path) -> dict[str, int]:
    columns, rows = _london(path)
    by_age: dict[int, tuple[str, bool]] = {}
    for column in columns:
        match = _SINGLE_YEAR.search(column)
        if match:
            by_age[int(match.group(1))] = (column, bool(match.group(2)))
    oldest = max(by_age, default=0)
    if not {16, 75}.issubset(by_age) or not by_age[oldest][1]:
        raise CensusFileError(
            f"{path.name}: not TS007 (single year of age): no columns for each age"
        )
    values = {}
    for code, first, last in AGE_BANDS:
        ages = range(first, (last if last is not None else oldest) + 1)
        missing = [age for age in ages if age not in by_age]
        if missing:
            raise CensusFileError(f"{path.name}: no column for age {missing[0]}")
        values[code] = sum(_sum(rows, by_age[age][0]) for age in ages)
    return values


def sex(path: Path) -> dict[str, int]:
    columns, rows = _london(path)
    found = {}
    for column in columns:
        name = column.split(";")[0]
        if name.endswith(": Female"):
            found["female"] = column
        elif name.endswith(": Male"):
            found["male"] = column
    if set(found) != {"female", "male"}:
        raise CensusFileError(f"{path.name}: not TS008 (no Female and Male columns)")
    return {code: _sum(rows, column) for code, column in found.items()}


def ethnic_groups(path: Path) -> dict[str, int]:
    columns, rows = _london(path)
    values = {}
    for column in columns:
        name = column.split(";")[0]
        if not name.startswith("Ethnic group: ") or name.count(": ") != 1:
            continue  # the total and the 19 detailed groups
        first_word = name.removeprefix("Ethnic group: ").split()[0].rstrip(",")
        if first_word in ETHNIC_GROUPS:
            values[ETHNIC_GROUPS[first_word]] = _sum(rows, column)
    if set(values) != set(ETHNIC_GROUPS.values()):
        raise CensusFileError(f"{path.name}: not TS021 (found groups {sorted(values)})")
    return values


def boroughs(path: Path) -> dict[str, int]:
    columns, rows = _rows(path)
    total = next(
        (c for c in columns if "Total" in c and c not in ("date", "geography")), None
    )
    london = {
        row["geography code"]: row
        for row in rows
        if LONDON_AUTHORITY.match(row["geography code"])
    }
    if total is None or len(london) != 33:
        raise CensusFileError(
            f"{path.name}: not TS001 for local authorities (need a total column "
            f"and 33 London authorities, found {len(london)})"
        )
    return {code: _count(row, total) for code, row in sorted(london.items())}


READERS = {
    "age_band": age_bands,
    "sex": sex,
    "ethnic_group": ethnic_groups,
    "borough_code": boroughs,
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def census_file_update(*, data_file: Path, files: dict[str, Path]) -> dict:
    """Read each given ONS file and write its figures into ``data_file``.

    All files are read before anything is written, so a wrong file changes
    nothing. Returns the updated document."""
    loaded = {}
    for dimension, path in files.items():
        table, title = TABLES[dimension]
        area = (
            "local authorities"
            if dimension == "borough_code"
            else f"region {LONDON_REGION}"
        )
        loaded[dimension] = {
            "source": f"ONS, Census 2021, {table} {title}, London ({area}). "
            f"Bulk download {path.name} from {NOMIS_BULK} (sha256 {_sha256(path)}).",
            "values": READERS[dimension](path),
        }
    document = json.loads(data_file.read_text(encoding="utf-8"))
    document.setdefault("dimensions", {}).update(loaded)
    not_loaded = document.get("not_loaded_yet", {})
    for dimension in loaded:
        not_loaded.pop(dimension, None)
    if not_loaded:
        document["not_loaded_yet"] = not_loaded
    else:
        document.pop("not_loaded_yet", None)
    data_file.write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return document
