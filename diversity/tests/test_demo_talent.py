"""The Digital Talent demo data: every state, sensible invariants, idempotent."""

import pytest
from django.db.models import Count, Q

from civic.models import Organisation, User
from civic.permissions import has_verified_email
from diversity.demo_talent import PROVIDER_EMAIL, seed
from diversity.models import (
    Application,
    Cohort,
    Course,
    EqualityMonitoring,
    Outcome,
    ProgrammeTarget,
)

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            Course,
            Cohort,
            Application,
            EqualityMonitoring,
            Outcome,
            ProgrammeTarget,
            User,
        )
    }


def test_seeding_twice_adds_nothing_the_second_time():
    seed()
    first = _counts()
    seed()
    assert _counts() == first


def test_the_demo_has_every_state_and_keeps_the_invariants():
    seed()
    statuses = set(Application.objects.values_list("status", flat=True))
    assert statuses == set(Application.Status.values)
    assert 140 <= Application.objects.count() <= 170
    completions = set(Application.objects.values_list("completion", flat=True))
    assert {"completed", "left_early", ""} <= completions
    assert set(Outcome.objects.values_list("months_after", flat=True)) == {3, 6}
    assert Course.objects.filter(status="published").count() == 7
    for cohort in Cohort.objects.annotate(
        accepted=Count("applications", filter=Q(applications__status="accepted"))
    ):
        assert cohort.accepted_count == cohort.accepted <= cohort.capacity
    assert not Application.objects.exclude(status="accepted").exclude(completion="")
    monitored = EqualityMonitoring.objects.count()
    assert 0.7 * Application.objects.count() < monitored < Application.objects.count()
    sizes = dict(EqualityMonitoring.objects.values_list("sex").annotate(n=Count("pk")))
    assert sizes["female"] >= 10
    assert 0 < sizes["prefer_not_to_say"] < 10
    target = ProgrammeTarget.objects.get()
    assert (target.women_percent, target.bame_percent) == (50, 60)


def test_the_demo_provider_account_can_sign_in_and_owns_the_first_provider():
    from civic.management.commands.seed_demo import DEMO_PASSWORD

    seed()
    user = User.objects.get(email=PROVIDER_EMAIL)
    assert user.check_password(DEMO_PASSWORD)
    assert has_verified_email(user)
    organisation = Organisation.objects.get(slug="code-your-future-london")
    assert organisation.role_of(user) == "owner"
    assert not User.objects.filter(email="resident@example.org").exists()
