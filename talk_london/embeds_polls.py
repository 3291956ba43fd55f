"""Polls embedded in CMS pages through civic's embed registry (registered as
kind "poll" from ``TalkLondonConfig.ready``; the reference is the poll's slug)."""

from __future__ import annotations

import logging

from django.template.loader import render_to_string

from talk_london.forms.polls import VoteForm
from talk_london.models import Poll
from talk_london.services.polls import poll_results
from talk_london.views.polls import request_has_voted

logger = logging.getLogger(__name__)


def poll_embed_choices() -> list[tuple[str, str]]:
    return list(Poll.objects.order_by("question").values_list("slug", "question"))


def poll_embed_render(reference: str, request) -> str:
    """The vote form (posting to the poll's own page, which counts the vote and
    shows the results) or, once this visitor has voted or the poll has closed,
    the results."""
    poll = Poll.objects.filter(slug=reference).first()
    if poll is None:
        logger.warning("Embedded poll %r no longer exists", reference)
        return ""
    results, total = poll_results(poll=poll)
    voted = request_has_voted(request, poll) if request is not None else False
    form = None
    if poll.is_open and not voted:
        form = VoteForm(
            poll=poll,
            options=[result["option"] for result in results],
            # Unique ids, so a page can embed more than one poll.
            auto_id=f"poll-{poll.pk}-%s",
        )
    return render_to_string(
        "talk_london/polls/_embed.html",
        {
            "poll": poll,
            "form": form,
            "voted": voted,
            "results": results,
            "total": total,
        },
        request=request,
    )
