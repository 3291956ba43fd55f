import pytest
from django.core import mail
from django.urls import reverse
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from crowdfund.models import FundingRound, Project
from crowdfund.services import projects as services
from crowdfund.tests.factories import ProjectFactory, ThemeFactory
from crowdfund.wagtail_projects import CrowdfundViewSetGroup
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(draft_project):
    return services.project_submit(project=draft_project, user=draft_project.created_by)


def _sign_in(client, request, persona):
    if persona == "anonymous":
        return
    force_login_with_mfa(client, request.getfixturevalue(persona))


# --- the officers' group ----------------------------------------------------------


def test_crowdfund_officers_get_their_permissions_from_the_migration(
    crowdfund_officer,
):
    for permission in [
        "wagtailadmin.access_admin",
        "crowdfund.add_fundinground",
        "crowdfund.change_fundinground",
        "crowdfund.add_theme",
        "crowdfund.change_theme",
        "crowdfund.review_project",
        "crowdfund.pledge_city_hall",
    ]:
        assert crowdfund_officer.has_perm(permission), permission


def test_moderators_do_not_review_projects(moderator):
    assert not moderator.has_perm("crowdfund.review_project")
    assert not moderator.has_perm("crowdfund.change_fundinground")


def test_the_menu_group_can_be_extended_by_other_areas():
    assert isinstance(CrowdfundViewSetGroup.items, tuple)
    assert {vs.model.__name__ for vs in CrowdfundViewSetGroup.items} >= {
        "FundingRound",
        "Theme",
    }


# --- funding rounds in pounds -------------------------------------------------------


def _round_form(**overrides):
    data = {
        "name": "Round 2027",
        "slug": "round-2027",
        "ideas_open_at": "2027-01-01 09:00",
        "ideas_close_at": "2027-03-01 17:00",
        "campaigns_open_at": "2027-02-01 09:00",
        "campaigns_close_at": "2027-06-30 17:00",
        "budget_pence": "£500,000",
        "max_pledge_per_project_pence": "50,000",
        "max_share_percent": "75",
        "platform_fee_percent": "0",
        "eligibility": "Community groups.",
    }
    data.update(overrides)
    return data


def test_an_officer_creates_a_round_with_money_in_pounds(client, crowdfund_officer):
    theme = ThemeFactory()
    force_login_with_mfa(client, crowdfund_officer)
    url = reverse("wagtailsnippets_crowdfund_fundinground:add")
    assert client.get(url).status_code == 200
    response = client.post(url, _round_form(themes=[theme.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    funding_round = FundingRound.objects.get(slug="round-2027")
    assert funding_round.budget_pence == 50_000_000
    assert funding_round.max_pledge_per_project_pence == 5_000_000
    assert list(funding_round.themes.all()) == [theme]
    edit = client.get(
        reverse("wagtailsnippets_crowdfund_fundinground:edit", args=[funding_round.pk])
    )
    assert 'value="500000"' in edit.content.decode()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"ideas_close_at": "2026-12-01 09:00"}, "Ideas must close after they open"),
        (
            {"campaigns_close_at": "2027-01-15 09:00"},
            "Campaigns must end after they may start",
        ),
        ({"max_share_percent": "0"}, "Enter a percentage between 1 and 100"),
        ({"max_share_percent": "101"}, "Enter a percentage between 1 and 100"),
        ({"budget_pence": "lots"}, "Enter an amount in pounds and pence"),
        (
            {"budget_pence": "40,000"},
            "The largest pledge to one project cannot be more than the budget",
        ),
        (
            {"platform_fee_percent": "100"},
            "Enter a platform fee percentage of less than 100",
        ),
    ],
)
def test_round_validation(client, crowdfund_officer, overrides, message):
    force_login_with_mfa(client, crowdfund_officer)
    response = client.post(
        reverse("wagtailsnippets_crowdfund_fundinground:add"), _round_form(**overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FundingRound.objects.filter(slug="round-2027").exists()


def test_a_rounds_budget_cannot_drop_below_what_city_hall_has_pledged(
    client, crowdfund_officer, funding_round
):
    FundingRound.objects.filter(pk=funding_round.pk).update(committed_pence=2_000_000)
    force_login_with_mfa(client, crowdfund_officer)
    response = client.post(
        reverse("wagtailsnippets_crowdfund_fundinground:edit", args=[funding_round.pk]),
        _round_form(
            slug=funding_round.slug,
            budget_pence="10,000",
            max_pledge_per_project_pence="5,000",
        ),
    )
    assert "City Hall has already pledged from it" in response.content.decode()
    assert "£20,000" in response.content.decode()
    funding_round.refresh_from_db()
    assert funding_round.budget_pence == 50_000_000


def test_themes_are_managed_by_officers(client, crowdfund_officer):
    force_login_with_mfa(client, crowdfund_officer)
    response = client.post(
        reverse("wagtailsnippets_crowdfund_theme:add"),
        {"name": "Green spaces", "slug": "green-spaces"},
    )
    assert response.status_code == 302


# --- review queue and screen: who gets in --------------------------------------------


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 302),
        # Signed in without admin access: refused, not sent to sign in again.
        ("resident", 403),
        ("other_resident", 403),
        ("co_creator", 403),
        ("org_member", 403),
        ("moderator", 403),
        ("crowdfund_officer", 200),
    ],
)
def test_only_officers_review_projects(client, request, in_review, persona, status):
    if persona == "co_creator":
        from civic.tests.factories import UserFactory
        from crowdfund.tests.factories import TeamMemberFactory

        user = UserFactory()
        TeamMemberFactory(project=in_review, user=user)
        client.force_login(user)
    else:
        _sign_in(client, request, persona)
    for url in [
        reverse("crowdfund_review:queue"),
        reverse("crowdfund_review:project", args=[in_review.pk]),
    ]:
        assert client.get(url).status_code == status, url
    response = client.post(
        reverse("crowdfund_review:project", args=[in_review.pk]), {"action": "approve"}
    )
    assert response.status_code == status if status != 200 else 302
    expected = Project.Status.LIVE if status == 200 else Project.Status.IN_REVIEW
    assert Project.objects.get(pk=in_review.pk).status == expected


def test_the_queue_and_review_screen_show_what_an_officer_checks(
    client, crowdfund_officer, in_review, organisation
):
    force_login_with_mfa(client, crowdfund_officer)
    queue = client.get(reverse("crowdfund_review:queue")).content.decode()
    assert in_review.title in queue
    assert "£10,000" in queue
    page = client.get(
        reverse("crowdfund_review:project", args=[in_review.pk])
    ).content.decode()
    for text in [
        "Tools and materials",
        "£6,000",
        "Fruit trees",
        "Public liability cover of £5m",
        organisation.name,
        in_review.created_by.email,
        "Approve: go live now",
    ]:
        assert text in page, text


@pytest.mark.parametrize("count", [1, 20])
def test_the_queue_queries_do_not_grow(
    client, crowdfund_officer, count, django_assert_max_num_queries
):
    for _ in range(count):
        project = ProjectFactory()
        services.project_submit(project=project, user=project.created_by)
    force_login_with_mfa(client, crowdfund_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("crowdfund_review:queue"))
    assert response.status_code == 200


@pytest.mark.parametrize("lines", [1, 25])
def test_the_review_screen_queries_do_not_grow(
    client, crowdfund_officer, lines, django_assert_max_num_queries
):
    project = ProjectFactory(costs=[(f"Item {i}", 100) for i in range(lines)])
    services.project_submit(project=project, user=project.created_by)
    force_login_with_mfa(client, crowdfund_officer)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("crowdfund_review:project", args=[project.pk]))
    assert response.status_code == 200


# --- decisions --------------------------------------------------------------------


def test_approving_in_the_admin_puts_the_project_live_once(
    client, crowdfund_officer, in_review, django_capture_on_commit_callbacks
):
    force_login_with_mfa(client, crowdfund_officer)
    url = reverse("crowdfund_review:project", args=[in_review.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "approve"})
    assert response.url == reverse("crowdfund_review:queue")
    project = Project.objects.get(pk=in_review.pk)
    assert project.status == Project.Status.LIVE
    assert len(mail.outbox) == 1
    # A second click (or a stale tab) changes nothing and says why.
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "no longer waiting for a decision" in response.content.decode()
    assert len(mail.outbox) == 1
    assert (
        ModelLogEntry.objects.filter(
            object_id=str(project.pk), action=services.APPROVE
        ).count()
        == 1
    )


def test_asking_for_changes_needs_a_message_in_the_admin(
    client, crowdfund_officer, in_review
):
    force_login_with_mfa(client, crowdfund_officer)
    url = reverse("crowdfund_review:project", args=[in_review.pk])
    response = client.post(url, {"action": "request_changes", "message": ""})
    assert response.status_code == 400
    assert "Enter what the team needs to change" in response.content.decode()
    client.post(url, {"action": "request_changes", "message": "Add a quote."})
    project = Project.objects.get(pk=in_review.pk)
    assert project.status == Project.Status.CHANGES_REQUESTED
    assert project.review_message == "Add a quote."


def test_rejecting_needs_a_reason_in_the_admin(client, crowdfund_officer, in_review):
    force_login_with_mfa(client, crowdfund_officer)
    url = reverse("crowdfund_review:project", args=[in_review.pk])
    response = client.post(url, {"action": "reject", "reason": " "})
    assert "Enter the reason the project is not approved" in response.content.decode()
    client.post(url, {"action": "reject", "reason": "Outside London."})
    assert Project.objects.get(pk=in_review.pk).status == Project.Status.REJECTED
    entry = ModelLogEntry.objects.get(
        object_id=str(in_review.pk), action=services.REJECT
    )
    assert entry.data["reason"] == "Outside London."


def test_decisions_show_in_the_audit_log_with_their_reason(
    client, crowdfund_officer, in_review
):
    services.project_reject(
        project=in_review, officer=crowdfund_officer, reason="Outside London."
    )
    entry = ModelLogEntry.objects.get(
        object_id=str(in_review.pk), action=services.REJECT
    )
    formatter = log_registry.get_formatter(entry)
    assert formatter.format_comment(entry) == "Outside London."
    assert str(formatter.label) == "Crowdfund: reject project"


def test_an_unknown_action_is_not_found(client, crowdfund_officer, in_review):
    force_login_with_mfa(client, crowdfund_officer)
    response = client.post(
        reverse("crowdfund_review:project", args=[in_review.pk]), {"action": "boom"}
    )
    assert response.status_code == 404


def test_marking_a_delivering_project_completed_in_the_admin(
    client, crowdfund_officer, live_project
):
    Project.objects.filter(pk=live_project.pk).update(status=Project.Status.DELIVERING)
    force_login_with_mfa(client, crowdfund_officer)
    assert (
        live_project.title
        in client.get(reverse("crowdfund_review:queue")).content.decode()
    )
    client.post(
        reverse("crowdfund_review:project", args=[live_project.pk]),
        {"action": "complete"},
    )
    assert Project.objects.get(pk=live_project.pk).status == Project.Status.COMPLETED
