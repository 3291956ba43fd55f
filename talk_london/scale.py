"""Talk London's share of ``seed_scale`` (issue 8) and its benchmark pages.

Members with "about you" answers, surveys (open, closed, with published
results), one big closed survey with every question type, one open survey a
benchmark client can answer, and discussion threads, one of them very long.
The answers follow ``benchmarks/talk_london_survey_results.py``. Counts kept
on rows (a thread's posts, agreements, last post) are computed from the rows
made here, as ``talk_london.services.discussions`` would leave them.
"""

from __future__ import annotations

import math
from datetime import timedelta

from django.db import connection
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough, User
from civic.scale import BenchPage, Progress, Scale, bulk_insert, scale_user_ids
from talk_london.discussions_text import render_post
from talk_london.models import (
    AboutYou,
    Agreement,
    Answer,
    Membership,
    Post,
    Question,
    QuestionOption,
    Response,
    Survey,
    Thread,
    ThreadFollow,
    Topic,
)
from talk_london.models.about_you import PREFER_NOT_TO_SAY, AgeBand, EthnicGroup
from talk_london.models.surveys import Audience, QuestionKind, ResponseStatus
from talk_london.services.surveys import _wanted_options

BIG_SURVEY_SLUG = "scale-big-survey"
OPEN_SURVEY_SLUG = "scale-open-survey"
BIG_THREAD_TITLE = "Scale: the 24-hour Tube, five years on"
STAFF_RESULTS_EMAIL = "scale-staff-programme-managers@example.org"

# (kind, options, extra fields): every question type, as in the benchmark.
QUESTIONS = [
    ("single", ["Bus", "Tube", "Cycle", "Walk", "Car"], {"allow_other": True}),
    ("multiple", ["Lanes", "Speed", "Parking", "Lighting"], {}),
    ("rating", [], {}),
    ("number", [], {"min_value": 0, "max_value": 300}),
    ("agreement", [], {}),
    ("ranking", ["Buses", "Fares", "Step-free", "Air", "Safety"], {}),
    ("borough", [], {}),
    ("short_text", [], {"required": False}),
    ("long_text", [], {"required": False}),
    ("single", ["Yes", "No", "Not sure"], {}),
    ("multiple", ["Parks", "Libraries", "Pools", "Markets", "Museums"], {}),
    ("rating", [], {"min_value": 0, "max_value": 10}),
]
# Small surveys: a choice, a multiple choice and a rating.
SMALL_QUESTIONS = [QUESTIONS[9], QUESTIONS[10], QUESTIONS[2]]
STARTED_BEFORE = timedelta(minutes=12)
PUBLISHABLE = {"single", "multiple", "agreement", "rating", "borough"}

TOPICS = [
    ("Transport", "scale-transport"),
    ("Housing", "scale-housing"),
    ("Green spaces", "scale-green-spaces"),
    ("Culture and nightlife", "scale-culture"),
    ("Air quality", "scale-air-quality"),
    ("Young Londoners", "scale-young-londoners"),
]
POST_TEXTS = [
    "I cycle from Lewisham every day and the new lanes have made a real "
    "difference.\n\nThe junction at the bottom of the hill is still frightening.",
    "Agree with the above. Could the buses run later on weekdays too?",
    "Our estate has asked for better lighting for years. Who do we talk to?",
    "The consultation events were at 2pm on a Tuesday. Most of us work then.",
    "More water fountains in parks, please. It was 34 degrees last summer.",
    "I'd like to see the figures for how many people use the night service.",
]


def _resident_ids() -> list[int]:
    """The seeded residents (not the staff accounts civic adds after them)."""
    staff = set(
        User.objects.filter(email__startswith="scale-staff-").values_list(
            "id", flat=True
        )
    )
    return [pk for pk in scale_user_ids() if pk not in staff]


def seed(scale: Scale, progress: Progress, rng) -> None:
    if Survey.objects.filter(slug=BIG_SURVEY_SLUG).exists():
        progress.step("talk_london: already seeded").finish()
        return
    residents = _resident_ids()
    if len(residents) < 2:
        raise RuntimeError("Seed civic's residents first (seed_scale does).")
    members = residents[: max(2, min(scale.members, len(residents)))]
    _seed_members(members, progress, rng)
    _seed_surveys(scale, residents, members, progress, rng)
    _seed_discussions(scale, members, progress, rng)


# --- Members -----------------------------------------------------------------


def _seed_members(members: list[int], progress: Progress, rng) -> None:
    now = timezone.now()
    step = progress.step("Talk London members", len(members))
    bulk_insert(
        Membership,
        (Membership(user_id=pk, terms_accepted_at=now) for pk in members),
        step=step,
    )
    boroughs = list(Borough.objects.values_list("gss_code", flat=True))
    ages = [v for v in AgeBand.values if v != PREFER_NOT_TO_SAY]
    ethnic = [v for v in EthnicGroup.values if v != PREFER_NOT_TO_SAY]
    # Most members answered "about you"; every tenth did not.
    answered = [pk for n, pk in enumerate(members) if n % 10]
    step = progress.step("about you answers", len(answered))
    bulk_insert(
        AboutYou,
        (
            AboutYou(
                user_id=pk,
                consent_given_at=now,
                confirmed_at=now,
                age_band=rng.choice(ages),
                sex=rng.choice(("female", "male", "female", "male", PREFER_NOT_TO_SAY)),
                ethnic_group=rng.choice(ethnic),
                borough_code=rng.choice(boroughs),
            )
            for pk in answered
        ),
        step=step,
    )


# --- Surveys -----------------------------------------------------------------


def _make_survey(
    *, slug, title, opens_at, closes_at, audience, questions, published=False
):
    survey = Survey.objects.create(
        title=title,
        slug=slug,
        introduction="Tell us what you think. It takes about five minutes.",
        opens_at=opens_at,
        closes_at=closes_at,
        audience=audience,
        results_published=published,
        you_said="Most of you told us buses matter more than anything else."
        if published
        else "",
        we_did="We are adding night routes in 2027." if published else "",
    )
    made = Question.objects.bulk_create(
        Question(
            survey=survey,
            sort_order=position,
            kind=kind,
            text=f"Question {position + 1} ({kind})",
            options_text="\n".join(options),
            show_in_published_results=kind in PUBLISHABLE,
            **extra,
        )
        for position, (kind, options, extra) in enumerate(questions)
    )
    QuestionOption.objects.bulk_create(
        QuestionOption(
            question_id=question.pk,
            label=str(label),
            position=position,
            is_other=is_other,
        )
        for question in made
        for position, (label, is_other) in enumerate(_wanted_options(question))
    )
    return survey


def _questions_of(survey: Survey) -> list[tuple[Question, list[QuestionOption]]]:
    questions = survey.questions.order_by("sort_order").prefetch_related("options")
    return [(q, list(q.options.all())) for q in questions]


def _answers(response_id: int, n: int, questions, boroughs) -> list[Answer]:
    """Response number ``n``'s answers, varied by ``n`` (as the benchmark)."""
    rows = []
    for question, options in questions:
        kind = question.kind
        base = {"response_id": response_id, "question_id": question.pk}
        if kind in (QuestionKind.SINGLE, QuestionKind.AGREEMENT):
            chosen = options[n % len(options)]
            text = "Scooter" if chosen.is_other else ""
            rows.append(Answer(**base, option_id=chosen.pk, text_value=text))
        elif kind == QuestionKind.MULTIPLE:
            chosen = sorted({n % len(options), (n // 3) % len(options)})
            rows.extend(
                # rank: the option's place among those chosen, as answer_save
                Answer(**base, option_id=options[k].pk, rank=place)
                for place, k in enumerate(chosen, start=1)
            )
        elif kind == QuestionKind.RANKING:
            shift = n % len(options)
            order = options[shift:] + options[:shift]
            rows.extend(
                Answer(**base, option_id=o.pk, rank=rank)
                for rank, o in enumerate(order, start=1)
            )
        elif kind == QuestionKind.RATING:
            low, high = question.scale
            rows.append(Answer(**base, number_value=low + n % (high - low + 1)))
        elif kind == QuestionKind.NUMBER:
            rows.append(Answer(**base, number_value=n % 90))
        elif kind == QuestionKind.BOROUGH:
            rows.append(Answer(**base, borough_id=boroughs[n % len(boroughs)]))
        else:
            rows.append(Answer(**base, text_value="Fine, but the buses are late."))
    return rows


def _respond(survey: Survey, users: list[int], submitted_at, step=None) -> int:
    """Submitted responses from ``users``, in batches; returns answer rows made."""
    questions = _questions_of(survey)
    boroughs = list(Borough.objects.order_by("pk").values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        made = _respond_in_sql(survey, users, submitted_at, questions, boroughs)
        if step:
            step.advance(len(users))
            step.finish()
        return made
    made = 0
    batch = 2000
    for start in range(0, len(users), batch):
        chunk = users[start : start + batch]
        responses = Response.objects.bulk_create(
            Response(
                survey=survey,
                user_id=pk,
                status=ResponseStatus.SUBMITTED,
                submitted_at=submitted_at,
            )
            for pk in chunk
        )
        answers = [
            answer
            for offset, response in enumerate(responses)
            for answer in _answers(response.pk, start + offset, questions, boroughs)
        ]
        Answer.objects.bulk_create(answers, batch_size=5000)
        made += len(answers)
        if step:
            step.advance(len(chunk))
    # bulk_create stamps started_at with now; they started before they sent.
    survey.responses.update(started_at=submitted_at - STARTED_BEFORE)
    if step:
        step.finish()
    return made


def _respond_in_sql(survey, users, submitted_at, questions, boroughs) -> int:
    """``_respond`` on PostgreSQL: the same answers (response number ``n``
    answers as in ``_answers``), made with ``INSERT ... SELECT`` in the
    database, ten times faster than building the rows in Python."""
    responses, answers = Response._meta.db_table, Answer._meta.db_table
    now = timezone.now()
    numbered = (
        f"WITH numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n "  # noqa: S608 (names are the models' own)
        f"FROM {responses} WHERE survey_id = %(survey)s AND status = 'submitted') "
    )
    columns = (
        f"INSERT INTO {answers} (response_id, question_id, option_id, rank, "  # noqa: S608
        "text_value, number_value, borough_id) "
    )
    made = 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {responses} (survey_id, user_id, status, started_at, "  # noqa: S608
            "updated_at, submitted_at) SELECT %s, u, 'submitted', %s, %s, %s "
            "FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(u, o) ORDER BY o",
            [survey.pk, submitted_at - STARTED_BEFORE, now, submitted_at, users],
        )
        for question, options in questions:
            kind = question.kind
            params = {
                "survey": survey.pk,
                "q": question.pk,
                "opts": [o.pk for o in options],
                "boroughs": boroughs,
                "size": len(options) or 1,
            }
            if kind in (QuestionKind.SINGLE, QuestionKind.AGREEMENT):
                other = next((k for k, o in enumerate(options) if o.is_other), -1)
                params["other"] = other
                select = (
                    "SELECT id, %(q)s, (%(opts)s::bigint[])[n %% %(size)s + 1], NULL, "
                    "CASE WHEN n %% %(size)s = %(other)s THEN 'Scooter' ELSE '' END, "
                    "NULL, NULL FROM numbered"
                )
            elif kind == QuestionKind.MULTIPLE:
                # The two options chosen, in option order, ranked 1 and 2
                # (typed NULLs: UNION would make them text).
                select = (
                    "SELECT id, %(q)s, (%(opts)s::bigint[])"
                    "[least(n %% %(size)s, (n / 3) %% %(size)s) + 1], 1, '', "
                    "NULL::integer, NULL::bigint FROM numbered UNION ALL "
                    "SELECT id, %(q)s, (%(opts)s::bigint[])"
                    "[greatest(n %% %(size)s, (n / 3) %% %(size)s) + 1], 2, '', "
                    "NULL::integer, NULL::bigint "
                    "FROM numbered WHERE n %% %(size)s <> (n / 3) %% %(size)s"
                )
            elif kind == QuestionKind.RANKING:
                select = (
                    "SELECT id, %(q)s, (%(opts)s::bigint[])[(n %% %(size)s + r - 1) %% %(size)s"
                    " + 1], r, '', NULL, NULL "
                    "FROM numbered, generate_series(1, %(size)s) AS r"
                )
            elif kind == QuestionKind.RATING:
                low, high = question.scale
                params.update(low=low, span=high - low + 1)
                select = (
                    "SELECT id, %(q)s, NULL, NULL, '', %(low)s + n %% %(span)s, NULL "
                    "FROM numbered"
                )
            elif kind == QuestionKind.NUMBER:
                select = "SELECT id, %(q)s, NULL, NULL, '', n %% 90, NULL FROM numbered"
            elif kind == QuestionKind.BOROUGH:
                params["count"] = len(boroughs)
                select = (
                    "SELECT id, %(q)s, NULL, NULL, '', NULL, "
                    "(%(boroughs)s::bigint[])[n %% %(count)s + 1] FROM numbered"
                )
            else:
                select = (
                    "SELECT id, %(q)s, NULL, NULL, 'Fine, but the buses are late.', "
                    "NULL, NULL FROM numbered"
                )
            cursor.execute(numbered + columns + select, params)
            made += cursor.rowcount
    return made


def _seed_surveys(
    scale: Scale, residents: list[int], members: list[int], progress, rng
) -> None:
    now = timezone.now()
    day = timedelta(days=1)
    questions = [
        QUESTIONS[i % len(QUESTIONS)] for i in range(scale.big_survey_questions)
    ]
    big = _make_survey(
        slug=BIG_SURVEY_SLUG,
        title="How do you get around London?",
        opens_at=now - 60 * day,
        closes_at=now - day,
        audience=Audience.SIGNED_IN,
        questions=questions,
        published=True,
    )
    respondents = residents[: min(scale.big_survey_responses, len(residents))]
    step = progress.step("big survey responses", len(respondents))
    _respond(big, respondents, now - 2 * day, step)

    # The open survey: a few people have answered; the benchmark's member
    # (the last member) has started but answered nothing, so the first
    # question page is theirs to load.
    open_survey = _make_survey(
        slug=OPEN_SURVEY_SLUG,
        title="Your neighbourhood after dark",
        opens_at=now - 7 * day,
        closes_at=now + 365 * day,
        audience=Audience.MEMBERS,
        questions=questions,
    )
    per_survey = max(1, min(len(members) - 1, scale.big_survey_responses // 1000))
    step = progress.step("open survey responses", per_survey)
    _respond(open_survey, members[:per_survey], now - day, step)
    Response.objects.create(survey=open_survey, user_id=members[-1])

    others = max(0, scale.surveys - 2)
    step = progress.step("other surveys", others)
    for i in range(others):
        state = ("open", "closed", "published")[i % 3]
        if state == "open":
            opens_at, closes_at = now - (i % 20 + 1) * day, now + (i % 40 + 5) * day
        else:
            opens_at = now - (i % 300 + 60) * day
            closes_at = opens_at + 30 * day
        survey = _make_survey(
            slug=f"scale-survey-{i}",
            title=f"Survey {i}: London in {2020 + i % 7}",
            opens_at=opens_at,
            closes_at=closes_at,
            audience=(Audience.MEMBERS, Audience.SIGNED_IN)[i % 2],
            questions=SMALL_QUESTIONS,
            published=state == "published",
        )
        users = rng.sample(members[:-1] or members, min(per_survey, len(members) - 1))
        submitted_at = min(now - day, closes_at - day)
        _respond(survey, users, submitted_at)
        step.advance(1)
    step.finish()


# --- Discussions -------------------------------------------------------------


def _seed_discussions(scale: Scale, members: list[int], progress, rng) -> None:
    now = timezone.now()
    topics = Topic.objects.bulk_create(
        Topic(title=title, slug=slug, introduction=f"Talk about {title.lower()}.")
        for title, slug in TOPICS
    )
    threads = max(1, scale.threads)
    big_posts = 1 + scale.big_thread_replies
    # Every thread has its opening post; the rest of the posts are replies
    # spread at random over the other threads.
    counts = [big_posts] + [1] * (threads - 1)
    extra = scale.posts - sum(counts)
    if threads > 1 and extra > 0:
        for index in rng.choices(range(1, threads), k=extra):
            counts[index] += 1
    gap = timedelta(minutes=3)
    starts = [now - timedelta(days=30)] + [
        now - timedelta(days=rng.randint(2, 400), minutes=rng.randint(0, 1440))
        for _ in range(threads - 1)
    ]
    authors = [rng.choice(members) for _ in range(threads)]
    # Agreements with each opening post, from members other than its author.
    agreements = [
        [pk for pk in rng.sample(members, min(len(members), 6)) if pk != author][
            : rng.randint(0, 5)
        ]
        for author in authors
    ]
    step = progress.step("discussion threads", threads)
    made = bulk_insert(
        Thread,
        (
            Thread(
                topic=topics[i % len(topics)],
                title=BIG_THREAD_TITLE if i == 0 else f"Thread {i}: what next?",
                author_id=authors[i],
                created_at=starts[i],
                last_post_at=starts[i] + (counts[i] - 1) * gap,
                post_count=counts[i],
                agree_count=len(agreements[i]),
                is_pinned=i == 0,
            )
            for i in range(threads)
        ),
        step=step,
    )
    ThreadFollow.objects.bulk_create(
        ThreadFollow(thread=t, user_id=t.author_id, last_notified_at=t.created_at)
        for t in made
    )
    rendered = [(text, render_post(text)) for text in POST_TEXTS]

    def posts():
        for i, thread in enumerate(made):
            for k in range(counts[i]):
                source, body = rendered[(i + k) % len(rendered)]
                when = starts[i] + k * gap
                yield Post(
                    thread=thread,
                    author_id=authors[i] if k == 0 else rng.choice(members),
                    body_source=source,
                    body=body,
                    created_at=when,
                    published_at=when,
                    status=Post.Status.PUBLISHED,
                    agree_count=len(agreements[i]) if k == 0 else 0,
                )

    step = progress.step("discussion posts", sum(counts))
    created = bulk_insert(Post, posts(), step=step)
    # Posts were made thread by thread, opening post first.
    openings: dict[int, int] = {}
    for post in created:
        if post.pk is not None:
            openings.setdefault(post.thread_id, post.pk)
    if len(openings) < len(made):  # a backend that gives no ids back
        openings = dict(
            Post.objects.filter(thread__in=made)
            .order_by("thread_id", "-created_at", "-pk")
            .values_list("thread_id", "pk")
        )
    Agreement.objects.bulk_create(
        Agreement(post_id=openings[thread.pk], user_id=pk)
        for i, thread in enumerate(made)
        for pk in agreements[i]
    )


# --- Benchmark pages ---------------------------------------------------------


def bench_pages() -> list[BenchPage]:
    from talk_london.views.discussions import POSTS_PER_PAGE

    pages = []
    member_email = None
    open_survey = Survey.objects.filter(slug=OPEN_SURVEY_SLUG).first()
    if open_survey is not None:
        waiting = (
            Response.objects.filter(
                survey=open_survey, status=ResponseStatus.IN_PROGRESS
            )
            .select_related("user")
            .first()
        )
        first = open_survey.questions.order_by("sort_order").first()
        if waiting is not None and first is not None:
            member_email = waiting.user.email
            pages.append(
                BenchPage(
                    "Talk London survey question page",
                    reverse(
                        "talk_london:survey_question", args=[open_survey.slug, first.pk]
                    ),
                    user_email=waiting.user.email,
                )
            )
    thread = (
        Thread.objects.filter(title=BIG_THREAD_TITLE).select_related("topic").first()
    )
    if thread is not None:
        url = thread.get_absolute_url()
        last = max(1, math.ceil(thread.post_count / POSTS_PER_PAGE))
        pages.append(
            BenchPage(
                "Discussion thread, first page",
                url,
                user_email=member_email,
                anonymous_too=True,
            )
        )
        pages.append(
            BenchPage(
                "Discussion thread, last page",
                f"{url}?page={last}",
                user_email=member_email,
                anonymous_too=True,
            )
        )
    big = Survey.objects.filter(slug=BIG_SURVEY_SLUG).first()
    if big is not None:
        pages.append(
            BenchPage(
                "Survey results (staff)",
                reverse("talk_london_surveys:results", args=[big.pk]),
                user_email=STAFF_RESULTS_EMAIL,
                staff=True,
            )
        )
    return pages


def register(registry) -> None:
    registry.register_scale_seeder("talk_london", seed, order=10)
    registry.register_bench_pages("talk_london", bench_pages)
