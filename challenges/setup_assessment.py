"""Registrations with civic for this area (moderation, activity, demo data, beat)."""


def ready() -> None:
    pass
