from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    from_email=None,
    headers: dict[str, str] | None = None,
) -> None:
    """Send one rendered email. Enqueued only by civic.services.email.email_send."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, to=to, from_email=from_email, headers=headers
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task
def expire_old_invitations() -> int:
    from civic.models import OrganisationInvitation

    deleted, _ = OrganisationInvitation.objects.filter(
        accepted_at__isnull=True,
        expires_at__lt=timezone.now() - timezone.timedelta(days=30),
    ).delete()
    return deleted


@shared_task
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
