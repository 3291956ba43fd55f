"""Celery task for survey CSV exports (imported from ``TalkLondonConfig.ready``
so the worker registers it)."""

from celery import shared_task

from civic.tasks import RETRY_OPTIONS

EXPORT_TASK = "talk_london.export_survey_csv"


@shared_task(name=EXPORT_TASK, **RETRY_OPTIONS)
def export_survey_csv(job_id: int) -> None:
    from talk_london.services.exports import export_run

    export_run(job_id=job_id)


CLEANUP_TASK = "talk_london.delete_old_survey_exports"


@shared_task(name=CLEANUP_TASK, **RETRY_OPTIONS)
def delete_old_survey_exports() -> int:
    from talk_london.services.exports import exports_delete_old

    return exports_delete_old()


SWEEP_TASK = "talk_london.start_waiting_survey_exports"


@shared_task(name=SWEEP_TASK, **RETRY_OPTIONS)
def start_waiting_survey_exports() -> int:
    from talk_london.services.exports import exports_start_waiting

    return exports_start_waiting()
