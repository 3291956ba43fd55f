"""Registrations with civic for this area (activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from civic.registry import registry

    from . import demo_charter, selectors_charter

    registry.register_activity(
        _("Tech Talent Charter"), selectors_charter.charter_activity
    )
    registry.register_demo_seeder("diversity-charter", demo_charter.seed)
