"""Voting in a poll: once per person, or once per browser session."""

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.crypto import salted_hmac

from talk_london.models import Poll, PollOption, PollVote
from talk_london.representativeness import width_class


class PollError(Exception):
    def __init__(self, code: str, message: str = ""):
        super().__init__(message or code)
        self.code = code
        self.message = message or code


def session_hash(session_key: str) -> str:
    """A keyed hash of the session key: enough to tell sessions apart, and
    useless to anyone who reads the table."""
    return salted_hmac(
        "talk_london.poll_vote", session_key, algorithm="sha256"
    ).hexdigest()


def poll_vote(
    *, poll: Poll, option: PollOption, user=None, session_key: str = ""
) -> PollVote:
    """Record one vote. The unique constraints decide who already voted, so two
    clicks (or two threads) cannot both count."""
    if not poll.is_open:
        raise PollError("closed")
    if option.poll_id != poll.pk:
        raise PollError("wrong_option")
    signed_in = user is not None and user.is_authenticated
    if not signed_in and not session_key:
        raise PollError("no_session")
    try:
        with transaction.atomic():
            return PollVote.objects.create(
                poll=poll,
                option=option,
                user=user if signed_in else None,
                session_hash="" if signed_in else session_hash(session_key),
            )
    except IntegrityError as error:
        raise PollError("already_voted") from error


def has_voted(*, poll: Poll, user=None, session_key: str = "") -> bool:
    if user is not None and user.is_authenticated:
        return PollVote.objects.filter(poll=poll, user=user).exists()
    if not session_key:
        return False
    return PollVote.objects.filter(
        poll=poll, user__isnull=True, session_hash=session_hash(session_key)
    ).exists()


def poll_results(*, poll: Poll) -> tuple[list[dict], int]:
    """Each option with its votes, counted by the database in one query."""
    options = list(
        poll.options.annotate(vote_count=Count("votes")).order_by("sort_order", "pk")
    )
    total = sum(option.vote_count for option in options)
    results = []
    for option in options:
        percent = round(100 * option.vote_count / total, 1) if total else 0.0
        results.append(
            {
                "option": option,
                "votes": option.vote_count,
                "percent": percent,
                "width_class": width_class(percent),
            }
        )
    return results, total
