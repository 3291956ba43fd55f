"""Registrations with civic for this area (activity, demo data, beat)."""


def ready() -> None:
    pass
