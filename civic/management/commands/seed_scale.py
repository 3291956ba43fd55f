"""Seed a city's worth of data for the benchmark (issue 8).

    python manage.py seed_scale [--fraction 0.1] [--users N] [--pledges N] ...

Refuses to run on a database that already holds people who are not seeded
(it is for a separate benchmark database, never production). Every app adds
its share through ``civic.registry.registry.register_scale_seeder``.
"""

import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from civic.models import User
from civic.registry import registry
from civic.scale import FULL_SIZES, Progress, Scale, seed_users


class Command(BaseCommand):
    help = "Bulk-create a city's worth of data for the benchmark."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fraction",
            type=float,
            default=1.0,
            help="Scale every size by this (0.1 for a quick run).",
        )
        for name, value in FULL_SIZES.items():
            parser.add_argument(
                f"--{name.replace('_', '-')}",
                type=int,
                default=None,
                help=f"default {value:,} (times --fraction)",
            )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--only", default="", help="Comma-separated seeder names to run."
        )

    def handle(self, *args, **options):
        if (
            User.objects.exclude(email__startswith="scale-")
            .exclude(is_superuser=True)
            .exists()
            and not options["only"]
        ):
            raise CommandError(
                "This database has people in it who were not seeded by "
                "seed_scale. Use a separate benchmark database."
            )
        scale = Scale.full().fraction(options["fraction"])
        overrides = {
            name: options[name] for name in FULL_SIZES if options[name] is not None
        }
        if overrides:
            scale = Scale(**{**scale.__dict__, **overrides})
        rng = random.Random(options["seed"])  # noqa: S311 (test data)
        progress = Progress(self.stdout._out)
        only = {name for name in options["only"].split(",") if name}
        seeders = [("civic", (0, seed_users))] + sorted(
            registry.scale_seeders.items(), key=lambda item: item[1][0]
        )
        started = time.monotonic()
        for name, (_order, seeder) in seeders:
            if only and name not in only:
                continue
            self.stdout.write(f"{name}:")
            with transaction.atomic():
                seeder(scale, progress, rng)
        if connection.vendor == "postgresql":
            self.stdout.write("ANALYZE ...")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(f"Seeded in {time.monotonic() - started:.0f} s: {scale}")
        )
