"""Talk London's routes in the permission matrix (see tests/matrix.py).

Who is who here: ``resident`` and ``other_resident`` have joined Talk London
(members post, answer members-only surveys and the "about you" questions);
everyone else, staff included, has not. Moderators may post without joining.
Things that belong to someone (answers, posts, threads waiting for a
moderator) belong to ``resident``, so ``other_resident`` shows that another
member cannot reach them.

Read-only pages answer a POST with 405: nothing can change through them.
"""

from __future__ import annotations

import datetime
import weakref

from django.utils import timezone

from tests.matrix import (
    PUBLIC,
    Route,
    World,
    admin_only,
    expect,
    snippet_rows,
    staff_only,
)

# Survey results, exports and the survey snippets: Programme managers.
SURVEY_STAFF = ("programme_manager",)
# Discussion topics in the admin: Programme managers and Content editors.
TOPIC_STAFF = ("programme_manager", "content_editor")
# Pre-moderation and pin/lock/close: the Moderators group (civic.moderate_content).
MODERATORS = ("moderator",)  # and superusers, as everywhere

READ_ONLY = expect("405")


# --- shared objects -----------------------------------------------------------


def members(w: World) -> None:
    """``resident`` and ``other_resident`` join Talk London."""

    def make():
        from talk_london.tests.factories import MembershipFactory

        return [
            MembershipFactory(user=w.resident),
            MembershipFactory(user=w.other_resident),
        ]

    w.memo("tl_members", make)


def about_you(w: World, *, confirmed: bool = True):
    members(w)

    def make():
        from talk_london.tests.factories import AboutYouFactory

        return AboutYouFactory(
            user=w.resident,
            member=False,
            confirmed_at=timezone.now() if confirmed else None,
        )

    return w.memo("about_you", make)


def members_survey(w: World, **fields):
    """An open members-only survey with one required short-text question."""
    members(w)

    def make():
        from talk_london.tests.factories import SurveyFactory, add_question

        survey = SurveyFactory(audience="members", **fields)
        add_question(survey, "short_text", "What would make your street better?")
        return survey

    return w.memo("survey", make)


def started_survey(w: World):
    """The members-only survey, with ``resident``'s answers begun."""
    survey = members_survey(w)

    def start():
        from talk_london.services.surveys import response_start

        return response_start(survey=survey, user=w.resident)

    w.memo("response", start)
    return survey


def sent_survey(w: World):
    """A survey ``resident`` has sent their answers to."""
    survey = members_survey(w)

    def send():
        from talk_london.models.surveys import ResponseStatus
        from talk_london.services.surveys import response_start

        response = response_start(survey=survey, user=w.resident)
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.save()
        return response

    w.memo("response", send)
    return survey


def published_survey(w: World):
    def make():
        from talk_london.tests.factories import SurveyFactory, add_question

        survey = SurveyFactory(
            opens_at=timezone.now() - datetime.timedelta(days=30),
            closes_at=timezone.now() - datetime.timedelta(days=1),
            you_said="Most of you want more trees.",
            results_published=True,
        )
        add_question(
            survey, "single", "Trees or benches?", options=["Trees", "Benches"]
        )
        return survey

    return w.memo("published_survey", make)


def text_question(w: World):
    survey = members_survey(w)
    return survey.questions.get()


def export_job(w: World, *, done: bool):
    """An export of the survey's answers; a finished one has its file (deleted
    again when the test's World goes)."""
    survey = members_survey(w)

    def make():
        from django.conf import settings

        from talk_london.models import ExportJob

        job = ExportJob.objects.create(survey=survey, requested_by=w.programme_manager)
        if done:
            relative = f"exports/matrix-{job.pk}-{timezone.now():%H%M%S%f}.csv"
            path = settings.PRIVATE_MEDIA_ROOT / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("respondent,answer\n", encoding="utf-8")
            weakref.finalize(w, path.unlink, missing_ok=True)
            job.status = ExportJob.Status.DONE
            job.file_path = relative
            job.finished_at = timezone.now()
            job.save()
        return job

    return w.memo(f"export_job_{done}", make)


def poll(w: World):
    def make():
        from talk_london.models import Poll, PollOption

        poll = Poll.objects.create(question="Bus or bike?", slug="matrix-poll")
        for order, text in enumerate(["Bus", "Bike"]):
            PollOption.objects.create(poll=poll, text=text, sort_order=order)
        return poll

    return w.memo("poll", make)


def topic(w: World):
    members(w)

    def make():
        from talk_london.tests.factories import TopicFactory

        return TopicFactory(slug="matrix-topic", members_can_start_threads=True)

    return w.memo("topic", make)


def thread(w: World, *, awaiting_moderation: bool = False):
    def make():
        from talk_london.tests.factories import ThreadFactory

        return ThreadFactory(
            topic=topic(w),
            author=w.resident,
            awaiting_moderation=awaiting_moderation,
        )

    return w.memo(f"thread_{awaiting_moderation}", make)


def post(w: World, *, pending: bool = False):
    """A post by ``resident``; a pending one waits for a moderator."""

    def make():
        from django.db.models import F

        from talk_london.models import Post, Thread
        from talk_london.tests.factories import PostFactory

        found = PostFactory(
            thread=thread(w),
            author=w.resident,
            status=Post.Status.PENDING if pending else Post.Status.PUBLISHED,
        )
        if not pending:  # counted, as post_create would (the factory does not)
            Thread.objects.filter(pk=found.thread_id).update(
                post_count=F("post_count") + 1
            )
        return found

    return w.memo(f"post_{pending}", make)


def thread_kwargs(w: World, **options) -> dict:
    found = thread(w, **options)
    return {"topic_slug": found.topic.slug, "thread_id": found.pk}


def unsubscribe_token(w: World) -> str:
    from talk_london.services.discussion_digests import unsubscribe_token as make

    return make(user_id=w.resident.pk, thread_id=thread(w).pk)


# --- who may post in discussions --------------------------------------------

# Members and moderators post; other signed-in people may only read (403);
# an unconfirmed email is sent to confirm it first.
POSTERS = expect(
    "403",
    anonymous="login",
    unverified="redirect",
    resident="ok",
    other_resident="ok",
    moderator="ok",
    superuser="ok",
)

ROUTES = {
    "talk_london:index": Route(get=PUBLIC, post=READ_ONLY),
    # --- membership ---
    "talk_london:join": Route(
        get=expect(
            "ok", anonymous="login", resident="redirect", other_resident="redirect"
        ),
        post=expect("redirect", anonymous="login"),
        kwargs=lambda w: members(w) or {},
        data=lambda w: {"agree": "on"},
        note="members are sent back; anyone signed in may join (and does, here)",
    ),
    "talk_london:leave": Route(
        get=expect("redirect", anonymous="login", resident="ok", other_resident="ok"),
        post=expect("redirect", anonymous="login"),
        kwargs=lambda w: members(w) or {},
        note="non-members have nothing to leave and are sent to the start page",
    ),
    # --- about you (special category data: only ever your own) ---
    "talk_london:about_you_start": Route(
        get=expect("redirect", anonymous="login", resident="ok", other_resident="ok"),
        kwargs=lambda w: about_you(w) and {},
        note="non-members are sent to join; an empty consent form comes back "
        "with its error (ok)",
    ),
    "talk_london:about_you_question": Route(
        get=expect("redirect", anonymous="login", resident="ok"),
        post=expect("redirect", anonymous="login", resident="ok"),
        kwargs=lambda w: about_you(w) and {"slug": "age"},
        note="only resident has begun; another member is sent to the start",
    ),
    "talk_london:about_you_check": Route(
        get=expect("redirect", anonymous="login", resident="ok"),
        post=expect("redirect", anonymous="login"),
        kwargs=lambda w: about_you(w, confirmed=False) and {},
    ),
    "talk_london:about_you_done": Route(
        get=expect("redirect", anonymous="login", resident="ok"),
        post=READ_ONLY,
        kwargs=lambda w: about_you(w) and {},
    ),
    "talk_london:about_you_delete": Route(
        get=expect("redirect", anonymous="login", resident="ok"),
        post=expect("redirect", anonymous="login"),
        kwargs=lambda w: about_you(w) and {},
    ),
    "talk_london:representativeness": Route(
        get=staff_only("programme_manager"),
        post=READ_ONLY,
        note="aggregates of members' special category answers",
    ),
    # --- polls ---
    "talk_london:poll_detail": Route(
        get=PUBLIC,
        post=expect("redirect"),
        kwargs=lambda w: {"slug": poll(w).slug},
        data=lambda w: {"option": poll(w).options.first().pk},
        note="anyone may vote, once (anonymous people once per session)",
    ),
    # --- surveys ---
    "talk_london:survey_list": Route(get=PUBLIC, post=READ_ONLY),
    "talk_london:survey_start": Route(
        get=PUBLIC,
        post=READ_ONLY,
        kwargs=lambda w: {"slug": members_survey(w).slug},
    ),
    "talk_london:survey_begin": Route(
        get=expect(
            "403",
            anonymous="login",
            unverified="redirect",
            resident="redirect",
            other_resident="redirect",
        ),
        kwargs=lambda w: {"slug": members_survey(w).slug},
        note="a members-only survey: others see the members-only page (403)",
    ),
    "talk_london:survey_question": Route(
        get=expect(
            "403",
            anonymous="login",
            unverified="redirect",
            resident="ok",
            other_resident="redirect",
        ),
        kwargs=lambda w: {
            "slug": started_survey(w).slug,
            "question_pk": text_question(w).pk,
        },
        note="resident has begun; another member is sent to the start page",
    ),
    "talk_london:survey_check": Route(
        get=expect(
            "403",
            anonymous="login",
            unverified="redirect",
            resident="ok",
            other_resident="redirect",
        ),
        post=expect(
            "403",
            anonymous="login",
            unverified="redirect",
            resident="redirect",
            other_resident="redirect",
        ),
        kwargs=lambda w: {"slug": started_survey(w).slug},
    ),
    "talk_london:survey_done": Route(
        get=expect("redirect", anonymous="login", resident="ok"),
        post=READ_ONLY,
        kwargs=lambda w: {"slug": sent_survey(w).slug},
        note="only the person who sent answers sees the confirmation",
    ),
    "talk_london:survey_published_results": Route(
        get=PUBLIC,
        post=READ_ONLY,
        kwargs=lambda w: {"slug": published_survey(w).slug},
    ),
    # --- discussions ---
    "talk_london:topic_list": Route(get=PUBLIC, post=READ_ONLY),
    "talk_london:topic_detail": Route(
        get=PUBLIC,
        post=READ_ONLY,
        kwargs=lambda w: {"topic_slug": topic(w).slug},
    ),
    "talk_london:thread_create": Route(
        get=POSTERS,
        kwargs=lambda w: {"topic_slug": topic(w).slug},
        note="an empty form comes back with its errors (ok)",
    ),
    "talk_london:topic_moderate": Route(
        get=expect("405"),
        post=staff_only(*MODERATORS, ok="redirect"),
        kwargs=lambda w: {"topic_slug": topic(w).slug},
        data=lambda w: {"action": "close"},
    ),
    "talk_london:thread_detail": Route(
        get=expect("404", resident="ok", moderator="ok", superuser="ok"),
        post=READ_ONLY,
        kwargs=lambda w: thread_kwargs(w, awaiting_moderation=True),
        note="a new member's thread waits for a moderator: only its author "
        "and moderators see it",
    ),
    "talk_london:thread_reply": Route(
        get=expect("405"),
        post=POSTERS,
        kwargs=thread_kwargs,
        note="an empty reply comes back with its error (ok)",
    ),
    "talk_london:thread_follow": Route(
        get=expect("405"),
        post=expect("redirect", anonymous="login"),
        kwargs=thread_kwargs,
        note="anyone signed in may follow; an unconfirmed email is sent to "
        "confirm it first (both redirect)",
    ),
    "talk_london:thread_moderate": Route(
        get=expect("405"),
        post=staff_only(*MODERATORS, ok="redirect"),
        kwargs=thread_kwargs,
        data=lambda w: {"action": "pin"},
    ),
    "talk_london:post_link": Route(
        get=expect(
            "404", resident="redirect", moderator="redirect", superuser="redirect"
        ),
        post=READ_ONLY,
        kwargs=lambda w: {"pk": post(w, pending=True).pk},
        note="a pending post: its author and moderators only",
    ),
    "talk_london:post_agree": Route(
        get=expect("405"),
        post=expect(
            "403",
            anonymous="login",
            unverified="redirect",
            resident="redirect",
            other_resident="redirect",
            moderator="redirect",
            superuser="redirect",
        ),
        kwargs=lambda w: {"pk": post(w).pk},
        note="members agree (the author is told they cannot agree with "
        "themselves); non-members may not",
    ),
    "talk_london:post_edit": Route(
        get=expect("403", anonymous="login", unverified="redirect", resident="ok"),
        kwargs=lambda w: {"pk": post(w).pk},
        note="only the author; an empty edit comes back with its error (ok)",
    ),
    "talk_london:post_delete": Route(
        get=expect("403", anonymous="login", resident="ok"),
        post=expect("403", anonymous="login", resident="redirect"),
        kwargs=lambda w: {"pk": post(w).pk},
    ),
    "talk_london:discussion_unsubscribe": Route(
        get=PUBLIC,
        kwargs=lambda w: {"token": unsubscribe_token(w)},
        note="the signed token is the authority (one-click unsubscribe)",
    ),
    # --- Wagtail admin: views this app registers ---
    "talk_london_discussions:pending_posts": Route(
        get=admin_only(*MODERATORS),
        post=admin_only(*MODERATORS, ok="redirect"),
        data=lambda w: {"post": post(w, pending=True).pk, "action": "approve"},
    ),
    "talk_london_surveys:results": Route(
        get=admin_only(*SURVEY_STAFF),
        post=admin_only(*SURVEY_STAFF, ok="405"),
        kwargs=lambda w: {"pk": members_survey(w).pk},
    ),
    "talk_london_surveys:text_answers": Route(
        get=admin_only(*SURVEY_STAFF),
        post=admin_only(*SURVEY_STAFF, ok="405"),
        kwargs=lambda w: {
            "pk": members_survey(w).pk,
            "question_pk": text_question(w).pk,
        },
    ),
    "talk_london_surveys:export": Route(
        get=admin_only(ok="405", denied="405"),
        post=admin_only(*SURVEY_STAFF, ok="redirect"),
        kwargs=lambda w: {"pk": members_survey(w).pk},
    ),
    "talk_london_surveys:export_status": Route(
        get=admin_only(*SURVEY_STAFF),
        post=admin_only(*SURVEY_STAFF, ok="405"),
        kwargs=lambda w: {"job_pk": export_job(w, done=False).pk},
    ),
    "talk_london_surveys:export_download": Route(
        get=admin_only(*SURVEY_STAFF),
        post=admin_only(ok="405", denied="405"),
        kwargs=lambda w: {"job_pk": export_job(w, done=True).pk},
        note="every respondent's answers: survey staff only",
    ),
}


# --- Wagtail snippets: surveys, polls, discussion topics ---------------------


ROUTES.update(snippet_rows("talk_london", "survey", SURVEY_STAFF, members_survey))
ROUTES.update(snippet_rows("talk_london", "poll", SURVEY_STAFF, poll))
ROUTES.update(snippet_rows("talk_london", "topic", TOPIC_STAFF, topic))
