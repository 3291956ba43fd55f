"""Registrations with civic for this area (activity, demo data, beat)."""


def ready() -> None:
    from civic.registry import registry

    from . import demo_charter

    registry.register_demo_seeder("diversity-charter", demo_charter.seed)
