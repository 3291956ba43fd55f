"""The platform's background work: email delivery from the outbox, the broker-
tolerant ``enqueue`` every user-facing enqueue goes through, and the record of
tasks that failed for good."""

from __future__ import annotations

import logging
import traceback as traceback_module

from celery import shared_task
from celery.signals import task_failure
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Tasks retry what may pass by itself: the database restarting (a dropped or
# refused connection), a network blip. Not IntegrityError and the like: bugs.
RETRY_ON = (OperationalError, InterfaceError, OSError)
RETRY_OPTIONS = {
    "autoretry_for": RETRY_ON,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}

DRAIN_BATCH = 200


def enqueue(task, *args, **kwargs) -> bool:
    """``task.delay(*args, **kwargs)``, except that a broker that is down is
    logged, not raised: the caller (a view, after its commit) carries on, and
    the periodic sweep that owns this work picks it up later. True if queued."""
    from civic.celery import app

    if app.conf.task_always_eager:
        task.delay(*args, **kwargs)
        return True
    try:
        # No publish retries: a user is waiting, and the sweep will retry.
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except Exception:  # kombu/redis/socket errors all mean "not queued"
        logger.warning(
            "Broker unavailable: %s not queued now", task.name, exc_info=True
        )
        return False
    return True


def _send(email) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        to=list(email.to),
        from_email=email.from_email or None,
        headers=dict(email.headers or {}),
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    message.send()


def outbox_deliver(*, email_id: int) -> bool:
    """Send one pending outbox email, if it is due and nobody else is sending it.

    The row stays locked while the email goes out and is marked sent in the same
    transaction, so two workers (the on-commit task and the sweep) never both
    send it. Returns True if it was sent now."""
    from civic.models import OutboxEmail

    with transaction.atomic():
        email = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(
                pk=email_id,
                status=OutboxEmail.Status.PENDING,
                next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if email is None:
            return False
        email.attempts += 1
        try:
            _send(email)
        except Exception as error:  # SMTP refusals, timeouts, a bad address
            logger.warning("Email %s not sent (attempt %s)", email.pk, email.attempts)
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= OutboxEmail.MAX_ATTEMPTS:
                email.status = OutboxEmail.Status.FAILED
            else:
                email.next_attempt_at = timezone.now() + email.backoff()
            email.save(
                update_fields=["attempts", "last_error", "status", "next_attempt_at"]
            )
            return False
        email.status = OutboxEmail.Status.SENT
        email.sent_at = timezone.now()
        email.save(update_fields=["attempts", "status", "sent_at"])
    return True


@shared_task(name="civic.deliver_outbox_email", **RETRY_OPTIONS)
def deliver_outbox_email(email_id: int) -> bool:
    """Enqueued when the transaction that wrote the email commits."""
    return outbox_deliver(email_id=email_id)


@shared_task(name="civic.drain_outbox", **RETRY_OPTIONS)
def drain_outbox() -> int:
    """Every minute: send every pending email that is due (the ones whose
    on-commit task was never queued, because the broker was down, or failed)."""
    from civic.models import OutboxEmail

    sent = 0
    due = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")
    for email_id in due.values_list("pk", flat=True)[:DRAIN_BATCH]:
        sent += outbox_deliver(email_id=email_id)
    return sent


@shared_task(**RETRY_OPTIONS)
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email=None,
    headers: dict[str, str] | None = None,
) -> None:
    """Kept for messages queued before the outbox existed: they go into it."""
    from civic.models import OutboxEmail

    email = OutboxEmail.objects.create(
        to=list(to),
        subject=subject,
        body=body,
        html_body=html_body,
        from_email=from_email or "",
        headers=dict(headers or {}),
    )
    outbox_deliver(email_id=email.pk)


@shared_task(**RETRY_OPTIONS)
def expire_old_invitations() -> int:
    from civic.models import OrganisationInvitation

    deleted, _ = OrganisationInvitation.objects.filter(
        accepted_at__isnull=True,
        expires_at__lt=timezone.now() - timezone.timedelta(days=30),
    ).delete()
    return deleted


@shared_task(**RETRY_OPTIONS)
def purge_expired_data() -> dict[str, int | None]:
    """Nightly: delete what is past its retention period (civic.retention).

    Idempotent (a second run finds nothing left to delete). Every rule runs
    even if one fails; the task then fails too, so the failure is seen."""
    from civic.retention import run_retention

    results = run_retention()
    failed = [result for result in results if result.error]
    if failed:
        raise RuntimeError(
            "retention rules failed: "
            + "; ".join(f"{result.name}: {result.error}" for result in failed)
        )
    return {result.name: result.removed for result in results}


@task_failure.connect(dispatch_uid="civic-record-failed-task")
def record_failed_task(
    sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **kw
):
    """A task failed for good (Celery sends ``task_failure`` after the last
    retry): keep it where superusers can see it (Wagtail admin, "Failed tasks")."""
    from civic.models import FailedTask

    trace = (
        str(einfo)
        if einfo is not None
        else "".join(traceback_module.format_exception(exception))
    )
    try:
        FailedTask.objects.create(
            task_name=getattr(sender, "name", str(sender))[:200],
            task_id=str(task_id or "")[:255],
            args=repr(args)[:5000],
            kwargs=repr(kwargs)[:5000],
            exception=f"{type(exception).__name__}: {exception}"[:5000],
            traceback=trace[:20000],
        )
    except Exception:  # the database may be what failed; the log still has it
        logger.exception("Could not record the failure of task %s", task_id)
