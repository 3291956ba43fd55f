"""Registrations with civic for this area (activity, demo data, beat)."""


def ready() -> None:
    from civic.registry import registry

    from . import demo_talent

    registry.register_demo_seeder("diversity-talent", demo_talent.seed)
