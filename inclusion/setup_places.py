"""Registrations with civic for this area (activity, demo data, beat)."""

from civic.registry import registry


def ready() -> None:
    from . import demo

    registry.register_demo_seeder("inclusion", demo.seed)
