from celery import shared_task

from civic.tasks import RETRY_OPTIONS

CLOSE_YEARS_TASK = "diversity.tasks_charter.close_due_reporting_years"


@shared_task(name=CLOSE_YEARS_TASK, **RETRY_OPTIONS)
def close_due_reporting_years() -> int:
    from .services.submissions import years_close_due

    return years_close_due()
