"""Public topics for future challenges: proposing, supporting, voting rounds
and the managers' decisions.

The five-support limit is the database's: a person's ``SupporterQuota`` row
is incremented in the same transaction as their ``Support`` insert, and its
CHECK refuses a sixth even when requests race. ``Topic.support_count`` moves
only with F-expressions in that same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from challenges.models import Support, SupporterQuota, Topic, VotingRound
from challenges.models.topics import MAX_ACTIVE_SUPPORTS
from civic.disclosure import SMALL_NUMBER, suppress  # noqa: F401 - re-exported
from civic.models import Borough, User
from civic.services.email import email_send

MANAGE_PERMISSION = "challenges.change_votinground"
MODERATE_PERMISSION = "civic.moderate_content"

ROUND_OPEN = "challenges.round.open"
ROUND_CLOSE = "challenges.round.close"
TOPIC_DECIDE = "challenges.topic.decide"

# Borough breakdowns hide counts under this ("fewer than 10"), as Talk
# London's representativeness figures do.


class TopicError(Exception):
    """A request the rules refuse; ``message`` is for the person."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def limit_message() -> str:
    return _(
        "You have already supported %(limit)s topics in this round. Withdraw "
        "support from one to support another."
    ) % {"limit": MAX_ACTIVE_SUPPORTS}


def can_manage(user) -> bool:
    return user.is_authenticated and user.has_perm(MANAGE_PERMISSION)


def can_moderate(user) -> bool:
    return user.is_authenticated and user.has_perm(MODERATE_PERMISSION)


def open_round() -> VotingRound | None:
    return VotingRound.objects.filter(status=VotingRound.Status.OPEN).first()


# --- the public side ---------------------------------------------------------


def topic_propose(
    *,
    user: User,
    title: str,
    problem: str,
    who_it_affects: str,
    borough: Borough | None,
) -> Topic:
    """A new topic joins the open round, or waits (no round) for the next."""
    return Topic.objects.create(
        voting_round=open_round(),
        title=title.strip(),
        problem=problem.strip(),
        who_it_affects=who_it_affects.strip(),
        borough=borough,
        proposed_by=user,
    )


def _check_open(topic: Topic) -> None:
    if topic.is_hidden:
        raise TopicError("hidden", _("This topic cannot be supported."))
    voting_round = topic.voting_round
    if voting_round is None:
        raise TopicError(
            "waiting", _("This topic is waiting for the next voting round.")
        )
    if voting_round.status != VotingRound.Status.OPEN:
        raise TopicError("closed", _("Voting in this round has closed."))


def topic_support(*, topic: Topic, user: User) -> Support:
    """Support a topic in the open round: once per topic, at most five per round.

    Raises ``TopicError`` with code ``closed``, ``already`` or ``limit``.
    """
    with transaction.atomic():
        # Re-read the round inside the transaction: a round closed a moment
        # ago refuses the support.
        topic = Topic.objects.select_related("voting_round").get(pk=topic.pk)
        _check_open(topic)
        quota, _created = SupporterQuota.objects.get_or_create(
            voting_round_id=topic.voting_round_id, user=user
        )
        try:
            with transaction.atomic():
                support = Support.objects.create(topic=topic, user=user)
        except IntegrityError as error:
            raise TopicError("already", _("You already support this topic.")) from error
        try:
            # The row lock taken here serialises one person's supports; the
            # CHECK (at most 5) refuses the sixth.
            with transaction.atomic():
                SupporterQuota.objects.filter(pk=quota.pk).update(
                    active_supports=F("active_supports") + 1
                )
        except IntegrityError as error:
            raise TopicError("limit", limit_message()) from error
        Topic.objects.filter(pk=topic.pk).update(support_count=F("support_count") + 1)
    return support


def topic_withdraw(*, topic: Topic, user: User) -> None:
    """Withdraw a support while the round is open, freeing a place."""
    with transaction.atomic():
        topic = Topic.objects.select_related("voting_round").get(pk=topic.pk)
        if topic.voting_round is None or (
            topic.voting_round.status != VotingRound.Status.OPEN
        ):
            raise TopicError("closed", _("Voting in this round has closed."))
        deleted, _rows = Support.objects.filter(topic=topic, user=user).delete()
        if not deleted:
            raise TopicError("not_supported", _("You do not support this topic."))
        SupporterQuota.objects.filter(
            voting_round_id=topic.voting_round_id, user=user
        ).update(active_supports=F("active_supports") - 1)
        Topic.objects.filter(pk=topic.pk).update(support_count=F("support_count") - 1)


def supported_topic_ids(user, voting_round: VotingRound | None) -> set[int]:
    if not user.is_authenticated or voting_round is None:
        return set()
    return set(
        Support.objects.filter(user=user, topic__voting_round=voting_round).values_list(
            "topic_id", flat=True
        )
    )


def supports_used(user, voting_round: VotingRound | None) -> int:
    if not user.is_authenticated or voting_round is None:
        return 0
    quota = SupporterQuota.objects.filter(voting_round=voting_round, user=user).first()
    return quota.active_supports if quota else 0


# --- rounds and decisions (challenge managers) -------------------------------


def round_open(*, voting_round: VotingRound, user: User) -> VotingRound:
    """Open a round; topics waiting for a round join it. One open at a time
    (the database's partial unique constraint decides)."""
    with transaction.atomic():
        locked = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
        if locked.status != VotingRound.Status.DRAFT:
            raise TopicError(
                "not_draft", _("Only a round that has not opened yet can be opened.")
            )
        locked.status = VotingRound.Status.OPEN
        locked.opened_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "opened_at"])
        except IntegrityError as error:
            raise TopicError(
                "another_open",
                _("Another round is open. Close it before opening this one."),
            ) from error
        joined = Topic.objects.filter(voting_round__isnull=True).update(
            voting_round=locked
        )
        log(
            instance=locked,
            action=ROUND_OPEN,
            user=user,
            title=locked.name,
            data={"note": _("%(count)s waiting topics joined") % {"count": joined}},
        )
    return locked


def round_close(*, voting_round: VotingRound, user: User) -> VotingRound:
    with transaction.atomic():
        locked = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
        if locked.status != VotingRound.Status.OPEN:
            raise TopicError("not_open", _("Only an open round can be closed."))
        locked.status = VotingRound.Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        log(instance=locked, action=ROUND_CLOSE, user=user, title=locked.name)
    return locked


DECISIONS = (Topic.Status.TAKEN_FORWARD, Topic.Status.NOT_TAKEN_FORWARD)


def topic_decide(*, topic: Topic, user: User, status: str, explanation: str) -> Topic:
    """Mark a topic taken forward or not, with the explanation we publish;
    audit-logged, and the proposer is emailed once it is saved."""
    if status not in DECISIONS:
        raise TopicError("bad_status", _("Choose taken forward or not taken forward."))
    explanation = explanation.strip()
    if not explanation:
        raise TopicError("no_explanation", _("Enter an explanation"))
    with transaction.atomic():
        locked = (
            Topic.objects.select_for_update(of=("self",))
            .select_related("proposed_by")
            .get(pk=topic.pk)
        )
        locked.status = status
        locked.explanation = explanation
        locked.save(update_fields=["status", "explanation"])
        log(
            instance=locked,
            action=TOPIC_DECIDE,
            user=user,
            title=locked.title,
            data={"reason": explanation, "status": status},
        )
        if locked.proposed_by is None:  # the proposer deleted their account
            return locked
        email_send(
            to=locked.proposed_by.email,
            template="challenges/email/topic_decided",
            context={
                "topic": locked,
                "user": locked.proposed_by,
                "taken_forward": status == Topic.Status.TAKEN_FORWARD,
                "url": settings.SITE_URL
                + reverse("challenges:topic_detail", args=[locked.pk]),
            },
        )
    return locked


# --- results -----------------------------------------------------------------


@dataclass(frozen=True)
class BoroughCount:
    label: str
    count: int | None  # None when hidden
    small: bool = False

    @property
    def display(self) -> str:
        if self.count is not None:
            return f"{self.count:,}"
        if self.small:
            return str(_("fewer than %(small)s") % {"small": SMALL_NUMBER})
        # Hidden only so that a small count cannot be worked out.
        return str(_("hidden"))


def round_topics_by_support(voting_round: VotingRound) -> QuerySet[Topic]:
    return voting_round.topics.select_related("borough", "proposed_by").order_by(
        "-support_count", "created_at", "pk"
    )


def supports_by_borough(voting_round: VotingRound) -> tuple[int, list[BoroughCount]]:
    """Supports in a round by the supporter's borough, in one grouped query.

    Small counts are suppressed (see ``suppress``). Boroughs with no supports
    are left out; people who have not given a borough are "Not known", last.
    Rows are in name order, not by size, so that the order gives nothing away.
    """
    rows = list(
        Support.objects.filter(topic__voting_round=voting_round)
        .values_list("user__borough__name")
        .annotate(n=Count("pk"))
        .order_by("user__borough__name")
    )
    rows.sort(key=lambda row: (row[0] is None, row[0] or ""))
    counts = [n for _name, n in rows]
    hidden = suppress(counts)
    cells = [
        BoroughCount(
            label=name or str(_("Not known")),
            count=None if hide else n,
            small=n < SMALL_NUMBER,
        )
        for (name, n), hide in zip(rows, hidden, strict=True)
    ]
    return sum(counts), cells


# --- "Your activity" -----------------------------------------------------------


def topic_activity(user, limit: int) -> list:
    """Topics a person proposed or supports, newest first: two queries."""
    from civic.registry import ActivityItem

    section = _("Civic Innovation Challenge")
    proposed = Topic.objects.filter(proposed_by=user, is_hidden=False).order_by(
        "-created_at"
    )[:limit]
    supports = (
        Support.objects.filter(user=user, topic__is_hidden=False)
        .select_related("topic")
        .order_by("-created_at")[:limit]
    )
    items = [
        ActivityItem(
            title=_("Proposed “%(title)s”") % {"title": topic.title},
            url=topic.get_absolute_url(),
            when=topic.created_at,
            section=section,
            status=topic.get_status_display(),
        )
        for topic in proposed
    ] + [
        ActivityItem(
            title=_("Supported “%(title)s”") % {"title": support.topic.title},
            url=support.topic.get_absolute_url(),
            when=support.created_at,
            section=section,
        )
        for support in supports
    ]
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]
