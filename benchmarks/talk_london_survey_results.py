"""Benchmark: the staff survey results screen with 50,000 submitted responses.

    SECRET_KEY=bench STATIC_MANIFEST=0 \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
        .venv/bin/python benchmarks/talk_london_survey_results.py [--responses N]

Makes a throwaway test database (``test_<name>``), fills a 12-question survey
with N submitted responses (bulk_create), renders the results page through
the test client several times and prints the median. The issue asks for under
one second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "civic.settings")
# Production-like settings, without the collected-static manifest.
os.environ.setdefault("STATIC_MANIFEST", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


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


def build(responses: int):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from civic import groups
    from civic.models import Borough, User
    from talk_london.models import (
        AboutYou,
        Answer,
        Membership,
        Question,
        Response,
        Survey,
    )
    from talk_london.models.about_you import PREFER_NOT_TO_SAY, AgeBand, EthnicGroup
    from talk_london.services.surveys import survey_sync_structure

    now = timezone.now()
    survey = Survey.objects.create(
        title="Benchmark survey",
        slug="benchmark",
        opens_at=now - timezone.timedelta(days=30),
        closes_at=now - timezone.timedelta(days=1),
        audience="signed_in",
    )
    for position, (kind, options, extra) in enumerate(QUESTIONS):
        Question.objects.create(
            survey=survey,
            sort_order=position,
            kind=kind,
            text=f"Question {position + 1} ({kind})",
            options_text="\n".join(options),
            **extra,
        )
    survey_sync_structure(survey=survey)
    questions = list(
        survey.questions.order_by("sort_order").prefetch_related("options")
    )
    boroughs = list(Borough.objects.all())
    ages = [v for v in AgeBand.values if v != PREFER_NOT_TO_SAY]
    ethnic = [v for v in EthnicGroup.values if v != PREFER_NOT_TO_SAY]

    password = make_password(None)
    batch = 5000
    answers_made = 0
    for start in range(0, responses, batch):
        count = min(batch, responses - start)
        users = User.objects.bulk_create(
            User(
                email=f"bench{start + i}@example.com",
                display_name=f"Bench {start + i}",
                password=password,
            )
            for i in range(count)
        )
        # Most respondents are members with confirmed "about you" answers
        # (so the breakdowns have real groups); every tenth has none.
        members = [u for i, u in enumerate(users) if (start + i) % 10]
        Membership.objects.bulk_create(
            Membership(user=user, terms_accepted_at=now) for user in members
        )
        AboutYou.objects.bulk_create(
            AboutYou(
                user=user,
                consent_given_at=now,
                confirmed_at=now,
                age_band=ages[(start + i) % len(ages)],
                sex=("female", "male", PREFER_NOT_TO_SAY)[(start + i) % 3],
                ethnic_group=ethnic[(start + i) % len(ethnic)],
                borough_code=boroughs[(start + i) % len(boroughs)].gss_code,
            )
            for i, user in enumerate(members)
        )
        rows = Response.objects.bulk_create(
            Response(survey=survey, user=user, status="submitted", submitted_at=now)
            for user in users
        )
        answers = []
        for offset, response in enumerate(rows):
            n = start + offset
            for question in questions:
                options = list(question.options.all())
                kind = question.kind
                if kind in ("single", "agreement"):
                    chosen = options[n % len(options)]
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            option=chosen,
                            text_value="Scooter" if chosen.is_other else "",
                        )
                    )
                elif kind == "multiple":
                    chosen = sorted({n % len(options), (n // 3) % len(options)})
                    answers.extend(
                        Answer(
                            response=response,
                            question=question,
                            option=options[k],
                            rank=place,  # as answer_save stores it
                        )
                        for place, k in enumerate(chosen, start=1)
                    )
                elif kind == "ranking":
                    order = options[n % len(options) :] + options[: n % len(options)]
                    answers.extend(
                        Answer(
                            response=response, question=question, option=o, rank=rank
                        )
                        for rank, o in enumerate(order, start=1)
                    )
                elif kind == "rating":
                    low, high = question.scale
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            number_value=low + n % (high - low + 1),
                        )
                    )
                elif kind == "number":
                    answers.append(
                        Answer(
                            response=response, question=question, number_value=n % 90
                        )
                    )
                elif kind == "borough":
                    answers.append(
                        Answer(
                            response=response,
                            question=question,
                            borough=boroughs[n % len(boroughs)],
                        )
                    )
                else:
                    answers.append(
                        Answer(response=response, question=question, text_value="Fine")
                    )
        Answer.objects.bulk_create(answers, batch_size=10000)
        answers_made += len(answers)
        out(f"  {start + count} responses, {answers_made} answer rows")

    manager = User.objects.create(email="bench-manager@example.com", password=password)
    manager.groups.add(Group.objects.get(name=groups.PROGRAMME_MANAGERS))
    EmailAddress.objects.create(
        user=manager, email=manager.email, verified=True, primary=True
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return survey, manager


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--breakdowns",
        default="none,age_band,borough_code",
        help="comma-separated 'Break down by' choices to time ('none': no breakdown)",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the test database, and reuse it (and its survey) next time",
    )
    args = parser.parse_args()

    setup_test_environment()
    settings.CIVIC_STAFF_MFA_REQUIRED = False  # timing the page, not the sign-in
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        out(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        from civic.models import User
        from talk_london.models import Survey

        survey = Survey.objects.filter(slug="benchmark").first()
        if survey is None:
            started = time.perf_counter()
            survey, manager = build(args.responses)
            out(f"Built in {time.perf_counter() - started:.1f} s")
        else:
            manager = User.objects.get(email="bench-manager@example.com")
            out("Reusing the kept database")
        client = Client()
        client.force_login(manager)
        url = reverse("talk_london_surveys:results", args=[survey.pk])
        for breakdown in args.breakdowns.split(","):
            by = "" if breakdown == "none" else breakdown
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(url, {"by": by} if by else {}, secure=True)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code  # noqa: S101
            page = response.content.decode()
            assert f"{args.responses:,}" in page or str(args.responses) in page  # noqa: S101
            if by:
                assert "Question 1 by" in page  # noqa: S101
            out(
                f"Results page, breakdown {breakdown!r}, {args.responses} submitted "
                f"responses x {len(QUESTIONS)} questions: median "
                f"{statistics.median(timings):.3f} s (min {min(timings):.3f} s, "
                f"max {max(timings):.3f} s, {args.runs} runs)"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=args.keep)


if __name__ == "__main__":
    main()
