"""Searching the whole database for what identifies a person.

After "Delete my account", nothing should name or identify the person:
``find_in_database(strings)`` looks through every text-like column of every
model (and JSON columns, as text) for each string and returns where each was
found. Tests build the strings with ``personal_strings(user)`` before deleting.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast


@dataclass(frozen=True)
class Hit:
    table: str
    column: str
    pk: object
    found: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column} (pk {self.pk}) holds {self.found!r}"


TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)

# Tables that hold no personal data by design, or whose copies of it are
# what the law requires us to keep; each one needs its reason.
IGNORED_TABLES: dict[str, str] = {}


def personal_strings(user, *extra: str) -> list[str]:
    """The person's email addresses and names, and anything else given."""
    strings = {user.email}
    for name in ("display_name", "first_name", "last_name", "full_name"):
        value = getattr(user, name, "")
        if value and len(value) >= 4:
            strings.add(value)
    emailaddress = apps.get_model("account", "EmailAddress")
    strings.update(
        emailaddress.objects.filter(user=user).values_list("email", flat=True)
    )
    strings.update(s for s in extra if s)
    return sorted(strings)


def find_in_database(strings, *, ignore: dict[str, str] | None = None) -> list[Hit]:
    ignored = {**IGNORED_TABLES, **(ignore or {})}
    hits: list[Hit] = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in ignored:
            continue
        for field in meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            for needle in strings:
                if isinstance(field, models.JSONField):
                    query = model._base_manager.annotate(
                        _as_text=Cast(field.name, models.TextField())
                    ).filter(_as_text__icontains=needle)
                else:
                    query = model._base_manager.filter(
                        **{f"{field.name}__icontains": needle}
                    )
                for pk in query.values_list("pk", flat=True)[:5]:
                    hits.append(Hit(meta.db_table, field.column, pk, needle))
    return hits
