"""Registrations with civic for this area (activity, demo data, beat).

The programme's demo targets are made by the "diversity-talent" seeder
(``demo_talent.seed_targets``), next to the cohorts they measure, so there is
one place that makes them.
"""


def seed_programme_targets(stdout=None) -> None:
    """The programme's targets for this year and last (idempotent)."""
    from django.utils import timezone

    from .demo_talent import seed_targets

    added = seed_targets(timezone.localdate())
    if stdout is not None:
        stdout.write(f"Digital Talent programme targets: {added} added\n")


def ready() -> None:
    """Nothing to register: the dashboard needs no beat task, and its demo
    targets come with the "diversity-talent" seeder."""
