"""Small registries that feature apps fill from their ``AppConfig.ready()``.

civic never imports a feature app; a feature app tells civic what it has:
content that can be reported (moderation), what a person has done
("my account" activity), how to seed demo data, and what editors can embed
in CMS pages (a poll, say) through ``civic.blocks.EmbedBlock``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import models


@dataclass(frozen=True)
class ActivityItem:
    """One thing a person did, shown on their "Your activity" page."""

    title: str
    url: str
    when: datetime
    section: str  # e.g. "Talk London", "Crowdfund London"
    status: str = ""


ActivityProvider = Callable[..., Iterable[ActivityItem]]


@dataclass(frozen=True)
class ModeratedType:
    model: type[models.Model]
    label: str  # what a moderator calls it: "Organisation profile", "Forum post"
    get_title: Callable[[models.Model], str]
    get_url: Callable[[models.Model], str]
    get_author: Callable[[models.Model], object | None] = lambda obj: None


EmbedRender = Callable[[str, object], str]
EmbedChoices = Callable[[], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class EmbedKind:
    kind: str
    label: str
    # render(reference, request) -> HTML; request may be None (e.g. previews
    # rendered outside a request).
    render: EmbedRender
    # choices() -> (reference, label) pairs an editor can embed now.
    choices: EmbedChoices


@dataclass(frozen=True)
class PersonalDataSection:
    """What one app holds about a person, for UK GDPR rights.

    ``export(user)`` returns JSON-serialisable data: a dict of headings to
    lists of records (dicts of plain values), everything the app holds about
    that person. ``erase(user)`` runs inside the account-deletion transaction,
    before the user row is deleted: it deletes what can go and anonymises what
    must stay (pledges for the financial record, forum posts for the
    conversation's sake), so that afterwards nothing in the app's tables
    names or identifies the person. ``description`` tells the privacy notice
    what is held, why, and for how long.
    """

    section: str
    export: Callable[[object], dict]
    erase: Callable[[object], None]
    description: str = ""
    # ``blockers(user)`` lists why the account cannot be deleted yet (each a
    # sentence saying what to do instead), when the law or other people's
    # money requires it; ``erase`` refuses the same cases if they appear later.
    blockers: Callable[[object], list[str]] | None = None


@dataclass(frozen=True)
class RetentionRule:
    """Data deleted automatically after a period (the nightly retention task).

    ``purge(now)`` deletes what is past its period and returns how many
    records went; ``period_setting`` names the key in
    ``settings.CIVIC_RETENTION_DAYS`` that holds the period in days.
    """

    name: str
    purge: Callable[[datetime], int]
    period_setting: str
    description: str = ""


@dataclass
class Registry:
    activity_providers: dict[str, ActivityProvider] = field(default_factory=dict)
    moderated_types: dict[str, ModeratedType] = field(default_factory=dict)
    demo_seeders: dict[str, Callable[..., None]] = field(default_factory=dict)
    embeds: dict[str, EmbedKind] = field(default_factory=dict)
    # name -> (order, seeder); see civic.scale and ``seed_scale``.
    scale_seeders: dict[str, tuple[int, Callable[..., None]]] = field(
        default_factory=dict
    )
    bench_pages: dict[str, Callable[[], list]] = field(default_factory=dict)
    personal_data: dict[str, PersonalDataSection] = field(default_factory=dict)
    retention_rules: dict[str, RetentionRule] = field(default_factory=dict)

    def register_activity(self, section: str, provider: ActivityProvider) -> None:
        """``provider(user, limit)`` returns that person's newest items, at most ``limit``."""
        self.activity_providers[section] = provider

    def register_moderated(
        self,
        model: type[models.Model],
        *,
        label: str,
        get_title: Callable[[models.Model], str] = str,
        get_url: Callable[[models.Model], str] = lambda obj: obj.get_absolute_url(),
        get_author: Callable[[models.Model], object | None] = lambda obj: None,
    ) -> None:
        key = model._meta.label_lower
        self.moderated_types[key] = ModeratedType(
            model, label, get_title, get_url, get_author
        )

    def moderated_type_for(self, model_or_label) -> ModeratedType | None:
        key = (
            model_or_label
            if isinstance(model_or_label, str)
            else model_or_label._meta.label_lower
        )
        return self.moderated_types.get(key)

    def register_demo_seeder(self, name: str, seeder: Callable[..., None]) -> None:
        """``seeder(stdout)`` creates that app's demo data; it must be idempotent."""
        self.demo_seeders[name] = seeder

    def register_scale_seeder(
        self, name: str, seeder: Callable[..., None], *, order: int = 50
    ) -> None:
        """``seeder(scale, progress, rng)`` bulk-creates that app's share of a
        city's worth of data for the benchmark (``manage.py seed_scale``).
        Lower ``order`` runs first (civic's users run at 0)."""
        self.scale_seeders[name] = (order, seeder)

    def register_bench_pages(self, name: str, pages: Callable[[], list]) -> None:
        """``pages()`` lists that app's key pages (``civic.scale.BenchPage``)
        in a seeded benchmark database, for ``benchmarks/bench.py``."""
        self.bench_pages[name] = pages

    def register_personal_data(
        self,
        section: str,
        *,
        export: Callable[[object], dict],
        erase: Callable[[object], None],
        description: str = "",
        blockers: Callable[[object], list[str]] | None = None,
    ) -> None:
        """An app's part of "Download my data" and "Delete my account"."""
        self.personal_data[section] = PersonalDataSection(
            section, export, erase, description, blockers
        )

    def register_retention(
        self,
        name: str,
        *,
        purge: Callable[[datetime], int],
        period_setting: str,
        description: str = "",
    ) -> None:
        """Something deleted automatically once older than its period."""
        self.retention_rules[name] = RetentionRule(
            name, purge, period_setting, description
        )

    def register_embed(
        self,
        kind: str,
        *,
        label: str,
        render: EmbedRender,
        choices: EmbedChoices,
    ) -> None:
        """Let editors embed ``kind`` things (e.g. "poll") in CMS pages.

        ``render(reference, request)`` returns trusted HTML for one item and
        ``choices()`` lists the (reference, label) pairs that can be embedded.
        """
        self.embeds[kind] = EmbedKind(kind, label, render, choices)

    def embed_for(self, kind: str) -> EmbedKind | None:
        return self.embeds.get(kind)


registry = Registry()
