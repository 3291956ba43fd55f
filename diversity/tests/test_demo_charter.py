"""The charter's demo data: idempotent, two years, groups either side of the
small-number rule, and the demo account's organisation."""

import pytest
from django.contrib.auth import authenticate

from civic.management.commands.seed_demo import DEMO_PASSWORD
from civic.models import OrganisationMembership
from civic.registry import registry
from diversity import demo_charter
from diversity.models import ReportingYear, Signatory, Submission
from diversity.selectors_charter import benchmark_for

pytestmark = pytest.mark.django_db


def test_registered_as_a_seeder():
    assert registry.demo_seeders["diversity-charter"] is demo_charter.seed


def test_seed_is_idempotent_and_complete():
    demo_charter.seed()
    counts = (Signatory.objects.count(), Submission.objects.count())
    demo_charter.seed()
    assert (Signatory.objects.count(), Submission.objects.count()) == counts
    assert Signatory.objects.filter(is_gla_group=True).count() == 6
    assert Signatory.objects.filter(is_gla_group=False).count() == 30

    current, last = ReportingYear.objects.order_by("-year")[:2]
    assert last.locked_at is not None
    assert current.locked_at is None
    assert last.submissions.count() == 36
    assert 0 < current.submissions.count() < 36

    result = benchmark_for(last)
    assert not result.overall.suppressed
    shown = [g for g in result.by_sector if not g.suppressed]
    hidden = [g for g in result.by_sector if g.suppressed and g.organisations]
    assert shown and hidden


def test_demo_account_owns_a_signatory_with_last_year_only():
    demo_charter.seed()
    user = authenticate(email=demo_charter.DEMO_EMAIL, password=DEMO_PASSWORD)
    assert user is not None
    assert user.emailaddress_set.get().verified
    signatory = Signatory.objects.get(organisation__slug=demo_charter.DEMO_ORG_SLUG)
    assert signatory.organisation.role_of(user) == OrganisationMembership.Role.OWNER
    current, last = ReportingYear.objects.order_by("-year")[:2]
    assert signatory.submissions.filter(year=last).exists()
    assert not signatory.submissions.filter(year=current).exists()
