"""Registrations with civic for this area (activity, demo data, beat)."""

import datetime


def seed_programme_targets(stdout=None) -> None:
    """The programme's targets for this year and last (idempotent)."""
    from django.utils import timezone

    from diversity.models import ProgrammeTarget

    today = timezone.localdate()
    first = today.year if today.month >= 9 else today.year - 1
    for start_year in (first - 1, first):
        ProgrammeTarget.objects.get_or_create(
            starts_on=datetime.date(start_year, 9, 1),
            defaults={
                "name": f"{start_year} to {start_year + 1}",
                "ends_on": datetime.date(start_year + 1, 8, 31),
                "women_percent": 50,
                "bame_percent": 60,
            },
        )
    if stdout is not None:
        stdout.write("Digital Talent programme targets: 2 years\n")


def ready() -> None:
    from civic.registry import registry

    registry.register_demo_seeder("diversity-programme-targets", seed_programme_targets)
