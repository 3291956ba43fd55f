"""The lending desk's background work: thin tasks that call the services."""

from celery import shared_task

from civic.tasks import RETRY_OPTIONS


@shared_task(**RETRY_OPTIONS)
def send_loan_reminders() -> dict:
    """Daily: reminders for loans due in 3 days and overdue. Safe to run
    again; each reminder is sent once."""
    from django.utils import timezone

    from inclusion.services.reminders import loan_reminders_send

    sent = loan_reminders_send(today=timezone.localdate())
    return {"emails": sent.emails, "letters": sent.letters}
