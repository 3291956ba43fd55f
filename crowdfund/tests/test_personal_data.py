"""Crowdfund London's part of "Download my data" and "Delete my account", and
its retention rule (``crowdfund.personal_data``)."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from civic.models import User
from civic.registry import registry
from civic.services.privacy import (
    AccountDeletionRefused,
    account_delete,
    account_deletion_blockers,
    account_export,
)
from civic.tests.factories import UserFactory
from crowdfund.models import GatewayTransaction, Pledge, Project, ProjectImage
from crowdfund.personal_data import purge_drafts
from crowdfund.services.closing import COLLECTED, campaign_close, pledge_collect
from crowdfund.services.pledges import backers_recount
from crowdfund.tests.factories import (
    LiveProjectFactory,
    PledgeFactory,
    ProjectFactory,
    ProjectUpdateFactory,
    pledge_counted,
    pledge_paid,
)

pytestmark = pytest.mark.django_db


def _project(pk) -> Project:
    return Project.objects.get(pk=pk)


def test_crowdfund_registers_its_section_and_retention_rule():
    assert "Crowdfund London" in registry.personal_data
    rule = registry.retention_rules["crowdfund_drafts"]
    assert rule.period_setting == "crowdfund_drafts"


def test_a_pledge_to_a_running_campaign_is_withdrawn_and_its_card_released(
    live_project, backer, other_resident, django_capture_on_commit_callbacks
):
    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=4_000)
    pledge_paid(project=live_project, backer=other_resident, amount_pence=6_000)
    assert _project(live_project.pk).crowd_pence == 10_000
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=backer)

    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.CANCELLED
    assert pledge.backer_id is None
    project = _project(live_project.pk)
    assert (project.crowd_pence, project.backer_count) == (6_000, 1)
    assert GatewayTransaction.objects.filter(
        pledge=pledge, kind="release", outcome="succeeded"
    ).exists()
    # Nobody is emailed at an address that no longer has an account.
    assert not [m for m in mail.outbox if "backer@example.com" in m.to]


def test_a_pledge_waiting_to_be_collected_is_collected_without_its_backer(
    live_project, backer, other_resident, django_capture_on_commit_callbacks
):
    pledge = pledge_paid(project=live_project, backer=backer, amount_pence=500_000)
    pledge_paid(project=live_project, backer=other_resident, amount_pence=500_000)
    Project.objects.filter(pk=live_project.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    campaign_close(project_id=live_project.pk)  # funded; captures not run yet
    before = _project(live_project.pk)

    account_delete(user=backer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert pledge_collect(pledge_id=pledge.pk) == COLLECTED

    pledge.refresh_from_db()
    assert (pledge.backer_id, pledge.status) == (None, Pledge.Status.COLLECTED)
    after = _project(live_project.pk)
    assert (after.crowd_pence, after.backer_count) == (
        before.crowd_pence,
        before.backer_count,
    )
    assert not [m for m in mail.outbox if "backer@example.com" in m.to]


def test_backers_recount_still_counts_a_deleted_backer(live_project, backer):
    pledge_counted(project=live_project, backer=backer)
    pledge_counted(project=live_project, backer=UserFactory())
    Pledge.objects.filter(backer=backer).update(backer=None)

    backers_recount(live_project.pk)

    assert _project(live_project.pk).backer_count == 2


def test_running_a_live_campaign_alone_is_refused_with_what_to_do(
    live_project, resident, backer
):
    pledge_counted(project=live_project, backer=backer)

    reasons = account_deletion_blockers(user=resident)

    assert len(reasons) == 1
    assert live_project.title in reasons[0]
    assert "Invite someone to the project team" in reasons[0]
    with pytest.raises(AccountDeletionRefused):
        account_delete(user=resident)
    assert User.objects.filter(pk=resident.pk).exists()
    assert _project(live_project.pk).created_by == resident


def test_a_live_campaign_with_a_team_passes_to_the_next_member(
    live_project, resident, team_member, backer
):
    pledge_counted(project=live_project, backer=backer)
    ProjectUpdateFactory(project=live_project, author=resident, title="Day one")

    assert account_deletion_blockers(user=resident) == []
    account_delete(user=resident)

    project = _project(live_project.pk)
    assert project.created_by == team_member
    assert list(project.team.values_list("user", "role")) == [
        (team_member.pk, "creator")
    ]
    assert project.updates.get().author is None
    # The campaign page and its updates still show, by "a former member".
    page = Client().get(
        reverse("crowdfund:project_detail", kwargs={"slug": project.slug})
    )
    assert page.status_code == 200
    assert "Day one" in page.content.decode()
    team = Client()
    team.force_login(team_member)
    updates = team.get(
        reverse("crowdfund:project_updates", kwargs={"slug": project.slug})
    ).content.decode()
    assert "By a former member" in updates


def test_a_draft_only_they_worked_on_goes_with_its_images(
    draft_project, resident, django_capture_on_commit_callbacks
):
    image = ProjectImage(project=draft_project, alt_text="The corner today")
    image.image.save("corner.png", ContentFile(b"not really a png"), save=False)
    image.save()
    stored = image.image.name
    assert default_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=resident)

    assert not Project.objects.filter(pk=draft_project.pk).exists()
    assert not default_storage.exists(stored)


def test_a_finished_project_stays_without_its_creator(resident, funding_round):
    project = ProjectFactory(
        created_by=resident,
        funding_round=funding_round,
        status=Project.Status.COMPLETED,
        summary=f"By {resident.display_name}",
    )

    account_delete(user=resident)

    project.refresh_from_db()
    assert project.created_by is None
    assert project.summary == "By [removed]"
    assert not project.team.exists()


def test_export_lists_their_pledges_projects_and_offers_only(
    live_project, resident, backer, other_resident
):
    pledge_counted(project=live_project, backer=backer, message="Go for it")
    pledge_counted(project=live_project, backer=other_resident, message="Not mine")

    mine = account_export(user=backer)["sections"]["Crowdfund London"]
    theirs = account_export(user=resident)["sections"]["Crowdfund London"]

    assert [p["Message of support"] for p in mine["Pledges"]] == ["Go for it"]
    assert mine["Projects you started"] == []
    assert [p["Project"] for p in theirs["Projects you started"]] == [
        live_project.title
    ]
    assert theirs["Pledges"] == []


# Retention --------------------------------------------------------------------


def _age(model, pk, days, field):
    model.objects.filter(pk=pk).update(
        **{field: timezone.now() - datetime.timedelta(days=days)}
    )


def test_purge_deletes_old_drafts_and_unpaid_pledges_only(funding_round):
    old_draft = ProjectFactory(funding_round=funding_round)
    new_draft = ProjectFactory(funding_round=funding_round)
    old_submitted = ProjectFactory(
        funding_round=funding_round, status=Project.Status.IN_REVIEW
    )
    for project in (old_draft, old_submitted):
        _age(Project, project.pk, 200, "updated_at")
    closed = LiveProjectFactory(funding_round=funding_round)
    unpaid = PledgeFactory(
        project=closed,
        status=Pledge.Status.PENDING,
        confirmed_at=None,
        payment_reference="",
    )
    tried = PledgeFactory(
        project=closed, status=Pledge.Status.CANCELLED, confirmed_at=None
    )
    GatewayTransaction.objects.create(
        pledge=tried,
        gateway="offline",
        kind="authorise",
        outcome="declined",
        amount_pence=tried.amount_pence,
    )
    counted = PledgeFactory(project=closed, status=Pledge.Status.COLLECTED)
    for pledge in (unpaid, tried, counted):
        _age(Pledge, pledge.pk, 200, "created_at")
    Project.objects.filter(pk=closed.pk).update(status=Project.Status.UNFUNDED)
    waiting_on_live = PledgeFactory(
        project=LiveProjectFactory(funding_round=funding_round),
        status=Pledge.Status.PENDING,
        confirmed_at=None,
    )
    _age(Pledge, waiting_on_live.pk, 200, "created_at")

    assert purge_drafts(timezone.now()) == 2

    assert not Project.objects.filter(pk=old_draft.pk).exists()
    assert Project.objects.filter(pk__in=[new_draft.pk, old_submitted.pk]).count() == 2
    assert not Pledge.objects.filter(pk=unpaid.pk).exists()
    assert Pledge.objects.filter(pk__in=[tried.pk, counted.pk]).count() == 2
    assert Pledge.objects.filter(pk=waiting_on_live.pk).exists()


def test_purge_period_comes_from_settings(funding_round):
    draft = ProjectFactory(funding_round=funding_round)
    _age(Project, draft.pk, 20, "updated_at")

    assert purge_drafts(timezone.now()) == 0
    with override_settings(CIVIC_RETENTION_DAYS={"crowdfund_drafts": None}):
        assert purge_drafts(timezone.now()) == 0  # None switches the rule off
    with override_settings(CIVIC_RETENTION_DAYS={"crowdfund_drafts": 10}):
        assert purge_drafts(timezone.now()) == 1
