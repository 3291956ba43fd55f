import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from challenges.models import (
    Application,
    Assignment,
    Challenge,
    MentoringSession,
    Milestone,
    Pilot,
    Pitch,
    Programme,
    ProgressReport,
    ReferenceCounter,
    Score,
    Support,
    SupporterQuota,
    Topic,
    VotingRound,
)
from challenges.models.topics import MAX_ACTIVE_SUPPORTS
from civic.models import Organisation

pytestmark = pytest.mark.django_db

MODELS = [
    Programme,
    Challenge,
    Application,
    Assignment,
    Score,
    Pitch,
    Pilot,
    Milestone,
    ProgressReport,
    MentoringSession,
    VotingRound,
    Topic,
    Support,
    SupporterQuota,
]


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_is_idempotent(seeded):
    before = _counts()
    references = sorted(
        Application.objects.exclude(reference=None).values_list("reference", flat=True)
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before
    assert (
        sorted(
            Application.objects.exclude(reference=None).values_list(
                "reference", flat=True
            )
        )
        == references
    )


def test_demo_programme_challenges_and_applications(seeded):
    programme = Programme.objects.get(name="Civic Innovation Challenge 2018-19")
    assert sorted(programme.themes.values_list("name", flat=True)) == [
        "Preventing climate change",
        "Reducing inequality",
        "Supporting London's ageing population",
    ]
    assert programme.delivery_partner is not None
    owner_types = set(
        Challenge.objects.filter(programme=programme).values_list(
            "owner__type", flat=True
        )
    )
    assert owner_types == {Organisation.Type.PUBLIC_BODY, Organisation.Type.COMPANY}
    for challenge in Challenge.objects.all():
        assert challenge.criteria.aggregate(total=Sum("weight_percent"))["total"] == 100
    assert set(Application.objects.values_list("status", flat=True)) == set(
        Application.Status.values
    )
    # References: every non-draft has one, CIC-<year>-<NNNN>, from the counter.
    for application in Application.objects.exclude(status="draft"):
        assert application.reference.startswith("CIC-")
    counter = ReferenceCounter.objects.get()
    numbers = [
        int(ref.rsplit("-", 1)[1])
        for ref in Application.objects.exclude(reference=None).values_list(
            "reference", flat=True
        )
    ]
    assert max(numbers) <= counter.last_number
    assert len(set(numbers)) == len(numbers)


def test_demo_assessment_pitch_and_pilot(seeded):
    conflicted = Assignment.objects.filter(has_conflict=True)
    assert conflicted.count() == 1
    assert not Score.objects.filter(assignment__in=conflicted).exists()
    for assignment in Assignment.objects.filter(submitted_at__isnull=False):
        assert assignment.has_conflict is False
        assert (
            assignment.scores.count()
            == assignment.application.challenge.criteria.count()
        )
    assert Pitch.objects.count() >= 1
    pilot = Pilot.objects.get()
    assert pilot.application.status == Application.Status.WINNER
    assert pilot.award_pence <= pilot.application.challenge.programme.testing_fund_pence
    assert (
        pilot.milestones.aggregate(total=Sum("payment_pence"))["total"]
        == pilot.award_pence
    )
    assert pilot.reports.exists()
    assert pilot.mentoring_sessions.exists()


def test_demo_voting_rounds_keep_their_counters_consistent(seeded):
    assert VotingRound.objects.filter(status=VotingRound.Status.OPEN).count() == 1
    assert VotingRound.objects.filter(status=VotingRound.Status.CLOSED).exists()
    assert (
        Topic.objects.filter(status=Topic.Status.TAKEN_FORWARD)
        .exclude(explanation="")
        .exists()
    )
    assert Topic.objects.filter(voting_round__isnull=True).exists()
    for topic in Topic.objects.annotate(n=Count("supports")):
        assert topic.support_count == topic.n, topic
    rows = (
        Support.objects.values("topic__voting_round", "user")
        .annotate(n=Count("pk"))
        .order_by()
    )
    assert rows
    for row in rows:
        quota = SupporterQuota.objects.get(
            voting_round=row["topic__voting_round"], user=row["user"]
        )
        assert quota.active_supports == row["n"] <= MAX_ACTIVE_SUPPORTS
    assert SupporterQuota.objects.count() == len(rows)


def test_demo_pages_render(seeded, client):
    from django.urls import reverse

    html = client.get(reverse("challenges:index")).content.decode()
    assert "Civic Innovation Challenge 2018-19" in html
    assert "Cleaner last-mile deliveries" in html
    html = client.get(reverse("challenges:topics")).content.decode()
    assert "Cleaner air near schools" in html
    assert "Safer walking routes to school" in html
