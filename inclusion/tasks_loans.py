"""The lending desk's background work: thin tasks that call the services."""

from celery import shared_task
from django.db import DatabaseError


@shared_task(
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def send_loan_reminders() -> dict:
    """Daily: reminders for loans due in 3 days and overdue. Safe to run
    again; each reminder is sent once."""
    from django.utils import timezone

    from inclusion.services.reminders import loan_reminders_send

    sent = loan_reminders_send(today=timezone.localdate())
    return {"emails": sent.emails, "letters": sent.letters}
