"""Crowdfund London's background work: thin tasks that call the services."""

from celery import shared_task

from civic.tasks import RETRY_OPTIONS

CLOSE_TASK = "crowdfund.close_due_campaigns"


@shared_task(name=CLOSE_TASK, **RETRY_OPTIONS)
def close_due_campaigns() -> int:
    from crowdfund.services.closing import campaigns_close_due, collection_resume
    from crowdfund.services.pledges import pledges_reconcile

    # Payments that went through without the backer coming back count first.
    pledges_reconcile()
    closed = campaigns_close_due()
    collection_resume()
    return len(closed)


@shared_task(name="crowdfund.pledge_collect", **RETRY_OPTIONS)
def pledge_collect(pledge_id: int) -> str:
    from crowdfund.models import Pledge
    from crowdfund.services.closing import RETRY, retry_delay
    from crowdfund.services.closing import pledge_collect as collect

    outcome = collect(pledge_id=pledge_id)
    if outcome == RETRY:
        attempts = (
            Pledge.objects.filter(pk=pledge_id)
            .values_list("collection_attempts", flat=True)
            .first()
        )
        pledge_collect.apply_async(
            args=[pledge_id], countdown=retry_delay(attempts or 1)
        )
    return outcome


@shared_task(name="crowdfund.pledge_release", **RETRY_OPTIONS)
def pledge_release(pledge_id: int) -> None:
    from crowdfund.services.closing import pledge_release_payment

    pledge_release_payment(pledge_id=pledge_id)
