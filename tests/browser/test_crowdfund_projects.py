"""Crowdfund London: a resident plans a project through the task list and
submits it; a Crowdfund officer approves it in the Wagtail admin."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from civic.tests.factories import MembershipFactory
from crowdfund.models import Project
from crowdfund.tests.factories import FundingRoundFactory, ThemeFactory
from tests.browser.helpers import choose, sign_in_as, sign_in_with_password, submit
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser


def test_create_submit_and_approve_a_project(
    page, axe, live_server, resident, organisation, crowdfund_officer
):
    funding_round = FundingRoundFactory(name="Crowdfund London 2027")
    funding_round.themes.add(ThemeFactory(name="Green spaces", slug="green-spaces"))
    MembershipFactory(organisation=organisation, user=resident)
    sign_in_as(page, live_server, resident)

    # Start: the round's eligibility, then the project's name (with one error).
    page.goto(reverse("crowdfund:project_start"))
    expect(page.locator("h1")).to_have_text("Start a Crowdfund London project")
    axe(page)
    page.get_by_role("button", name=re.compile("Start now")).click()
    axe(page)
    submit(page, "Save and continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the name of your project"
    )
    expect(page).to_have_title(re.compile("^Error: "))
    axe(page)
    page.fill("#id_title", "Colour in Romford")
    submit(page, "Save and continue")

    # The task list.
    expect(page.locator("h1")).to_have_text("Colour in Romford")
    expect(page.locator(".govuk-task-list")).to_contain_text("Cannot start yet")
    axe(page)

    # Describe your project: one question a page.
    page.get_by_role("link", name="Describe your project").click()
    axe(page)
    submit(page, "Save and continue")  # the name, already answered
    page.fill("#id_summary", "Murals on the high street's shutters.")
    axe(page)
    submit(page, "Save and continue")
    page.fill("#id_description", "Local artists paint 20 shop shutters.")
    submit(page, "Save and continue")
    choose(page, "id_borough", "Havering")
    page.fill("#id_location", "Romford Market")
    axe(page)
    submit(page, "Save and continue")
    page.get_by_label("Green spaces").check()
    axe(page)
    submit(page, "Save and continue")
    page.fill("#id_campaign_days", "30")
    submit(page, "Save and continue")
    expect(page.locator("h1")).to_have_text("Colour in Romford")

    # Budget: a cost typed wrongly, then in pounds.
    page.get_by_role("link", name="Budget").click()
    axe(page)
    page.get_by_role("button", name="Add a cost").click()
    page.fill("#id_item", "Paint and brushes")
    page.fill("#id_amount", "twelve hundred")
    submit(page, "Save cost")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the cost in pounds and pence, like 12.50 or £1,200"
    )
    axe(page)
    page.fill("#id_amount", "£1,200")
    submit(page, "Save cost")
    expect(page.locator("#budget-target")).to_have_text("£1,200")
    axe(page)
    page.get_by_role("link", name="Return to your project").click()

    # Team: the organisation delivering it.
    page.get_by_role("link", name="Team", exact=True).click()
    axe(page)
    page.get_by_label(organisation.name).check()
    submit(page, "Save organisation")
    expect(
        page.locator(".govuk-notification-banner, .govuk-body").first
    ).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Return to your project").click()

    # Permissions and insurance.
    page.get_by_role("link", name="Permissions and insurance").click()
    page.locator(
        "#id_needs_permission_1, input[name=needs_permission][value=no]"
    ).first.check()
    page.locator("input[name=has_insurance][value=yes]").check()
    page.fill("#id_insurance_details", "£5m public liability through the BID.")
    axe(page)
    submit(page, "Save and continue")

    # Check and submit.
    expect(page.locator(".govuk-task-list")).not_to_contain_text("Cannot start yet")
    page.get_by_role("link", name="Check and submit").click()
    expect(page.locator("main")).to_contain_text(
        "£5m public liability through the BID."
    )
    axe(page)
    submit(page, "Submit project")
    expect(page.locator("main")).to_contain_text("In review")
    axe(page)
    project = Project.objects.get(title="Colour in Romford")
    assert project.status == Project.Status.IN_REVIEW
    assert project.target_pence == 120_000

    # The officer signs in with their authenticator app and approves it.
    page.context.clear_cookies()
    sign_in_with_password(page, crowdfund_officer.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code())
    submit(page)
    page.goto(reverse("crowdfund_review:queue"))
    page.get_by_role("link", name="Colour in Romford").click()
    expect(page.locator("main")).to_contain_text("Paint and brushes")
    page.get_by_role("button", name="Approve: go live now").click()
    page.wait_for_load_state("load")
    expect(page.locator("body")).to_contain_text("is approved and its campaign is live")

    project.refresh_from_db()
    assert project.status == Project.Status.LIVE
    assert project.deadline is not None
    assert (project.deadline - project.live_at).days == 30


def _png(path):
    from PIL import Image

    Image.new("RGB", (40, 30), "green").save(path, format="PNG")
    return str(path)


def test_team_invites_adds_images_and_help_then_runs_the_live_campaign(
    page,
    axe,
    live_server,
    console_watch,
    resident,
    other_resident,
    organisation,
    settings,
    tmp_path,
):
    from crowdfund.models import NeedOffer
    from crowdfund.tests.factories import (
        LiveProjectFactory,
        NeedFactory,
        ProjectFactory,
        TeamInvitationFactory,
    )

    settings.MEDIA_ROOT = tmp_path
    draft_project = ProjectFactory(created_by=resident, organisation=organisation)
    invitation = TeamInvitationFactory(
        project=draft_project, email=other_resident.email
    )

    # A co-creator follows the emailed link and joins.
    sign_in_as(page, live_server, other_resident)
    page.goto(reverse("crowdfund:invitation_accept", args=[invitation.token]))
    axe(page)
    submit(page, "Join the team")
    expect(page.locator("h1")).to_have_text(draft_project.title)
    axe(page)

    # Images: alt text is required.
    page.get_by_role("link", name="Images").click()
    axe(page)
    page.set_input_files("#id_image", _png(tmp_path / "garden.png"))
    submit(page, "Upload image")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a description of the image"
    )
    axe(page)
    page.set_input_files("#id_image", _png(tmp_path / "garden.png"))
    page.fill("#id_alt_text", "Raised beds full of lettuces")
    submit(page, "Upload image")
    expect(page.get_by_role("img", name="Raised beds full of lettuces")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Return to your project").click()

    # Other help, and the team page.
    page.get_by_role("link", name="Other help you need").click()
    axe(page)
    page.get_by_role("button", name="Add help you need").click()
    submit(page, "Save")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the kind of help you need"
    )
    axe(page)
    page.get_by_label("Space or venue").check()
    page.fill("#id_description", "A hall for a planting workshop")
    submit(page, "Save")
    expect(page.locator("main")).to_contain_text("A hall for a planting workshop")
    axe(page)
    page.goto(reverse("crowdfund:project_team", args=[draft_project.slug]))
    expect(page.locator("main")).to_contain_text("Rita Resident")
    axe(page)
    page.goto(reverse("crowdfund:my_projects"))
    axe(page)

    # A live campaign: a supporter offers help, the team accepts and posts.
    live = LiveProjectFactory(created_by=resident, title="Colour in Romford")
    need = NeedFactory(project=live, description="10 volunteers on Saturday")
    page.goto(reverse("crowdfund:need_offer", args=[live.slug, need.pk]))
    axe(page)
    submit(page, "Send offer")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what you can offer"
    )
    axe(page)
    page.fill("#id_message", "I can come with two friends.")
    submit(page, "Send offer")
    assert NeedOffer.objects.filter(need=need, user=other_resident).exists()
    # Back on the campaign page, which thanks them.
    expect(page.locator("h1")).to_contain_text("Colour in Romford")
    axe(page)

    page.context.clear_cookies()
    sign_in_as(page, live_server, resident)
    page.goto(reverse("crowdfund:project_tasks", args=[live.slug]))
    axe(page)
    page.get_by_role("link", name="Offers of help").click()
    expect(page.locator("main")).to_contain_text("I can come with two friends.")
    axe(page)
    page.get_by_role("button", name=re.compile("^Accept")).click()
    page.wait_for_load_state("load")
    expect(page.locator("main")).to_contain_text("Accepted")
    axe(page)
    page.goto(reverse("crowdfund:project_updates", args=[live.slug]))
    submit(page, "Post update")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a title for your update"
    )
    axe(page)
    page.fill("#id_title", "We have the paint")
    page.fill("#id_body", "Thank you, Romford!")
    submit(page, "Post update")
    expect(page.locator("main")).to_contain_text("We have the paint")
    axe(page)
