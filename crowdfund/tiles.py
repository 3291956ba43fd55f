"""London's 33 local authorities as equal squares, laid out roughly where
they sit on a map (the "London squared" tile-grid idea): no map data, no
JavaScript, and every borough the same size, so the City of London is as
easy to see and to click as Bromley.

Positions are (row, column) on an 8-column, 7-row grid, keyed by ONS GSS code.
"""

from dataclasses import dataclass

GRID_COLUMNS = 8
GRID_ROWS = 7

# (row, column) by GSS code, north to south, west to east.
TILE_POSITIONS: dict[str, tuple[int, int]] = {
    "E09000010": (0, 4),  # Enfield
    "E09000015": (1, 2),  # Harrow
    "E09000003": (1, 3),  # Barnet
    "E09000014": (1, 4),  # Haringey
    "E09000031": (1, 5),  # Waltham Forest
    "E09000017": (2, 0),  # Hillingdon
    "E09000009": (2, 1),  # Ealing
    "E09000005": (2, 2),  # Brent
    "E09000007": (2, 3),  # Camden
    "E09000019": (2, 4),  # Islington
    "E09000012": (2, 5),  # Hackney
    "E09000026": (2, 6),  # Redbridge
    "E09000016": (2, 7),  # Havering
    "E09000018": (3, 0),  # Hounslow
    "E09000013": (3, 1),  # Hammersmith and Fulham
    "E09000020": (3, 2),  # Kensington and Chelsea
    "E09000033": (3, 3),  # Westminster
    "E09000001": (3, 4),  # City of London
    "E09000030": (3, 5),  # Tower Hamlets
    "E09000025": (3, 6),  # Newham
    "E09000002": (3, 7),  # Barking and Dagenham
    "E09000027": (4, 1),  # Richmond upon Thames
    "E09000032": (4, 2),  # Wandsworth
    "E09000022": (4, 3),  # Lambeth
    "E09000028": (4, 4),  # Southwark
    "E09000023": (4, 5),  # Lewisham
    "E09000011": (4, 6),  # Greenwich
    "E09000004": (4, 7),  # Bexley
    "E09000021": (5, 2),  # Kingston upon Thames
    "E09000024": (5, 3),  # Merton
    "E09000008": (5, 4),  # Croydon
    "E09000006": (5, 5),  # Bromley
    "E09000029": (6, 3),  # Sutton
}

# Short labels that fit in a square; the full name is the accessible name.
TILE_LABELS: dict[str, str] = {
    "E09000001": "CTY",
    "E09000002": "BAR",
    "E09000003": "BRN",
    "E09000004": "BXL",
    "E09000005": "BRT",
    "E09000006": "BRM",
    "E09000007": "CMD",
    "E09000008": "CRD",
    "E09000009": "EAL",
    "E09000010": "ENF",
    "E09000011": "GRN",
    "E09000012": "HCK",
    "E09000013": "HMS",
    "E09000014": "HGY",
    "E09000015": "HRW",
    "E09000016": "HVG",
    "E09000017": "HDN",
    "E09000018": "HNS",
    "E09000019": "ISL",
    "E09000020": "KNS",
    "E09000021": "KNG",
    "E09000022": "LAM",
    "E09000023": "LSH",
    "E09000024": "MRT",
    "E09000025": "NWM",
    "E09000026": "RDB",
    "E09000027": "RCH",
    "E09000028": "SWK",
    "E09000029": "STN",
    "E09000030": "TOW",
    "E09000031": "WTH",
    "E09000032": "WND",
    "E09000033": "WST",
}

# Upper bounds (inclusive) of the shading bands for live projects per borough.
SHADE_BANDS: tuple[tuple[int, int], ...] = ((0, 0), (1, 1), (2, 3), (4, 10**9))


def shade_for(count: int) -> int:
    """The band (0-3) a borough with ``count`` live projects is shaded in."""
    for band, (low, high) in enumerate(SHADE_BANDS):
        if low <= count <= high:
            return band
    return len(SHADE_BANDS) - 1


@dataclass(frozen=True)
class Tile:
    gss_code: str
    name: str
    slug: str
    label: str
    row: int
    column: int
    count: int

    @property
    def shade(self) -> int:
        return shade_for(self.count)


def tiles(boroughs, counts: dict[int, int]) -> list[Tile]:
    """One tile per borough, in reading order (row by row), so a screen reader
    or keyboard moves through the map from north-west to south-east."""
    out = []
    for borough in boroughs:
        row, column = TILE_POSITIONS[borough.gss_code]
        out.append(
            Tile(
                gss_code=borough.gss_code,
                name=borough.name,
                slug=borough.slug,
                label=TILE_LABELS[borough.gss_code],
                row=row,
                column=column,
                count=counts.get(borough.pk, 0),
            )
        )
    out.sort(key=lambda tile: (tile.row, tile.column))
    return out
