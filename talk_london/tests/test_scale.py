"""Talk London's share of seed_scale at a tiny size, and its benchmark pages."""

import io
import random
from dataclasses import replace

import pytest
from django.db import connection
from django.db.models import Count, F, Max, Q

from civic.models import User
from civic.registry import registry
from civic.scale import Progress, Scale, seed_users
from talk_london import scale as talk_scale
from talk_london.models import (
    AboutYou,
    Agreement,
    Answer,
    Membership,
    Post,
    Response,
    Survey,
    Thread,
)
from tests.fixtures import add_totp, force_login_with_mfa

pytestmark = pytest.mark.django_db

TINY = replace(
    Scale.full().fraction(0.002),  # 100 people, 80 of them members
    surveys=5,
    big_survey_responses=40,
    threads=4,
    posts=60,
    big_thread_replies=30,
)


@pytest.fixture
def seeded():
    rng = random.Random(8)  # noqa: S311 (test data)
    progress = Progress(io.StringIO())
    seed_users(TINY, progress, rng)
    talk_scale.seed(TINY, progress, rng)
    return TINY


def test_talk_london_registers_its_seeder_and_pages():
    assert registry.scale_seeders["talk_london"] == (10, talk_scale.seed)
    assert registry.bench_pages["talk_london"] is talk_scale.bench_pages


def test_seeder_makes_members_with_about_you_answers(seeded):
    assert Membership.objects.count() == seeded.members
    assert AboutYou.objects.count() == seeded.members - len(
        range(0, seeded.members, 10)
    )
    assert not Membership.objects.filter(user__email__startswith="scale-staff-")


def test_seeder_makes_the_big_survey_with_every_question_type(seeded):
    assert Survey.objects.count() == seeded.surveys
    big = Survey.objects.get(slug=talk_scale.BIG_SURVEY_SLUG)
    assert big.has_closed and big.results_published
    assert big.questions.count() == seeded.big_survey_questions == 12
    kinds = set(big.questions.values_list("kind", flat=True))
    assert kinds == {
        "single",
        "multiple",
        "rating",
        "number",
        "agreement",
        "ranking",
        "borough",
        "short_text",
        "long_text",
    }
    assert (
        big.responses.filter(status="submitted").count() == seeded.big_survey_responses
    )
    # Every submitted response answered every question, and multiple choice
    # and ranking answers have exactly one rank-1 row per person.
    for question in big.questions.all():
        people = Answer.objects.filter(question=question).values("response").distinct()
        assert people.count() == seeded.big_survey_responses
        if question.kind in ("multiple", "ranking"):
            assert (
                Answer.objects.filter(question=question, rank=1).count()
                == seeded.big_survey_responses
            )


def test_responses_were_started_before_they_were_sent(seeded):
    assert not Response.objects.filter(started_at__gt=F("submitted_at")).exists()


def test_seeder_leaves_an_open_survey_for_a_member_who_has_not_answered(seeded):
    survey = Survey.objects.get(slug=talk_scale.OPEN_SURVEY_SLUG)
    assert survey.is_open
    waiting = Response.objects.get(survey=survey, status="in_progress")
    assert not waiting.answers.exists()
    assert Membership.objects.filter(user_id=waiting.user_id).exists()
    states = {(s.is_open, s.results_published) for s in Survey.objects.all()}
    assert {(True, False), (False, False), (False, True)} <= states


def test_seeder_makes_threads_whose_counts_match_their_posts(seeded):
    assert Thread.objects.count() == seeded.threads
    assert Post.objects.count() == seeded.posts
    big = Thread.objects.get(title=talk_scale.BIG_THREAD_TITLE)
    assert big.posts.count() == seeded.big_thread_replies + 1
    mismatched = Thread.objects.annotate(
        published=Count("posts", filter=Q(posts__status="published")),
        newest=Max("posts__created_at"),
    ).exclude(post_count=F("published"))
    assert not mismatched.exists()
    for thread in Thread.objects.annotate(newest=Max("posts__created_at")):
        assert thread.last_post_at == thread.newest
        agreements = Agreement.objects.filter(post__thread=thread).count()
        assert thread.agree_count == agreements
    for post in Post.objects.filter(agree_count__gt=0):
        assert post.agree_count == post.agreements.count()
    # Only members post.
    assert not Post.objects.exclude(
        author__in=Membership.objects.values("user")
    ).exists()


def test_seeding_again_changes_nothing(seeded):
    before = (Survey.objects.count(), Post.objects.count(), Answer.objects.count())
    talk_scale.seed(seeded, Progress(io.StringIO()), random.Random(1))  # noqa: S311
    assert (
        Survey.objects.count(),
        Post.objects.count(),
        Answer.objects.count(),
    ) == before


def test_every_bench_page_loads_for_its_person(seeded, client):
    pages = talk_scale.bench_pages()
    assert len(pages) == 4
    for page in pages:
        for email in [page.user_email] + ([None] if page.anonymous_too else []):
            client.logout()
            if email:
                user = User.objects.get(email=email)
                if page.staff:
                    # seed_users gives staff no authenticator yet (see report)
                    force_login_with_mfa(client, add_totp(user))
                else:
                    client.force_login(user)
            response = client.get(page.path, secure=True)
            assert response.status_code == 200, (page.name, email)
    # The last page really is the last: it shows the thread's newest reply.
    last = next(p for p in pages if p.name.endswith("last page"))
    newest = Thread.objects.get(title=talk_scale.BIG_THREAD_TITLE).posts.last()
    response = client.get(last.path, secure=True)
    assert f'id="post-{newest.pk}"'.encode() in response.content


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the INSERT ... SELECT path runs on PostgreSQL only",
)
def test_answers_made_in_sql_are_the_ones_python_would_make(seeded):
    from civic.models import Borough

    big = Survey.objects.get(slug=talk_scale.BIG_SURVEY_SLUG)
    questions = talk_scale._questions_of(big)
    boroughs = list(Borough.objects.order_by("pk").values_list("pk", flat=True))
    fields = (
        "response_id",
        "question_id",
        "option_id",
        "rank",
        "text_value",
        "number_value",
        "borough_id",
    )
    expected = sorted(
        tuple(getattr(answer, name) for name in fields)
        for n, response_id in enumerate(
            big.responses.order_by("id").values_list("id", flat=True)
        )
        for answer in talk_scale._answers(response_id, n, questions, boroughs)
    )
    made = sorted(Answer.objects.filter(response__survey=big).values_list(*fields))
    assert made == expected
