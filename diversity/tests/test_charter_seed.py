"""The data migration: the pledges' version 1 and the GLA Group signatories."""

import importlib

import pytest
from django.apps import apps as live_apps

from civic.models import Organisation
from diversity.models import Pledge, PledgeAcceptance, PledgeVersion, Signatory

seed_migration = importlib.import_module("diversity.migrations.0003_charter_seed")

pytestmark = pytest.mark.django_db

GLA_GROUP = [
    "Greater London Authority",
    "Transport for London",
    "Mayor's Office for Policing and Crime",
    "London Fire Brigade",
    "London Legacy Development Corporation",
    "Old Oak and Park Royal Development Corporation",
]


def test_the_gla_group_are_public_sector_signatories_of_every_pledge():
    signatories = Signatory.objects.filter(is_gla_group=True).select_related(
        "organisation"
    )
    assert sorted(s.organisation.name for s in signatories) == sorted(GLA_GROUP)
    versions = set(PledgeVersion.objects.filter(version=1).values_list("pk", flat=True))
    assert len(versions) == 5
    for signatory in signatories:
        assert signatory.organisation.type == Organisation.Type.PUBLIC_BODY
        assert signatory.sector == "public"
        assert signatory.sponsor_email == seed_migration.PLACEHOLDER_EMAIL
        assert "to-replace" in signatory.contact_email
        assert signatory.sponsor_job_title  # a role title, not a person
        accepted = set(
            signatory.acceptances.values_list("pledge_version_id", flat=True)
        )
        assert accepted == versions


def test_seeding_again_changes_nothing():
    before = (
        Pledge.objects.count(),
        PledgeVersion.objects.count(),
        Signatory.objects.count(),
        PledgeAcceptance.objects.count(),
        Organisation.objects.count(),
    )
    seed_migration.seed(live_apps, None)
    after = (
        Pledge.objects.count(),
        PledgeVersion.objects.count(),
        Signatory.objects.count(),
        PledgeAcceptance.objects.count(),
        Organisation.objects.count(),
    )
    assert before == after


def test_reversing_removes_the_seed_and_seeding_restores_it():
    seed_migration.unseed(live_apps, None)
    assert not Signatory.objects.filter(is_gla_group=True).exists()
    assert not Pledge.objects.exists()
    seed_migration.seed(live_apps, None)
    assert Signatory.objects.filter(is_gla_group=True).count() == 6
    assert PledgeVersion.objects.count() == 5


def test_an_existing_gla_organisation_is_reused():
    Signatory.objects.filter(organisation__slug="transport-for-london").delete()
    organisation = Organisation.objects.get(slug="transport-for-london")
    seed_migration.seed(live_apps, None)
    assert Organisation.objects.filter(slug="transport-for-london").count() == 1
    assert Signatory.objects.get(organisation=organisation).is_gla_group
