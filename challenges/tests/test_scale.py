"""The Civic Innovation Challenge's share of seed_scale at a tiny size, and
its benchmark pages."""

import io
import random
from dataclasses import replace

import pytest
from django.db.models import Count

from challenges import scale as challenges_scale
from challenges.models import (
    Application,
    Assignment,
    Challenge,
    ReferenceCounter,
    Score,
    Support,
    SupporterQuota,
    Topic,
    VotingRound,
)
from challenges.services.applications import SECTION_KEYS
from civic.models import User
from civic.registry import registry
from civic.scale import Progress, Scale, seed_users

pytestmark = pytest.mark.django_db

TINY = replace(Scale.full().fraction(0.002), applications=80)


@pytest.fixture
def seeded():
    rng = random.Random(8)  # noqa: S311 (test data)
    progress = Progress(io.StringIO())
    seed_users(TINY, progress, rng)
    challenges_scale.seed(TINY, progress, rng)
    return TINY


def test_challenges_registers_its_seeder_and_pages():
    assert registry.scale_seeders["challenges"] == (30, challenges_scale.seed)
    assert registry.bench_pages["challenges"] is challenges_scale.bench_pages


def test_seeder_makes_applications_in_every_status(seeded):
    assert Application.objects.count() == seeded.applications
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values
    )
    assert set(Challenge.objects.values_list("status", flat=True)) == set(
        Challenge.Status.values
    )
    assert not Application.objects.filter(challenge__status="draft").exists()
    for application in Application.objects.exclude(status="draft"):
        assert application.completed_sections == list(SECTION_KEYS)
        assert application.reference.startswith("CIC-")


def test_references_and_their_counter_agree(seeded):
    references = list(
        Application.objects.exclude(reference=None).values_list("reference", flat=True)
    )
    assert len(set(references)) == len(references)
    for counter in ReferenceCounter.objects.all():
        numbers = [
            int(r.rsplit("-", 1)[1])
            for r in references
            if r.startswith(f"CIC-{counter.year}-")
        ]
        assert counter.last_number == max(numbers) == len(numbers)


def test_decided_applications_have_three_assessors_who_scored(seeded):
    decided = Application.objects.filter(
        status__in=["shortlisted", "not_shortlisted", "winner", "not_selected"]
    )
    assert decided.exists()
    for application in decided:
        assignments = application.assignments.all()
        assert assignments.count() == 3
        for assignment in assignments:
            assert assignment.has_conflict is False
            assert assignment.submitted_at is not None
            criteria = application.challenge.criteria.count()
            assert assignment.scores.count() == criteria == 5
    assert not Assignment.objects.filter(
        application__status__in=["draft", "withdrawn"]
    ).exists()
    assert not Score.objects.filter(assignment__submitted_at=None).exists()
    assert User.objects.filter(
        challenge_assignments__isnull=False, groups__name="Assessors"
    ).exists()


def test_dates_follow_each_other(seeded):
    for application in Application.objects.exclude(submitted_at=None):
        assert application.created_at < application.submitted_at
    for assignment in Assignment.objects.exclude(declared_at=None):
        assert assignment.assigned_at <= assignment.declared_at
        if assignment.submitted_at:
            assert assignment.declared_at <= assignment.submitted_at


def test_topic_counts_and_quotas_match_the_supports(seeded):
    assert Topic.objects.exists()
    assert VotingRound.objects.filter(status="open").count() == 1
    for topic in Topic.objects.annotate(n=Count("supports")):
        assert topic.support_count == topic.n
    assert Support.objects.exists()
    for quota in SupporterQuota.objects.all():
        assert 1 <= quota.active_supports <= 5
        assert (
            Support.objects.filter(
                user=quota.user, topic__voting_round=quota.voting_round
            ).count()
            == quota.active_supports
        )


def test_seeding_again_changes_nothing(seeded):
    before = (Application.objects.count(), Challenge.objects.count())
    challenges_scale.seed(seeded, Progress(io.StringIO()), random.Random(1))  # noqa: S311
    assert (Application.objects.count(), Challenge.objects.count()) == before


def test_every_bench_page_loads_for_its_person(seeded, client):
    pages = challenges_scale.bench_pages()
    assert [p.name for p in pages] == [
        "Challenge list",
        "Challenge application task list",
    ]
    listing, task_list = pages
    assert listing.user_email is None
    assert client.get(listing.path, secure=True).status_code == 200

    member = User.objects.get(email=task_list.user_email)
    client.force_login(member)
    response = client.get(task_list.path, secure=True)
    assert response.status_code == 200
    application = Application.objects.get(public_id=task_list.path.split("/")[-2])
    assert application.status == "draft"
    assert application.challenge.is_open_for_applications()
    assert b"Check and submit" in response.content
