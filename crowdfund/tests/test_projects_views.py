import datetime
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from civic.models import Borough
from civic.tests.factories import MembershipFactory, UserFactory
from crowdfund.models import NeedOffer, Project, TeamMember
from crowdfund.services import projects as services
from crowdfund.tests.factories import (
    FundingRoundFactory,
    NeedFactory,
    NeedOfferFactory,
    ProjectFactory,
    TeamMemberFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    # persona, can see the team's pages
    ("anonymous", False),
    ("resident", True),  # the creator
    ("other_resident", False),
    ("co_creator", True),
    ("org_member", False),
    ("crowdfund_officer", False),
    ("moderator", False),
]


@pytest.fixture
def co_creator(draft_project):
    user = UserFactory(email="cora@example.com", display_name="Cora")
    TeamMemberFactory(project=draft_project, user=user)
    return user


def _sign_in(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


def _team_urls(project):
    slug = project.slug
    line = project.cost_lines.first()
    return [
        reverse("crowdfund:project_tasks", args=[slug]),
        reverse("crowdfund:project_describe", args=[slug, "name"]),
        reverse("crowdfund:project_describe", args=[slug, "where"]),
        reverse("crowdfund:project_describe", args=[slug, "theme"]),
        reverse("crowdfund:project_images", args=[slug]),
        reverse("crowdfund:project_budget", args=[slug]),
        reverse("crowdfund:project_cost_add", args=[slug]),
        reverse("crowdfund:project_cost_change", args=[slug, line.pk]),
        reverse("crowdfund:project_cost_remove", args=[slug, line.pk]),
        reverse("crowdfund:project_team", args=[slug]),
        reverse("crowdfund:project_invite", args=[slug]),
        reverse("crowdfund:project_permissions", args=[slug]),
        reverse("crowdfund:project_needs", args=[slug]),
        reverse("crowdfund:project_need_add", args=[slug]),
        reverse("crowdfund:project_check", args=[slug]),
        reverse("crowdfund:project_updates", args=[slug]),
        reverse("crowdfund:project_offers", args=[slug]),
    ]


@pytest.mark.parametrize("persona, allowed", PERSONAS)
def test_only_the_team_sees_a_draft(client, request, draft_project, persona, allowed):
    if persona == "co_creator":
        request.getfixturevalue("co_creator")
    if persona == "org_member":
        request.getfixturevalue("org_member")  # a member of the project's org
    _sign_in(client, request, persona)
    for url in _team_urls(draft_project):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("account_login")), url
        else:
            assert response.status_code == (200 if allowed else 404), url


@pytest.mark.parametrize("persona, allowed", PERSONAS)
def test_only_the_team_can_change_a_draft(
    client, request, draft_project, persona, allowed
):
    if persona == "co_creator":
        request.getfixturevalue("co_creator")
    _sign_in(client, request, persona)
    response = client.post(
        reverse("crowdfund:project_cost_add", args=[draft_project.slug]),
        {"item": "Ladders", "amount": "45.00"},
    )
    added = draft_project.cost_lines.filter(item="Ladders").exists()
    assert added == allowed
    if persona != "anonymous" and not allowed:
        assert response.status_code == 404


@pytest.mark.parametrize(
    "persona", ["anonymous", "resident", "other_resident", "crowdfund_officer"]
)
def test_the_start_page_is_for_everyone(client, request, funding_round, persona):
    _sign_in(client, request, persona)
    assert client.get(reverse("crowdfund:project_start")).status_code == 200


@pytest.mark.parametrize("name", ["crowdfund:project_create", "crowdfund:my_projects"])
def test_starting_and_listing_need_an_account(client, funding_round, name):
    response = client.get(reverse(name))
    assert response.url.startswith(reverse("account_login"))


def test_an_invitation_link_needs_an_account(client, draft_project):
    from crowdfund.tests.factories import TeamInvitationFactory

    invitation = TeamInvitationFactory(project=draft_project)
    url = reverse("crowdfund:invitation_accept", args=[invitation.token])
    assert client.get(url).url.startswith(reverse("account_login"))


def test_unverified_people_are_asked_to_verify_before_starting(
    client, unverified_resident, funding_round
):
    client.force_login(unverified_resident)
    response = client.get(reverse("crowdfund:project_create"))
    assert response.url == reverse("civic:verify_email_needed")


# --- start -------------------------------------------------------------------------


def test_the_start_page_explains_the_open_round(client, funding_round):
    response = client.get(reverse("crowdfund:project_start"))
    assert response.status_code == 200
    assert funding_round.eligibility in response.content.decode()
    assert reverse("crowdfund:project_create") in response.content.decode()


def test_the_start_page_says_when_no_round_takes_ideas(client, db):
    FundingRoundFactory(
        ideas_open_at=timezone.now() + datetime.timedelta(days=5),
        ideas_close_at=timezone.now() + datetime.timedelta(days=50),
    )
    response = client.get(reverse("crowdfund:project_start"))
    assert "No funding round is taking new project ideas" in response.content.decode()
    assert reverse("crowdfund:project_create") not in response.content.decode()


def test_starting_a_project_makes_a_draft_and_opens_the_task_list(
    client, resident, funding_round
):
    client.force_login(resident)
    response = client.post(reverse("crowdfund:project_create"), {"title": ""})
    assert "Enter the name of your project" in response.content.decode()
    assert response.content.decode().count("Error: ") >= 1
    response = client.post(
        reverse("crowdfund:project_create"), {"title": "Colour in Romford"}
    )
    project = Project.objects.get(slug="colour-in-romford")
    assert response.url == reverse("crowdfund:project_tasks", args=[project.slug])
    page = client.get(response.url).content.decode()
    assert "Cannot start yet" in page
    assert "You have completed 0 of 4 required sections." in page


def test_optional_sections_say_optional_once(client, resident, draft_project):
    client.force_login(resident)
    url = reverse("crowdfund:project_tasks", args=[draft_project.slug])
    page = client.get(url).content.decode()
    # Once as the hint of "Images" and once of "Other help you need".
    assert page.count(">Optional<") == 2
    assert page.count("Not yet started") == 2


# --- the task list, section by section ------------------------------------------------


def test_describing_the_project_one_question_a_page(client, resident, funding_round):
    client.force_login(resident)
    project = services.project_create(
        funding_round=funding_round, creator=resident, title="Garden"
    )
    theme = ThemeFactory(name="Green spaces", slug="green")
    borough = Borough.objects.get(gss_code="E09000028")

    def step(name):
        return reverse("crowdfund:project_describe", args=[project.slug, name])

    response = client.post(step("name"), {"title": "Peckham garden"})
    assert response.url == step("summary")
    response = client.post(step("summary"), {"summary": ""})
    assert "Enter a one-line summary of your project" in response.content.decode()
    client.post(step("summary"), {"summary": "A garden"})
    client.post(step("description"), {"description": "Beds and trees."})
    response = client.post(step("where"), {"borough": "", "location": ""})
    page = response.content.decode()
    assert "Select the borough where the project will happen" in page
    assert 'href="#id_borough"' in page
    client.post(step("where"), {"borough": borough.pk, "location": "SE15"})
    client.post(step("theme"), {"theme": theme.pk})
    response = client.post(step("length"), {"campaign_days": "61"})
    assert "The campaign can run for at most 60 days" in response.content.decode()
    response = client.post(step("length"), {"campaign_days": "30"})
    assert response.url == reverse("crowdfund:project_tasks", args=[project.slug])
    project.refresh_from_db()
    assert (project.title, project.location, project.theme, project.campaign_days) == (
        "Peckham garden",
        "SE15",
        theme,
        30,
    )
    assert services.section_statuses(project)["describe"] == "completed"


@pytest.mark.parametrize(
    "amount, message",
    [
        ("", "Enter how much it will cost"),
        ("twelve", "Enter the cost in pounds and pence, like 12.50 or £1,200"),
        ("12.505", "Enter an amount with no more than 2 numbers after the point"),
        ("0", "Enter a cost of more than £0"),
        ("0.00", "Enter a cost of more than £0"),
        ("1,000,000.01", "Enter a cost of £1,000,000 or less"),
    ],
)
def test_cost_amount_errors(client, resident, draft_project, amount, message):
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:project_cost_add", args=[draft_project.slug]),
        {"item": "Paint", "amount": amount},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'href="#id_amount"' in page


def test_budget_shows_costs_fee_and_target(client, resident):
    project = ProjectFactory(
        created_by=resident,
        funding_round=FundingRoundFactory(platform_fee_percent=5),
        costs=[],
    )
    client.force_login(resident)
    client.post(
        reverse("crowdfund:project_cost_add", args=[project.slug]),
        {"item": "Scaffolding", "amount": "£1,200"},
    )
    client.post(
        reverse("crowdfund:project_cost_add", args=[project.slug]),
        {"item": "Paint", "amount": "12.50"},
    )
    line = project.cost_lines.get(item="Paint")
    assert line.amount_pence == 1250
    response = client.post(
        reverse("crowdfund:project_cost_change", args=[project.slug, line.pk]),
        {"item": "Paint", "amount": "112.50"},
    )
    page = client.get(reverse("crowdfund:project_budget", args=[project.slug]))
    text = page.content.decode()
    assert (
        '<dd class="govuk-summary-list__value" id="budget-costs">£1,312.50</dd>' in text
    )
    assert "£65.63" in text  # 5% of £1,312.50 = £65.625, to the nearest penny
    assert "£1,378.13" in text
    response = client.get(
        reverse("crowdfund:project_cost_change", args=[project.slug, line.pk])
    )
    assert 'value="112.50"' in response.content.decode()
    client.post(reverse("crowdfund:project_cost_remove", args=[project.slug, line.pk]))
    assert list(project.cost_lines.values_list("item", flat=True)) == ["Scaffolding"]


def test_permissions_need_details_when_the_answer_is_yes(
    client, resident, draft_project
):
    client.force_login(resident)
    url = reverse("crowdfund:project_permissions", args=[draft_project.slug])
    response = client.post(url, {})
    page = response.content.decode()
    assert "Select yes if you need permission from a landowner or the council" in page
    assert "Select yes if the project has public liability insurance" in page
    response = client.post(
        url,
        {"needs_permission": "yes", "has_insurance": "yes", "insurance_details": ""},
    )
    page = response.content.decode()
    assert "Enter which permissions you need and whether you have them" in page
    assert "Enter who provides the insurance and how much it covers" in page
    client.post(
        url,
        {
            "needs_permission": "yes",
            "permission_details": "Parks licence granted",
            "has_insurance": "no",
            "insurance_details": "ignored",
        },
    )
    draft_project.refresh_from_db()
    assert draft_project.needs_permission is True
    assert draft_project.permission_details == "Parks licence granted"
    assert draft_project.has_insurance is False
    assert draft_project.insurance_details == ""


def _png(size=(4, 4)) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return SimpleUploadedFile("garden.png", buffer.getvalue(), content_type="image/png")


def test_images_need_alt_text_and_must_be_images(
    client, resident, draft_project, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(resident)
    url = reverse("crowdfund:project_images", args=[draft_project.slug])
    response = client.post(url, {"image": _png(), "alt_text": ""})
    assert "Enter a description of the image" in response.content.decode()
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(url, {"image": fake, "alt_text": "A garden"})
    assert "The selected file must be a JPEG, PNG or WebP image" in (
        response.content.decode()
    )
    response = client.post(url, {"image": _png(), "alt_text": "Raised beds"})
    assert response.status_code == 302
    image = draft_project.images.get()
    assert image.alt_text == "Raised beds"
    page = client.get(url).content.decode()
    assert 'alt="Raised beds"' in page


def test_images_over_5mb_are_refused(client, resident, draft_project, monkeypatch):
    monkeypatch.setattr("crowdfund.forms.projects.MAX_IMAGE_BYTES", 10)
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:project_images", args=[draft_project.slug]),
        {"image": _png(), "alt_text": "Big"},
    )
    assert "The selected file must be smaller than 5MB" in response.content.decode()


def test_choosing_the_organisation_from_my_memberships(
    client, resident, draft_project, organisation
):
    client.force_login(resident)
    url = reverse("crowdfund:project_team", args=[draft_project.slug])
    page = client.get(url).content.decode()
    assert "You are not a member of any organisation yet" in page
    MembershipFactory(organisation=organisation, user=resident)
    response = client.post(url, {"organisation": ""})
    assert (
        "Select the organisation that will deliver the project"
        in response.content.decode()
    )
    other = MembershipFactory(user=UserFactory()).organisation
    response = client.post(url, {"organisation": other.pk})
    assert response.status_code == 200  # not one of mine: an error, not a save
    response = client.post(url, {"organisation": organisation.pk})
    assert response.status_code == 302


def test_inviting_and_joining_the_team(client, resident, other_resident, draft_project):
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:project_invite", args=[draft_project.slug]),
        {"email": "not an email"},
    )
    assert "Enter an email address in the correct format" in response.content.decode()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("crowdfund:project_invite", args=[draft_project.slug]),
            {"email": other_resident.email},
        )
    invitation = draft_project.invitations.get()
    accept_url = reverse("crowdfund:invitation_accept", args=[invitation.token])
    assert accept_url in mail.outbox[-1].body
    client.force_login(other_resident)
    assert client.get(accept_url).status_code == 200
    response = client.post(accept_url)
    assert response.url == reverse("crowdfund:project_tasks", args=[draft_project.slug])
    assert draft_project.team.filter(user=other_resident).exists()
    response = client.post(accept_url)
    assert response.status_code == 400


def test_an_unknown_invitation_is_not_found(client, resident):
    client.force_login(resident)
    assert (
        client.get(reverse("crowdfund:invitation_accept", args=["nope"])).status_code
        == 404
    )


def test_other_help_add_change_remove(client, resident, draft_project):
    client.force_login(resident)
    add = reverse("crowdfund:project_need_add", args=[draft_project.slug])
    response = client.post(add, {"kind": "", "description": "", "quantity": "x"})
    page = response.content.decode()
    assert "Select the kind of help you need" in page
    assert "Enter how many you need as a whole number, like 10" in page
    client.post(add, {"kind": "space", "description": "A hall", "quantity": "1"})
    need = draft_project.needs.get()
    client.post(
        reverse("crowdfund:project_need_change", args=[draft_project.slug, need.pk]),
        {"kind": "space", "description": "A big hall", "quantity": "1"},
    )
    need.refresh_from_db()
    assert need.description == "A big hall"
    client.post(
        reverse("crowdfund:project_need_remove", args=[draft_project.slug, need.pk])
    )
    assert not draft_project.needs.exists()


# --- check and submit ---------------------------------------------------------------


def test_check_page_lists_what_is_incomplete_and_refuses_to_submit(
    client, resident, funding_round
):
    project = services.project_create(
        funding_round=funding_round, creator=resident, title="Half done"
    )
    client.force_login(resident)
    url = reverse("crowdfund:project_check", args=[project.slug])
    page = client.get(url).content.decode()
    assert "Complete these sections before you submit:" in page
    assert "Submit project" not in page
    response = client.post(url)
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    assert "Budget" in text
    assert "<title>Error:" in text
    assert Project.objects.get(pk=project.pk).status == Project.Status.DRAFT


def test_submitting_a_complete_project(client, resident, draft_project):
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:project_check", args=[draft_project.slug])
    )
    assert response.url == reverse("crowdfund:project_tasks", args=[draft_project.slug])
    draft_project.refresh_from_db()
    assert draft_project.status == Project.Status.IN_REVIEW
    # No longer editable: sections redirect to the task list with a message.
    response = client.get(
        reverse("crowdfund:project_cost_add", args=[draft_project.slug])
    )
    assert response.url == reverse("crowdfund:project_tasks", args=[draft_project.slug])
    response = client.post(
        reverse("crowdfund:project_cost_add", args=[draft_project.slug]),
        {"item": "Late", "amount": "10"},
    )
    assert not draft_project.cost_lines.filter(item="Late").exists()


def test_a_live_projects_costs_cannot_be_changed_through_the_pages(
    client, resident, live_project
):
    client.force_login(resident)
    line = live_project.cost_lines.first()
    client.post(
        reverse("crowdfund:project_cost_change", args=[live_project.slug, line.pk]),
        {"item": "Paint", "amount": "99999"},
    )
    client.post(
        reverse("crowdfund:project_cost_remove", args=[live_project.slug, line.pk])
    )
    line.refresh_from_db()
    assert line.amount_pence != 9_999_900
    page = client.get(reverse("crowdfund:project_tasks", args=[live_project.slug]))
    assert "Post an update" in page.content.decode()


# --- lists and query counts ---------------------------------------------------------


def _projects_for(user, count):
    funding_round = FundingRoundFactory()
    for _ in range(count):
        project = ProjectFactory(funding_round=funding_round)
        TeamMemberFactory(project=project, user=user)


def test_your_projects_lists_mine_with_their_status(client, resident, draft_project):
    ProjectFactory()  # someone else's
    client.force_login(resident)
    page = client.get(reverse("crowdfund:my_projects")).content.decode()
    assert draft_project.title in page
    assert page.count("govuk-table__row") == 2  # header + one project


@pytest.mark.parametrize("count", [2, 25])
def test_your_projects_queries_do_not_grow(
    client, resident, count, django_assert_max_num_queries
):
    _projects_for(resident, count)
    client.force_login(resident)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("crowdfund:my_projects"))
    assert response.status_code == 200


# Queries per page, whatever the size of the plan: session, user, project,
# then the page's own (a few aggregates or prefetches, never one per row).
TEAM_PAGE_QUERIES = {
    "project_tasks": 7,
    "project_check": 12,
    "project_budget": 7,
    "project_needs": 7,
    "project_team": 10,
    "project_updates": 7,
}


@pytest.mark.parametrize("lines", [1, 30])
@pytest.mark.parametrize("name, most", TEAM_PAGE_QUERIES.items())
def test_team_page_queries_do_not_grow_with_the_plan(
    client, resident, lines, name, most, django_assert_max_num_queries
):
    project = ProjectFactory(
        created_by=resident, costs=[(f"Item {i}", 100) for i in range(lines)]
    )
    for _ in range(lines):
        NeedFactory(project=project)
        TeamMemberFactory(project=project)
    client.force_login(resident)
    with django_assert_max_num_queries(most):
        response = client.get(reverse(f"crowdfund:{name}", args=[project.slug]))
    assert response.status_code == 200


# --- updates and offers -------------------------------------------------------------


@pytest.mark.parametrize("persona, allowed", PERSONAS)
def test_only_the_team_posts_updates(client, request, live_project, persona, allowed):
    if persona == "co_creator":
        user = UserFactory()
        TeamMemberFactory(project=live_project, user=user)
        client.force_login(user)
    else:
        _sign_in(client, request, persona)
    client.post(
        reverse("crowdfund:project_updates", args=[live_project.slug]),
        {"title": "Keys", "body": "We have the keys."},
    )
    assert live_project.updates.filter(title="Keys").exists() == allowed


def test_update_form_errors_and_no_updates_before_live(client, resident, draft_project):
    client.force_login(resident)
    page = client.get(
        reverse("crowdfund:project_updates", args=[draft_project.slug])
    ).content.decode()
    assert "You can post updates once the campaign is live." in page
    client.post(
        reverse("crowdfund:project_updates", args=[draft_project.slug]),
        {"title": "Too soon", "body": "x"},
    )
    assert not draft_project.updates.exists()


def test_a_completed_project_says_updates_are_closed(client, resident, live_project):
    Project.objects.filter(pk=live_project.pk).update(status=Project.Status.COMPLETED)
    client.force_login(resident)
    url = reverse("crowdfund:project_updates", args=[live_project.slug])
    page = client.get(url).content.decode()
    assert "This project is completed, so no more updates can be posted." in page
    assert "Post update" not in page
    client.post(url, {"title": "Late", "body": "x"})
    assert not live_project.updates.exists()


def test_update_form_shows_errors(client, resident, live_project):
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:project_updates", args=[live_project.slug]),
        {"title": "", "body": ""},
    )
    page = response.content.decode()
    assert "Enter a title for your update" in page
    assert "Enter your update" in page


@pytest.mark.parametrize(
    "persona, status, can_offer",
    [
        ("anonymous", 302, False),
        ("resident", 200, False),  # the team sees the page but cannot offer
        ("other_resident", 200, True),
        ("co_creator", 200, False),
        ("org_member", 200, True),
        ("crowdfund_officer", 200, True),
        ("moderator", 200, True),
    ],
)
def test_offer_help_page(client, request, live_project, persona, status, can_offer):
    need = NeedFactory(project=live_project)
    if persona == "co_creator":
        user = UserFactory()
        TeamMemberFactory(project=live_project, user=user)
        client.force_login(user)
    else:
        _sign_in(client, request, persona)
    url = reverse("crowdfund:need_offer", args=[live_project.slug, need.pk])
    assert client.get(url).status_code == status
    client.post(url, {"message": "I can help."})
    assert NeedOffer.objects.filter(need=need).exists() == can_offer


def test_offer_help_is_not_found_on_a_draft(client, other_resident, draft_project):
    need = NeedFactory(project=draft_project)
    client.force_login(other_resident)
    response = client.get(
        reverse("crowdfund:need_offer", args=[draft_project.slug, need.pk])
    )
    assert response.status_code == 404


def test_offering_help_once_and_the_team_deciding(
    client, other_resident, resident, live_project, django_capture_on_commit_callbacks
):
    need = NeedFactory(project=live_project)
    url = reverse("crowdfund:need_offer", args=[live_project.slug, need.pk])
    client.force_login(other_resident)
    response = client.post(url, {"message": ""})
    assert "Enter what you can offer" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "I can bring 3 friends."})
    assert response.url == live_project.get_absolute_url()
    assert mail.outbox[-1].to == [resident.email]
    response = client.post(url, {"message": "Again"})
    assert "You have already offered this help" in response.content.decode()

    offer = NeedOffer.objects.get()
    client.force_login(resident)
    offers_url = reverse("crowdfund:project_offers", args=[live_project.slug])
    assert "I can bring 3 friends." in client.get(offers_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offers_url, {"action": "accept", "offer": offer.pk})
    offer.refresh_from_db()
    assert offer.status == NeedOffer.Status.ACCEPTED
    assert mail.outbox[-1].to == [other_resident.email]
    client.post(offers_url, {"action": "met", "need": need.pk})
    need.refresh_from_db()
    assert need.is_met


def test_another_person_cannot_decide_offers(client, other_resident, live_project):
    offer = NeedOfferFactory(need=NeedFactory(project=live_project))
    client.force_login(other_resident)
    response = client.post(
        reverse("crowdfund:project_offers", args=[live_project.slug]),
        {"action": "accept", "offer": offer.pk},
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == NeedOffer.Status.PENDING


@pytest.mark.parametrize(
    "data",
    [
        {"action": "accept", "offer": "abc"},
        {"action": "decline", "offer": "1 OR 1=1"},
        {"action": "accept"},
        {"action": "met", "need": "abc"},
        {"action": "not_met", "need": ""},
    ],
)
def test_a_hand_edited_offers_form_is_not_found_not_a_500(
    client, resident, live_project, data
):
    client.force_login(resident)
    response = client.post(
        reverse("crowdfund:project_offers", args=[live_project.slug]), data
    )
    assert response.status_code == 404


@pytest.mark.parametrize("offers", [1, 20])
def test_offers_page_queries_do_not_grow(
    client, resident, live_project, offers, django_assert_max_num_queries
):
    for _ in range(3):
        need = NeedFactory(project=live_project)
        for _ in range(offers):
            NeedOfferFactory(need=need)
    client.force_login(resident)
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("crowdfund:project_offers", args=[live_project.slug])
        )
    assert response.status_code == 200


def test_leaving_the_team(client, draft_project, co_creator):
    client.force_login(co_creator)
    member = TeamMember.objects.get(project=draft_project, user=co_creator)
    response = client.post(
        reverse("crowdfund:project_member_remove", args=[draft_project.slug, member.pk])
    )
    assert response.url == reverse("crowdfund:my_projects")
    assert not draft_project.team.filter(user=co_creator).exists()


def test_each_team_page_title_names_its_project(
    client, resident, draft_project, live_project
):
    """Unique titles: someone with two projects open in two tabs, or a
    screen reader user moving between them, can tell the pages apart."""
    client.force_login(resident)
    draft_pages = ["budget", "images", "needs", "permissions", "team"]
    pages = [(draft_project, f"project_{name}") for name in draft_pages] + [
        (live_project, "project_offers"),
        (live_project, "project_updates"),
    ]
    for project, name in pages:
        html = client.get(reverse(f"crowdfund:{name}", args=[project.slug])).content
        title = html.decode().split("<title>")[1].split("</title>")[0]
        assert f" – {project.title} – " in title, name
    need = NeedFactory(project=live_project)
    html = client.get(
        reverse("crowdfund:need_offer", args=[live_project.slug, need.pk])
    ).content.decode()
    assert f"<title>Offer help – {live_project.title} – " in html
