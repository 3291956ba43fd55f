from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talk_london import census_import
from talk_london.representativeness import CENSUS_FILE, census


class Command(BaseCommand):
    help = (
        "Load London's Census 2021 figures for the representativeness dashboard "
        "from the ONS bulk CSV files (TS007, TS008, TS021, TS001), into "
        "talk_london/data/census2021_london.json. Commit the file afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--age", type=Path, help="census2021-ts007-rgn.csv")
        parser.add_argument("--sex", type=Path, help="census2021-ts008-rgn.csv")
        parser.add_argument(
            "--ethnic-group", type=Path, help="census2021-ts021-rgn.csv"
        )
        parser.add_argument("--borough", type=Path, help="census2021-ts001-ltla.csv")
        parser.add_argument("--output", type=Path, default=CENSUS_FILE)

    def handle(self, *args, **options):
        files = {
            dimension: options[option]
            for dimension, option in [
                ("age_band", "age"),
                ("sex", "sex"),
                ("ethnic_group", "ethnic_group"),
                ("borough_code", "borough"),
            ]
            if options[option]
        }
        if not files:
            raise CommandError(
                "Give at least one of --age, --sex, --ethnic-group, --borough"
            )
        for path in files.values():
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        try:
            document = census_import.census_file_update(
                data_file=options["output"], files=files
            )
        except census_import.CensusFileError as error:
            raise CommandError(str(error)) from error
        census.cache_clear()
        for dimension in files:
            values = document["dimensions"][dimension]["values"]
            self.stdout.write(
                f"{dimension}: {len(values)} groups, {sum(values.values()):,} people"
            )
