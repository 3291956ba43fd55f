"""Registrations with civic for this area (activity, demo data, beat)."""

from django.utils.translation import gettext_lazy as _


def ready() -> None:
    from celery.schedules import crontab

    from civic.celery import add_periodic_task
    from civic.registry import registry

    from . import demo_charter, selectors_charter, tasks_charter

    registry.register_activity(
        _("Tech Talent Charter"), selectors_charter.charter_activity
    )
    registry.register_demo_seeder("diversity-charter", demo_charter.seed)
    # Daily, just after midnight: a year whose closing date has passed is
    # locked and audit-logged even if nobody closes it by hand.
    add_periodic_task(
        "diversity-close-due-reporting-years",
        tasks_charter.CLOSE_YEARS_TASK,
        crontab(hour=0, minute=15),
    )
