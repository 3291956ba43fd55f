"""Talk London's part of "Download my data" and "Delete my account", and its
retention rules (``talk_london.personal_data``)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import timezone

from civic.models import User
from civic.registry import registry
from civic.services.privacy import account_delete, account_export
from civic.tests.factories import UserFactory
from talk_london.models import (
    AboutYou,
    Agreement,
    Membership,
    Poll,
    PollOption,
    PollVote,
    Post,
    Response,
    Thread,
)
from talk_london.models.surveys import ResponseStatus
from talk_london.personal_data import purge_special_category, purge_survey_drafts
from talk_london.services.discussions import post_agree
from talk_london.tests.factories import (
    AboutYouFactory,
    PostFactory,
    SurveyFactory,
    ThreadFactory,
)

pytestmark = pytest.mark.django_db


def test_talk_london_registers_its_section_and_retention_rules():
    assert "Talk London" in registry.personal_data
    rules = registry.retention_rules
    assert rules["talk_london_about_you"].period_setting == "special_category"
    assert rules["talk_london_survey_drafts"].period_setting == "survey_drafts"


def test_posts_and_threads_stay_by_a_former_member(topic, other_member):
    author = UserFactory(email="ada@example.org", display_name="Ada Lovelane")
    thread = ThreadFactory(topic=topic, author=author, title="Night buses")
    PostFactory(thread=thread, author=author, body_source="Ada Lovelane here: more!")
    PostFactory(thread=thread, author=other_member, body_source="Agreed")
    Thread.objects.filter(pk=thread.pk).update(post_count=2)

    account_delete(user=author)

    opening = Post.objects.filter(thread=thread).order_by("pk").first()
    assert opening.author is None
    assert opening.body_source == "[removed] here: more!"
    assert "Lovelane" not in opening.body
    thread.refresh_from_db()
    assert thread.author is None and thread.author_name == "A former member"

    page = Client().get(thread.get_absolute_url()).content.decode()
    assert page.count("A former member") == 1
    assert "started the thread" not in page  # nobody can tell who did now
    assert "[removed] here: more!" in page
    listing = Client().get(topic.get_absolute_url()).content.decode()
    assert "Started by A former member" in listing


def test_posts_nobody_has_seen_go_and_agreements_are_taken_back(
    thread, post, other_member
):
    author = UserFactory()
    waiting = ThreadFactory(topic=thread.topic, author=author, awaiting_moderation=True)
    PostFactory(thread=waiting, author=author, status=Post.Status.PENDING)
    PostFactory(thread=thread, author=author, status=Post.Status.REJECTED)
    post_agree(post=post, user=author)
    assert Post.objects.get(pk=post.pk).agree_count == 1

    account_delete(user=author)

    assert not Thread.objects.filter(pk=waiting.pk).exists()
    assert not Post.objects.filter(author=None).exists()
    assert not Agreement.objects.exists()
    assert Post.objects.get(pk=post.pk).agree_count == 0
    assert Thread.objects.get(pk=thread.pk).agree_count == 0


def test_a_post_without_an_author_can_be_moderated_and_emailed(thread, other_member):
    orphan = PostFactory(thread=thread, author=None)
    moderated = registry.moderated_type_for(Post)
    assert "A former member" in moderated.get_title(orphan)
    assert moderated.get_author(orphan) is None
    body = render_to_string(
        "talk_london/email/discussion_digest_body.txt",
        {"user": other_member, "sections": [{"thread": thread, "posts": [orphan]}]},
    )
    assert "- A former member," in body


def test_about_you_and_membership_are_deleted_and_survey_answers_handled():
    person = UserFactory()
    AboutYouFactory(user=person)
    closed = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    still_open = SurveyFactory()
    unfinished = SurveyFactory()
    now = timezone.now()
    kept = Response.objects.create(
        survey=closed, user=person, status=ResponseStatus.SUBMITTED, submitted_at=now
    )
    Response.objects.create(
        survey=still_open,
        user=person,
        status=ResponseStatus.SUBMITTED,
        submitted_at=now,
    )
    Response.objects.create(survey=unfinished, user=person)
    other = Response.objects.create(survey=still_open, user=UserFactory())

    account_delete(user=person)

    assert not AboutYou.objects.exists()
    assert not Membership.objects.filter(user_id=person.pk).exists()
    assert list(Response.objects.order_by("pk").values_list("pk", "user_id")) == [
        (kept.pk, None),
        (other.pk, other.user_id),
    ]


def test_a_poll_vote_stays_in_the_count():
    poll = Poll.objects.create(question="More trees?", slug="trees")
    yes = PollOption.objects.create(poll=poll, text="Yes")
    voters = [UserFactory(), UserFactory()]
    for voter in voters:
        PollVote.objects.create(poll=poll, option=yes, user=voter)

    for voter in voters:
        account_delete(user=voter)

    assert PollVote.objects.filter(option=yes).count() == 2
    assert not PollVote.objects.exclude(session_hash="").filter(user__isnull=False)


def test_export_holds_their_answers_and_posts_not_others(thread, post):
    person = UserFactory()
    AboutYouFactory(user=person, age_band="25-34")
    PostFactory(thread=thread, author=person, body_source="My own words")
    post_agree(post=post, user=person)

    section = account_export(user=person)["sections"]["Talk London"]

    assert section["About you"][0]["Age"] == "25 to 34"
    assert [p["Post"] for p in section["Your posts"]] == ["My own words"]
    assert section["Posts you agree with"] == [
        {
            "Thread": thread.title,
            "Agreed": section["Posts you agree with"][0]["Agreed"],
        }
    ]
    assert "Opening post" not in str(section)


# Retention --------------------------------------------------------------------


def _long_ago(days: int):
    return timezone.now() - datetime.timedelta(days=days)


def test_about_you_answers_of_people_gone_quiet_are_purged():
    quiet = UserFactory()
    User.objects.filter(pk=quiet.pk).update(
        last_login=_long_ago(800), date_joined=_long_ago(900)
    )
    active = UserFactory()
    User.objects.filter(pk=active.pk).update(
        last_login=_long_ago(5), date_joined=_long_ago(900)
    )
    never_signed_in = UserFactory()
    User.objects.filter(pk=never_signed_in.pk).update(
        last_login=None, date_joined=_long_ago(800)
    )
    for person in (quiet, active, never_signed_in):
        AboutYouFactory(user=person)
    AboutYou.objects.update(updated_at=_long_ago(800))

    assert purge_special_category(timezone.now()) == 2

    assert list(AboutYou.objects.values_list("user_id", flat=True)) == [active.pk]
    # Membership is not special category data: it stays.
    assert Membership.objects.filter(user=quiet).exists()


def test_special_category_period_comes_from_settings():
    person = UserFactory()
    User.objects.filter(pk=person.pk).update(last_login=_long_ago(40))
    AboutYouFactory(user=person)
    AboutYou.objects.update(updated_at=_long_ago(40))

    assert purge_special_category(timezone.now()) == 0
    with override_settings(CIVIC_RETENTION_DAYS={"special_category": None}):
        assert purge_special_category(timezone.now()) == 0
    with override_settings(CIVIC_RETENTION_DAYS={"special_category": 30}):
        assert purge_special_category(timezone.now()) == 1


def test_unfinished_survey_answers_are_purged_after_the_period():
    survey = SurveyFactory()
    stale = Response.objects.create(survey=survey, user=UserFactory())
    fresh = Response.objects.create(survey=survey, user=UserFactory())
    sent = Response.objects.create(
        survey=survey,
        user=UserFactory(),
        status=ResponseStatus.SUBMITTED,
        submitted_at=_long_ago(100),
    )
    Response.objects.filter(pk__in=[stale.pk, sent.pk]).update(
        updated_at=_long_ago(100)
    )

    assert purge_survey_drafts(timezone.now()) == 1

    assert set(Response.objects.values_list("pk", flat=True)) == {fresh.pk, sent.pk}
    assert not mail.outbox


def test_kept_responses_of_deleted_members_stay_apart_in_the_export():
    from talk_london.services.exports import export_rows

    survey = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    people = [UserFactory(), UserFactory()]
    for person in people:
        Response.objects.create(
            survey=survey,
            user=person,
            status=ResponseStatus.SUBMITTED,
            submitted_at=timezone.now() - datetime.timedelta(days=2),
        )
        account_delete(user=person)

    rows = list(export_rows(survey=survey))[1:]
    assert len(rows) == 2
    assert rows[0][0] != rows[1][0]
