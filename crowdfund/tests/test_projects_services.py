import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from civic.forms.money import PoundsError, parse_pounds
from crowdfund.models import CostLine, Project, TeamMember
from crowdfund.services import projects as services
from crowdfund.services import team as team_services
from crowdfund.services.projects import ProjectError
from crowdfund.tests.factories import (
    FundingRoundFactory,
    NeedFactory,
    ProjectFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def _in_review(project):
    return services.project_submit(project=project, user=project.created_by)


def _log_actions(project):
    return list(
        ModelLogEntry.objects.filter(object_id=str(project.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- money ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, pence",
    [
        ("12.50", 1250),
        ("12.5", 1250),
        ("12", 1200),
        ("£1,200", 120_000),
        ("£1,200.05", 120_005),
        (" £ 3.99 ", 399),
        ("0.29", 29),  # a float would give 28
        ("1,234,567.89", 123_456_789),
        ("0", 0),
    ],
)
def test_amounts_in_pounds_are_parsed_exactly_to_pence(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "required"),
        ("£", "required"),
        ("abc", "invalid"),
        ("-5", "invalid"),
        ("1,20", "invalid"),
        ("12,50", "invalid"),
        ("1.2.3", "invalid"),
        ("1e3", "invalid"),
        ("12.", "invalid"),
        ("12.505", "decimals"),
        ("£1,200.999", "decimals"),
        ("$12", "invalid"),
    ],
)
def test_amounts_that_are_not_pounds_and_pence_are_refused(text, code):
    with pytest.raises(PoundsError) as error:
        parse_pounds(text)
    assert error.value.code == code


@pytest.mark.parametrize(
    "percent, costs, fee",
    [
        ("0", 1_000_000, 0),
        ("5", 1_000_000, 50_000),
        ("2.5", 1_001, 25),  # 25.025p rounds to 25p
        ("2.5", 1_002, 25),  # 25.05p rounds to 25p
        ("2.5", 1_003, 25),  # 25.075p rounds to 25p
        ("2.5", 1_020, 26),  # 25.5p rounds half up to 26p
        ("7.75", 123_457, 9568),
    ],
)
def test_the_fee_is_a_percentage_of_the_costs_to_the_nearest_penny(percent, costs, fee):
    funding_round = FundingRoundFactory(platform_fee_percent=Decimal(percent))
    assert services.fee_for(funding_round=funding_round, costs_pence=costs) == fee


def test_the_target_is_the_costs_plus_the_rounds_fee(resident):
    project = ProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(platform_fee_percent=Decimal("5")),
        costs=[("Paint", 600_000), ("Brushes", 400_050)],
    )
    assert services.budget_for(project) == {
        "costs": 1_000_050,
        "fee": 50_003,
        "target": 1_050_053,
    }


# --- drafts and submission ----------------------------------------------------------


def test_creating_a_project_makes_its_creator_the_team(resident, funding_round):
    project = services.project_create(
        funding_round=funding_round, creator=resident, title="Colour in Romford"
    )
    assert project.status == Project.Status.DRAFT
    assert project.slug == "colour-in-romford"
    assert list(project.team.values_list("user", "role")) == [
        (resident.pk, TeamMember.Role.CREATOR)
    ]
    again = services.project_create(
        funding_round=funding_round, creator=resident, title="Colour in Romford"
    )
    assert again.slug == "colour-in-romford-2"


def test_a_slug_taken_at_the_same_moment_gets_a_random_suffix(
    resident, funding_round, monkeypatch
):
    services.project_create(funding_round=funding_round, creator=resident, title="Twin")
    # As if the other request had not committed when this one chose its slug.
    monkeypatch.setattr(services, "_unique_slug", lambda title: "twin")
    project = services.project_create(
        funding_round=funding_round, creator=resident, title="Twin"
    )
    assert project.slug.startswith("twin-")
    assert project.team.count() == 1


def test_a_project_cannot_start_in_a_round_that_is_not_taking_ideas(resident):
    closed = FundingRoundFactory(
        ideas_open_at=timezone.now() - datetime.timedelta(days=60),
        ideas_close_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(ProjectError) as error:
        services.project_create(funding_round=closed, creator=resident, title="Late")
    assert error.value.code == "round_closed"


def test_a_new_draft_lists_every_required_section_as_incomplete(
    resident, funding_round
):
    project = services.project_create(
        funding_round=funding_round, creator=resident, title="New"
    )
    assert services.incomplete_sections(project) == [
        "Describe your project",
        "Budget",
        "Team",
        "Permissions and insurance",
    ]


def test_submitting_an_incomplete_project_is_refused_with_what_is_missing(
    draft_project,
):
    draft_project.cost_lines.all().delete()
    Project.objects.filter(pk=draft_project.pk).update(has_insurance=None)
    with pytest.raises(ProjectError) as error:
        services.project_submit(project=draft_project, user=draft_project.created_by)
    assert error.value.code == "incomplete"
    assert "Budget" in error.value.message
    assert "Permissions and insurance" in error.value.message
    assert Project.objects.get(pk=draft_project.pk).status == Project.Status.DRAFT


def test_insurance_needs_details_when_the_project_has_it(draft_project):
    draft_project.insurance_details = ""
    assert services.section_statuses(draft_project)["permissions"] == "incomplete"
    draft_project.has_insurance = False
    assert services.section_statuses(draft_project)["permissions"] == "completed"


def test_submitting_fixes_the_target_and_tells_the_team(
    draft_project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = _in_review(draft_project)
    assert project.status == Project.Status.IN_REVIEW
    assert project.target_pence == 1_000_000
    assert project.submitted_at is not None
    assert [m.to for m in mail.outbox] == [[draft_project.created_by.email]]
    assert _log_actions(project) == [services.SUBMIT]


def test_submitting_twice_is_refused(draft_project):
    _in_review(draft_project)
    with pytest.raises(ProjectError) as error:
        _in_review(draft_project)
    assert error.value.code == "not_editable"


# --- approval ---------------------------------------------------------------------


def test_approving_puts_the_campaign_live_with_a_fixed_target_and_deadline(
    draft_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    Project.objects.filter(pk=draft_project.pk).update(campaign_days=30)
    draft_project.refresh_from_db()
    _in_review(draft_project)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_approve(
            project=draft_project, officer=crowdfund_officer
        )
    project.refresh_from_db()
    assert project.status == Project.Status.LIVE
    assert project.target_pence == 1_000_000
    assert before <= project.live_at <= timezone.now()
    assert project.deadline == project.live_at + datetime.timedelta(days=30)
    assert project.is_open_for_pledges()
    assert "is live" in mail.outbox[-1].subject
    assert _log_actions(project) == [services.SUBMIT, services.APPROVE]


def test_the_deadline_is_never_after_the_round_closes(resident, crowdfund_officer):
    closes = timezone.now() + datetime.timedelta(days=10)
    project = ProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(campaigns_close_at=closes),
    )
    _in_review(project)
    project = services.project_approve(project=project, officer=crowdfund_officer)
    assert project.deadline == closes


def test_the_deadline_is_at_most_60_days(draft_project, crowdfund_officer):
    assert draft_project.campaign_days == 60
    _in_review(draft_project)
    project = services.project_approve(project=draft_project, officer=crowdfund_officer)
    assert project.deadline - project.live_at == datetime.timedelta(days=60)


def test_a_campaign_cannot_go_live_when_the_round_is_about_to_close(
    resident, crowdfund_officer
):
    project = ProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(
            campaigns_close_at=timezone.now() + datetime.timedelta(hours=2)
        ),
    )
    _in_review(project)
    with pytest.raises(ProjectError) as error:
        services.project_approve(project=project, officer=crowdfund_officer)
    assert error.value.code == "round_closing"
    assert Project.objects.get(pk=project.pk).status == Project.Status.IN_REVIEW


def test_approving_twice_does_nothing_the_second_time(
    draft_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    _in_review(draft_project)
    stale = Project.objects.get(pk=draft_project.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.project_approve(project=draft_project, officer=crowdfund_officer)
    sent = len(mail.outbox)
    with pytest.raises(ProjectError) as error:
        services.project_approve(project=stale, officer=crowdfund_officer)
    assert error.value.code == "not_in_review"
    assert len(mail.outbox) == sent
    assert _log_actions(draft_project).count(services.APPROVE) == 1


def test_a_draft_cannot_be_approved(draft_project, crowdfund_officer):
    with pytest.raises(ProjectError):
        services.project_approve(project=draft_project, officer=crowdfund_officer)


# --- changes requested and rejection ---------------------------------------------


def test_asking_for_changes_needs_a_message(draft_project, crowdfund_officer):
    _in_review(draft_project)
    with pytest.raises(ProjectError) as error:
        services.project_request_changes(
            project=draft_project, officer=crowdfund_officer, message="  "
        )
    assert error.value.field == "message"


def test_asking_for_changes_makes_the_plan_editable_again(
    draft_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    _in_review(draft_project)
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_request_changes(
            project=draft_project,
            officer=crowdfund_officer,
            message="Add a quote for the trees.",
        )
    assert project.status == Project.Status.CHANGES_REQUESTED
    assert project.is_editable
    assert "Add a quote for the trees." in mail.outbox[-1].body
    entry = ModelLogEntry.objects.get(
        object_id=str(project.pk), action=services.REQUEST_CHANGES
    )
    assert entry.data["reason"] == "Add a quote for the trees."
    assert entry.user_id == crowdfund_officer.pk
    # The team changes the plan and submits again.
    services.cost_line_save(project=project, item="Quote", amount_pence=100)
    assert _in_review(project).status == Project.Status.IN_REVIEW


def test_rejecting_needs_a_reason_and_is_final(
    draft_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    _in_review(draft_project)
    with pytest.raises(ProjectError):
        services.project_reject(
            project=draft_project, officer=crowdfund_officer, reason=""
        )
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_reject(
            project=draft_project, officer=crowdfund_officer, reason="Not in London."
        )
    assert project.status == Project.Status.REJECTED
    assert "Not in London." in mail.outbox[-1].body
    with pytest.raises(ProjectError):
        services.cost_line_save(project=project, item="More", amount_pence=100)
    with pytest.raises(ProjectError):
        services.project_approve(project=project, officer=crowdfund_officer)


def test_a_decision_rolled_back_emails_nobody(
    draft_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    _in_review(draft_project)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.project_approve(
                    project=draft_project, officer=crowdfund_officer
                )
                raise RuntimeError("something after the decision failed")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert Project.objects.get(pk=draft_project.pk).status == Project.Status.IN_REVIEW
    assert services.APPROVE not in _log_actions(draft_project)


# --- a live campaign's target is frozen ---------------------------------------------


def test_costs_of_a_live_project_cannot_change(live_project):
    line = live_project.cost_lines.first()
    with pytest.raises(ProjectError) as error:
        services.cost_line_save(
            project=live_project, item="More", amount_pence=100, line=line
        )
    assert error.value.code == "not_editable"
    with pytest.raises(ProjectError):
        services.cost_line_save(project=live_project, item="New", amount_pence=100)
    with pytest.raises(ProjectError):
        services.cost_line_remove(project=live_project, line=line)
    assert live_project.cost_lines.count() == 2
    assert Project.objects.get(pk=live_project.pk).target_pence == 1_000_000


def test_a_page_opened_before_approval_cannot_change_costs_after_it(
    draft_project, crowdfund_officer
):
    """The copy of the project the page loaded still says "draft": the service
    reads the status from the locked row, not from that copy."""
    stale = Project.objects.get(pk=draft_project.pk)
    _in_review(draft_project)
    services.project_approve(project=draft_project, officer=crowdfund_officer)
    assert stale.is_editable
    with pytest.raises(ProjectError):
        services.cost_line_save(project=stale, item="Sneaky", amount_pence=99_999)
    with pytest.raises(ProjectError):
        services.project_update(project=stale, fields={"title": "Renamed"})
    assert not CostLine.objects.filter(item="Sneaky").exists()
    assert Project.objects.get(pk=draft_project.pk).target_pence == 1_000_000


def test_the_target_is_not_a_field_the_team_can_set(draft_project):
    with pytest.raises(ValueError):
        services.project_update(project=draft_project, fields={"target_pence": 1})


def test_a_fee_change_after_submission_does_not_move_the_target(
    draft_project, crowdfund_officer
):
    project = _in_review(draft_project)
    project.funding_round.platform_fee_percent = Decimal("10")
    project.funding_round.save()
    project = services.project_approve(project=project, officer=crowdfund_officer)
    assert project.target_pence == 1_000_000


def test_cost_lines_must_be_positive(draft_project):
    with pytest.raises(ProjectError):
        services.cost_line_save(project=draft_project, item="Nothing", amount_pence=0)


# --- completion ------------------------------------------------------------------


def test_an_officer_marks_a_delivering_project_completed(
    live_project, crowdfund_officer, django_capture_on_commit_callbacks
):
    with pytest.raises(ProjectError):
        services.project_complete(project=live_project, officer=crowdfund_officer)
    Project.objects.filter(pk=live_project.pk).update(status=Project.Status.DELIVERING)
    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_complete(
            project=live_project, officer=crowdfund_officer
        )
    assert project.status == Project.Status.COMPLETED
    assert project.completed_at is not None
    assert "completed" in mail.outbox[-1].subject
    assert _log_actions(project) == [services.COMPLETE]
    with pytest.raises(ProjectError):
        services.project_complete(project=project, officer=crowdfund_officer)


# --- team ------------------------------------------------------------------------


def test_an_invitation_is_emailed_and_accepted_once(
    draft_project, other_resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = team_services.invitation_create(
            project=draft_project,
            invited_by=draft_project.created_by,
            email="Other@Example.com",
        )
    assert invitation.email == "other@example.com"
    assert mail.outbox[-1].to == ["other@example.com"]
    assert invitation.token in mail.outbox[-1].body
    with pytest.raises(ProjectError):
        team_services.invitation_create(
            project=draft_project,
            invited_by=draft_project.created_by,
            email="other@example.com",
        )
    member = team_services.invitation_accept(
        token=invitation.token, user=other_resident
    )
    assert member.role == TeamMember.Role.CO_CREATOR
    with pytest.raises(ProjectError) as error:
        team_services.invitation_accept(token=invitation.token, user=other_resident)
    assert error.value.code == "used"


def test_an_expired_invitation_cannot_be_accepted(draft_project, other_resident):
    invitation = team_services.invitation_create(
        project=draft_project,
        invited_by=draft_project.created_by,
        email="x@example.com",
    )
    invitation.__class__.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    with pytest.raises(ProjectError) as error:
        team_services.invitation_accept(token=invitation.token, user=other_resident)
    assert error.value.code == "expired"


def test_the_creator_stays_and_only_the_creator_removes_others(draft_project):
    creator = draft_project.team.get(role=TeamMember.Role.CREATOR)
    a = TeamMemberFactory(project=draft_project)
    b = TeamMemberFactory(project=draft_project)
    with pytest.raises(ProjectError):
        team_services.team_member_remove(
            project=draft_project, member=creator, by=a.user
        )
    with pytest.raises(ProjectError):
        team_services.team_member_remove(project=draft_project, member=b, by=a.user)
    team_services.team_member_remove(project=draft_project, member=a, by=a.user)
    team_services.team_member_remove(
        project=draft_project, member=b, by=draft_project.created_by
    )
    assert list(draft_project.team.all()) == [creator]


# --- needs, offers and updates ------------------------------------------------------


def test_one_open_offer_per_need_per_person(
    other_resident, django_capture_on_commit_callbacks
):
    need = NeedFactory()
    with django_capture_on_commit_callbacks(execute=True):
        offer = team_services.offer_create(
            need=need, user=other_resident, message="I have a van."
        )
    assert mail.outbox[-1].to == [need.project.created_by.email]
    with pytest.raises(ProjectError) as error:
        team_services.offer_create(need=need, user=other_resident, message="Again")
    assert error.value.code == "duplicate"
    with django_capture_on_commit_callbacks(execute=True):
        team_services.offer_decide(
            offer=offer, accept=False, by=need.project.created_by
        )
    assert mail.outbox[-1].to == [other_resident.email]
    with pytest.raises(ProjectError):
        team_services.offer_decide(offer=offer, accept=True, by=need.project.created_by)


def test_no_offers_for_a_draft_or_a_met_need(other_resident, draft_project):
    draft_need = NeedFactory(project=draft_project)
    with pytest.raises(ProjectError):
        team_services.offer_create(need=draft_need, user=other_resident, message="Hi")
    met = NeedFactory(is_met=True)
    with pytest.raises(ProjectError):
        team_services.offer_create(need=met, user=other_resident, message="Hi")


def test_updates_are_posted_only_once_the_campaign_is_live(draft_project, live_project):
    with pytest.raises(ProjectError):
        team_services.update_post(
            project=draft_project, author=draft_project.created_by, title="T", body="B"
        )
    for status in [Project.Status.LIVE, Project.Status.DELIVERING]:
        Project.objects.filter(pk=live_project.pk).update(status=status)
        update = team_services.update_post(
            project=live_project, author=live_project.created_by, title="T", body="B"
        )
        assert update.project_id == live_project.pk


def test_no_updates_once_staff_mark_the_project_completed(live_project):
    Project.objects.filter(pk=live_project.pk).update(status=Project.Status.COMPLETED)
    with pytest.raises(ProjectError) as error:
        team_services.update_post(
            project=live_project, author=live_project.created_by, title="T", body="B"
        )
    assert error.value.code == "completed"
    assert not live_project.updates.exists()
