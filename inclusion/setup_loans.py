"""Registrations with civic for this area (activity, demo data, beat)."""

from celery.schedules import crontab

REMINDERS_TASK = "inclusion.tasks_loans.send_loan_reminders"


def ready() -> None:
    from civic.celery import add_periodic_task

    # Importing registers the task with the worker (autodiscovery only finds
    # modules called tasks.py), and the audit-log labels every lending service
    # needs (wagtail_hooks imports them too; a module is only imported once).
    from . import tasks_loans, wagtail_loans  # noqa: F401

    add_periodic_task(
        "inclusion-send-loan-reminders", REMINDERS_TASK, crontab(hour=8, minute=0)
    )
