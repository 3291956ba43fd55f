"""Registrations with civic for this area (moderation, activity, demo data, beat)."""


def ready() -> None:
    from celery.schedules import crontab

    from civic.celery import add_periodic_task
    from civic.registry import registry

    from . import tasks
    from .activity_assessment import ACTIVITY_SECTION, assessment_activity

    registry.register_activity(ACTIVITY_SECTION, assessment_activity)
    # 08:00 London time: overdue milestones, at most one reminder a day each.
    add_periodic_task(
        "challenges-overdue-milestones",
        tasks.OVERDUE_TASK,
        crontab(hour=8, minute=0),
    )
