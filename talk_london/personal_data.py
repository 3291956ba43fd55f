"""Talk London's part of "Download my data" and "Delete my account", and what
it deletes on its own after a while (``CIVIC_RETENTION_DAYS``).

On deletion:
- "about you" answers (special category data) and the membership are deleted;
- forum posts and threads stay for the conversation's sake, shown as by
  "a former member"; the person's name or email inside them is redacted.
  Posts nobody else has seen (waiting for a moderator, or not approved) go;
- agreements, follows and digest records are deleted (counts follow);
- survey answers: a submitted response to a closed survey stays in the
  results without the person (its free text redacted of their name). A
  response to a survey still open is deleted, like an unfinished one: the
  results are not final, and deleting the account is the clearest way
  someone can withdraw what they said;
- poll votes stay as anonymous votes, so a poll's counts do not change.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.caching import bump
from civic.services.privacy import identifying_strings, redact

# Retention periods (days) used when settings.CIVIC_RETENTION_DAYS has none.
DEFAULT_RETENTION_DAYS = {"special_category": 365, "survey_drafts": 30}

DESCRIPTION = _(
    "Your Talk London membership, your “about you” answers (kept apart from "
    "your profile and never shown to anyone; deleted if you leave Talk "
    "London, delete your account or stop signing in for the time our "
    "privacy notice gives), "
    "what you post in discussions, the posts you agree with and threads you "
    "follow, your survey answers (unfinished ones are deleted after the time "
    "our privacy notice gives) and your poll votes."
)


def _retention_days(key: str) -> int | None:
    """The period in days; None keeps everything (the rule is switched off)."""
    configured = getattr(settings, "CIVIC_RETENTION_DAYS", {}) or {}
    days = configured.get(key, DEFAULT_RETENTION_DAYS[key])
    return None if days is None else int(days)


# Export ----------------------------------------------------------------------


def _answer_value(answer) -> object:
    if answer.option_id:
        label = answer.option.label
        if answer.text_value:
            label = f"{label}: {answer.text_value}"
        return (
            f"{answer.rank}. {label}"
            if answer.rank and answer.question.kind == "ranking"
            else label
        )
    if answer.borough_id:
        return answer.borough.name
    if answer.number_value is not None:
        return answer.number_value
    return answer.text_value


def export(user) -> dict:
    from talk_london.models import (
        AboutYou,
        Agreement,
        Membership,
        PollVote,
        Post,
        Response,
        Thread,
        ThreadFollow,
    )
    from talk_london.models.discussions import DiscussionDigest

    membership = Membership.objects.filter(user=user).first()
    about_you = AboutYou.objects.filter(user=user).first()
    responses = (
        Response.objects.filter(user=user)
        .select_related("survey")
        .prefetch_related("answers__question", "answers__option", "answers__borough")
        .order_by("started_at")
    )
    return {
        "Membership": [
            {
                "Joined": membership.joined_at,
                "Terms version accepted": membership.terms_version,
                "Terms accepted": membership.terms_accepted_at,
            }
        ]
        if membership
        else [],
        "About you": [
            {
                "Consent given": about_you.consent_given_at,
                "Consent version": about_you.consent_version,
                "Confirmed": about_you.confirmed_at,
                "Age": about_you.get_age_band_display(),
                "Sex": about_you.get_sex_display(),
                "Gender the same as sex registered at birth": (
                    about_you.get_gender_same_as_sex_display()
                ),
                "Ethnic group": about_you.get_ethnic_group_display(),
                "Ethnic background": about_you.get_ethnic_background_display(),
                "Disability": about_you.get_disability_display(),
                "Working status": about_you.get_working_status_display(),
                "Housing": about_you.get_housing_tenure_display(),
                "Borough code": about_you.borough_code,
            }
        ]
        if about_you
        else [],
        "Threads you started": [
            {
                "Title": thread.title,
                "Topic": thread.topic.title,
                "Started": thread.created_at,
            }
            for thread in Thread.objects.filter(author=user).select_related("topic")
        ],
        "Your posts": [
            {
                "Thread": post.thread.title,
                "Post": post.body_source,
                "Status": post.get_status_display(),
                "Posted": post.created_at,
                "Edited": post.edited_at,
            }
            for post in Post.objects.filter(author=user)
            .select_related("thread")
            .order_by("created_at", "pk")
        ],
        # Which posts: the thread and when, not the other person's words.
        "Posts you agree with": [
            {"Thread": agreement.post.thread.title, "Agreed": agreement.created_at}
            for agreement in Agreement.objects.filter(user=user).select_related(
                "post__thread"
            )
        ],
        "Threads you follow": [
            {"Thread": follow.thread.title, "Since": follow.created_at}
            for follow in ThreadFollow.objects.filter(user=user).select_related(
                "thread"
            )
        ],
        "Discussion emails sent to you": [
            {"Sent": digest.sent_at, "Posts": digest.post_count}
            for digest in DiscussionDigest.objects.filter(user=user)
        ],
        "Survey answers": [
            {
                "Survey": response.survey.title,
                "Status": response.get_status_display(),
                "Started": response.started_at,
                "Submitted": response.submitted_at,
                "Answers": [
                    {
                        "Question": answer.question.text,
                        "Answer": _answer_value(answer),
                    }
                    for answer in sorted(
                        response.answers.all(),
                        key=lambda a: (a.question.sort_order or 0, a.rank or 0, a.pk),
                    )
                ],
            }
            for response in responses
        ],
        "Poll votes": [
            {
                "Poll": vote.poll.question,
                "Answer": vote.option.text,
                "Voted": vote.created_at,
            }
            for vote in PollVote.objects.filter(user=user).select_related(
                "poll", "option"
            )
        ],
    }


# Erasure ---------------------------------------------------------------------


def _erase_discussions(user, strings: list[str]) -> None:
    from talk_london.caching import DISCUSSIONS, thread_area
    from talk_london.models import Agreement, Post, Thread
    from talk_london.services.discussions import post_unagree

    for agreement in Agreement.objects.filter(user=user).select_related("post"):
        post_unagree(post=agreement.post, user=user)
    # A thread only its author and the moderators have seen goes whole.
    for thread in Thread.objects.filter(author=user, awaiting_moderation=True):
        if not thread.posts.exclude(author=user).exists():
            thread.delete()
    Post.objects.filter(
        author=user, status__in=[Post.Status.PENDING, Post.Status.REJECTED]
    ).delete()
    touched = set()
    for post in Post.objects.filter(author=user):
        post.author = None
        post.body = redact(post.body, strings)
        post.body_source = redact(post.body_source, strings)
        post.save(update_fields=["author", "body", "body_source"])
        touched.add(post.thread_id)
    for thread in Thread.objects.filter(author=user):
        thread.author = None
        thread.title = redact(thread.title, strings)
        thread.save(update_fields=["author", "title"])
        touched.add(thread.pk)
    for thread_id in touched:
        bump(thread_area(thread_id=thread_id))
    if touched:
        bump(DISCUSSIONS)


def _erase_surveys(user, strings: list[str]) -> None:
    from talk_london.models import Answer, Response
    from talk_london.models.surveys import ResponseStatus

    now = timezone.now()
    responses = Response.objects.filter(user=user)
    # Unfinished, or for a survey still open: deleted (see the module's doc).
    for response in responses.filter(
        Q(status=ResponseStatus.IN_PROGRESS) | Q(survey__closes_at__gt=now)
    ):
        response.delete()
    for response in responses:
        for answer in Answer.objects.filter(response=response).exclude(text_value=""):
            redacted = redact(answer.text_value, strings)
            if redacted != answer.text_value:
                answer.text_value = redacted
                answer.save(update_fields=["text_value"])
        response.user = None
        response.save(update_fields=["user"])


def erase(user) -> None:
    from talk_london.models import AboutYou, Membership, PollVote

    strings = identifying_strings(user)
    # Special category data: deleted, never kept in any form.
    AboutYou.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).delete()
    _erase_discussions(user, strings)
    _erase_surveys(user, strings)
    # A vote becomes one from nobody in particular (a random token stands in
    # for the browser session that anonymous votes have), so counts hold.
    for vote in PollVote.objects.filter(user=user):
        vote.user = None
        vote.session_hash = secrets.token_hex(32)
        vote.save(update_fields=["user", "session_hash"])
    # Follows and digest records cascade with the user row.


# Retention -------------------------------------------------------------------


def purge_special_category(now: datetime) -> int:
    """ "About you" answers of people who have not signed in for the period
    (and have not changed their answers in it) are deleted."""
    from talk_london.models import AboutYou

    days = _retention_days("special_category")
    if days is None:
        return 0
    cutoff = now - timedelta(days=days)
    stale = AboutYou.objects.filter(updated_at__lt=cutoff).filter(
        Q(user__last_login__lt=cutoff)
        | Q(user__last_login__isnull=True, user__date_joined__lt=cutoff)
    )
    deleted, _counts = stale.delete()
    return deleted


def purge_survey_drafts(now: datetime) -> int:
    """Survey responses started and never submitted, untouched for the period."""
    from talk_london.models import Response
    from talk_london.models.surveys import ResponseStatus

    days = _retention_days("survey_drafts")
    if days is None:
        return 0
    cutoff = now - timedelta(days=days)
    drafts = Response.objects.filter(
        status=ResponseStatus.IN_PROGRESS, updated_at__lt=cutoff
    )
    count = drafts.count()
    for response in drafts:
        response.delete()  # one by one, so the results cache hears of it
    return count


def register() -> None:
    from civic.registry import registry

    registry.register_personal_data(
        "Talk London", export=export, erase=erase, description=DESCRIPTION
    )
    registry.register_retention(
        "talk_london_about_you",
        purge=purge_special_category,
        period_setting="special_category",
        description=_(
            "Talk London “about you” answers of people who have not signed in "
            "for the period."
        ),
    )
    registry.register_retention(
        "talk_london_survey_drafts",
        purge=purge_survey_drafts,
        period_setting="survey_drafts",
        description=_("Survey answers started and never submitted."),
    )
