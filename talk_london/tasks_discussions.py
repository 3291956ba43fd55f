"""Celery tasks for discussions (imported from ``TalkLondonConfig.ready`` so the
worker registers them; ``tasks.py`` is left to the other Talk London parts)."""

from celery import shared_task

from civic.tasks import RETRY_OPTIONS

DIGEST_TASK = "talk_london.send_discussion_digests"


@shared_task(name=DIGEST_TASK, **RETRY_OPTIONS)
def send_discussion_digests() -> int:
    from talk_london.services.discussion_digests import digests_send

    return digests_send()
