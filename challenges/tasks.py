from celery import shared_task

from civic.tasks import RETRY_OPTIONS

OVERDUE_TASK = "challenges.tasks.send_overdue_milestone_reminders"


@shared_task(name=OVERDUE_TASK, **RETRY_OPTIONS)
def send_overdue_milestone_reminders() -> int:
    from .services.pilots import overdue_reminders_send

    return overdue_reminders_send()
