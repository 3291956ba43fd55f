"""Celery task for survey CSV exports (imported from ``TalkLondonConfig.ready``
so the worker registers it)."""

from celery import shared_task
from django.db import OperationalError

EXPORT_TASK = "talk_london.export_survey_csv"


@shared_task(
    name=EXPORT_TASK,
    autoretry_for=(OSError, OperationalError),
    retry_backoff=True,
    retry_kwargs={"max_retries": 5},
)
def export_survey_csv(job_id: int) -> None:
    from talk_london.services.exports import export_run

    export_run(job_id=job_id)


CLEANUP_TASK = "talk_london.delete_old_survey_exports"


@shared_task(name=CLEANUP_TASK, autoretry_for=(OperationalError,), retry_backoff=True)
def delete_old_survey_exports() -> int:
    from talk_london.services.exports import exports_delete_old

    return exports_delete_old()
