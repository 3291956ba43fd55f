"""Taking a person's name and contact details out of free text that stays.

Some records outlive a deleted account because they belong to someone else
(a startup's application, a panel's scores): their free text may still
mention the person by name or email. ``redact`` replaces each given string,
whatever its case, with a fixed marker. It cannot find a nickname or a first
name on its own; apps pass every string they hold for the person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import models

REMOVED = "[removed]"
# Shorter strings (initials, "Jo") would match inside ordinary words.
MIN_LENGTH = 4


def needles(strings: Iterable[str | None]) -> list[str]:
    """The strings worth looking for, longest first (so "Jo Bloggs" goes
    before "Bloggs" leaves "Jo [removed]")."""
    found = {s.strip() for s in strings if s and len(s.strip()) >= MIN_LENGTH}
    return sorted(found, key=len, reverse=True)


def redact(text: str, strings: Iterable[str | None]) -> str:
    wanted = needles(strings)
    if not text or not wanted:
        return text
    pattern = re.compile("|".join(re.escape(s) for s in wanted), re.IGNORECASE)
    return pattern.sub(REMOVED, text)


def redact_fields(
    queryset: models.QuerySet, fields: Iterable[str], strings: Iterable[str | None]
) -> int:
    """Redact ``fields`` of every row in ``queryset`` that mentions any of
    ``strings``; returns how many rows changed. Only rows that match are
    loaded, so this is cheap when (as usual) nothing does."""
    wanted = needles(strings)
    fields = list(fields)
    if not wanted or not fields:
        return 0
    match = models.Q()
    for field in fields:
        for needle in wanted:
            match |= models.Q(**{f"{field}__icontains": needle})
    changed = 0
    for row in queryset.filter(match):
        for field in fields:
            setattr(row, field, redact(getattr(row, field), wanted))
        row.save(update_fields=fields)
        changed += 1
    return changed


def redact_log_entries(strings: Iterable[str | None]) -> int:
    """Take the strings out of Wagtail's audit log (entries' labels and data),
    keeping the entries: that something happened, when and to which record.
    Returns how many entries changed."""
    import json

    from django.db.models.functions import Cast
    from wagtail.models import ModelLogEntry, PageLogEntry

    wanted = needles(strings)
    if not wanted:
        return 0
    changed = 0
    for model in (ModelLogEntry, PageLogEntry):
        rows = model.objects.annotate(_data=Cast("data", models.TextField()))
        match = models.Q()
        for needle in wanted:
            match |= models.Q(label__icontains=needle) | models.Q(
                _data__icontains=needle
            )
        for entry in rows.filter(match):
            entry.label = redact(entry.label, wanted)
            entry.data = json.loads(
                redact(json.dumps(entry.data, ensure_ascii=False), wanted)
            )
            entry.save(update_fields=["label", "data"])
            changed += 1
    return changed
