"""Survey CSV exports: staff ask for one, a Celery task writes it in chunks
to private storage, and staff download it from the admin once it is done."""

from __future__ import annotations

import csv
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from talk_london.models import Answer, ExportJob, Question, Response, Survey
from talk_london.models.surveys import QuestionKind, ResponseStatus

CHUNK_SIZE = 2000
EXPORT_DIR = "exports"
KEEP_FOR = timedelta(days=7)
# A running job whose worker has written nothing for this long has lost it
# (a chunk of 2,000 rows takes seconds).
STALE_AFTER = timedelta(minutes=10)
# A queued job younger than this still has its own task on the way.
SWEEP_GRACE = timedelta(minutes=2)
# Older jobs are left to the weekly clean-up; staff will have asked again.
SWEEP_WITHIN = timedelta(days=1)


def export_request(*, survey: Survey, user) -> ExportJob:
    """Create a queued job; the task starts only once the job row is committed,
    so the worker can never look for a job that does not exist yet."""
    from civic.tasks import enqueue
    from talk_london.tasks_exports import export_survey_csv

    # A second click while an export is under way shows that export rather
    # than starting another (unless it has been stuck for an hour).
    unfinished = (
        ExportJob.objects.filter(
            survey=survey,
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
            created_at__gte=timezone.now() - timedelta(hours=1),
        )
        .order_by("-created_at")
        .first()
    )
    if unfinished is not None:
        return unfinished
    job = ExportJob.objects.create(survey=survey, requested_by=user)
    # A broker that is down does not fail the request: the job stays queued,
    # and asking again after an hour starts another (see above).
    transaction.on_commit(lambda: enqueue(export_survey_csv, job.pk))
    return job


def respondent_id(*, survey_id: int, user_id: int) -> str:
    """A pseudonymous id: the same person gets the same id within one survey
    (so rows can be told apart and deduplicated), but a different id in every
    other survey, and nobody without SECRET_KEY can turn it back into a user."""
    return salted_hmac(
        f"talk_london.export.survey.{survey_id}", str(user_id), algorithm="sha256"
    ).hexdigest()[:16]


def safe_cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_file_path(job: ExportJob) -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / job.file_path


def _submitted(survey: Survey):
    return Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)


def export_rows(
    *, survey: Survey, on_chunk: Callable[[int], None] = lambda done: None
) -> Iterator[list]:
    """A header, then one row per submitted response (no names, emails or
    user ids). Responses are read ``CHUNK_SIZE`` at a time with their answers
    prefetched once per chunk, so the number of queries does not depend on
    the number of responses. ``on_chunk(rows_done)`` runs after each chunk."""
    questions = list(
        Question.objects.filter(survey=survey).order_by("sort_order", "pk")
    )
    yield [
        "Respondent",
        "Sent",
        *[f"{n}. {q.text}" for n, q in enumerate(questions, 1)],
    ]
    column = {q.pk: i for i, q in enumerate(questions)}
    kinds = {q.pk: q.kind for q in questions}
    responses = (
        _submitted(survey)
        .only("pk", "user_id", "submitted_at")
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("option", "borough").order_by(
                    "question_id", "rank", "option__position", "pk"
                ),
            )
        )
    )
    done = 0
    for response in responses.iterator(chunk_size=CHUNK_SIZE):
        cells = [[] for _ in questions]
        for answer in response.answers.all():
            if answer.question_id not in column:
                continue
            parts = cells[column[answer.question_id]]
            if answer.option_id:
                label = answer.option.label
                if kinds[answer.question_id] == QuestionKind.RANKING:
                    label = f"{answer.rank}. {label}"
                if answer.text_value:
                    label = f"{label}: {answer.text_value}"
                parts.append(label)
            elif answer.borough_id:
                parts.append(answer.borough.name)
            elif answer.number_value is not None:
                parts.append(str(answer.number_value))
            elif answer.text_value:
                parts.append(answer.text_value)
        yield [
            # A deleted member's kept response has no user: its own row id
            # keeps it apart from the others'.
            respondent_id(
                survey_id=survey.pk, user_id=response.user_id or f"r{response.pk}"
            ),
            response.submitted_at.strftime("%Y-%m-%d %H:%M"),
            *["; ".join(parts) for parts in cells],
        ]
        done += 1
        if done % CHUNK_SIZE == 0:
            on_chunk(done)
    on_chunk(done)


def export_run(*, job_id: int) -> ExportJob | None:
    """Write the job's CSV. Safe to run twice: a finished job is left alone,
    and a job interrupted half way is started again from the beginning (the
    file is written under a temporary name and renamed at the end)."""
    job = ExportJob.objects.select_related("survey").filter(pk=job_id).first()
    if job is None or job.status == ExportJob.Status.DONE:
        return job
    # Take the job in one UPDATE: of two workers given it at once (its own
    # task and the sweep's), exactly one writes it. A job another worker is
    # writing (a recent heartbeat) is left to that worker.
    now = timezone.now()
    claimed = (
        ExportJob.objects.filter(pk=job.pk)
        .filter(
            Q(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.FAILED])
            | Q(status=ExportJob.Status.RUNNING, heartbeat_at__isnull=True)
            | Q(status=ExportJob.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
        )
        .update(
            status=ExportJob.Status.RUNNING,
            heartbeat_at=now,
            rows_done=0,
            rows_total=0,
            error="",
        )
    )
    if not claimed:
        job.refresh_from_db()
        return job
    survey = job.survey
    total = _submitted(survey).count()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total)
    relative = Path(EXPORT_DIR) / (
        f"survey-{survey.pk}-export-{job.pk}-{secrets.token_hex(8)}.csv"
    )
    target = Path(settings.PRIVATE_MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")

    def progress(done: int) -> None:
        # Responses sent while the export runs can push past the first count.
        ExportJob.objects.filter(pk=job.pk).update(
            rows_done=done, rows_total=max(total, done), heartbeat_at=timezone.now()
        )

    try:
        with partial.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in export_rows(survey=survey, on_chunk=progress):
                writer.writerow([safe_cell(cell) for cell in row])
        os.replace(partial, target)
    except Exception as error:
        partial.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            error=str(error)[:1000],
            finished_at=timezone.now(),
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file_path=str(relative),
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def exports_start_waiting(*, now=None) -> int:
    """Queue again the exports whose task never reached a worker (the broker
    was down when staff asked) or whose worker died part way. Run by Celery
    beat; ``export_run`` takes each job once, so a job whose own task turns up
    as well is still written once. Returns how many were queued."""
    from civic.tasks import enqueue
    from talk_london.tasks_exports import export_survey_csv

    now = now or timezone.now()
    waiting = ExportJob.objects.filter(created_at__gte=now - SWEEP_WITHIN).filter(
        Q(status=ExportJob.Status.QUEUED, created_at__lt=now - SWEEP_GRACE)
        | Q(status=ExportJob.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER)
    )
    queued = 0
    for job_id in waiting.values_list("pk", flat=True):
        queued += enqueue(export_survey_csv, job_id)
    return queued


def exports_delete_old(*, now=None) -> int:
    """Delete exports (files and jobs) older than a week: the files hold what
    people wrote, so they are not kept longer than staff need to download
    them. Returns how many jobs were deleted."""
    cutoff = (now or timezone.now()) - KEEP_FOR
    old = list(ExportJob.objects.filter(created_at__lt=cutoff))
    for job in old:
        if job.file_path:
            export_file_path(job).unlink(missing_ok=True)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
