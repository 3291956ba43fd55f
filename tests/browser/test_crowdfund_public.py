"""Finding a Crowdfund London campaign in a browser: browse, filter, search
(including a search with no results), a campaign page, the borough map and
its table, and the open data page. axe on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from crowdfund import demo
from tests.browser.helpers import choose, sign_in_as, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_data(transactional_db):
    # No pictures: the live server does not serve uploaded media.
    demo.seed(with_images=False)


def test_browse_filter_search_campaign_map_and_open_data(page, axe, demo_data):
    page.goto(reverse("crowdfund:index"))
    expect(page.locator("h1")).to_have_text("Crowdfund London")
    axe(page)
    page.get_by_role("link", name="Browse and search all projects").click()

    expect(page.locator("h1")).to_have_text("Browse projects")
    expect(page.locator("#results-heading")).to_have_text("7 projects")
    axe(page)

    # Filter by borough.
    choose(page, "id_borough", "Havering")
    submit(page, "Apply filters")
    expect(page.locator("#results-heading")).to_have_text("1 project")
    expect(page.locator(".cf-card")).to_contain_text("Colour in Romford")
    axe(page)

    # A search with no results.
    page.get_by_role("link", name="Clear filters").click()
    page.fill("#id_q", "submarine")
    submit(page, "Apply filters")
    expect(page.locator("#results-heading")).to_have_text("0 projects")
    expect(page.locator("#main-content")).to_contain_text(
        "No projects match your search."
    )
    axe(page)

    # A search that finds it.
    page.fill("#id_q", "Romford murals")
    submit(page, "Apply filters")
    expect(page.locator("#results-heading")).to_have_text("1 project")
    expect(page.locator(".cf-card")).to_contain_text("Colour in Romford")
    axe(page)
    page.get_by_role("link", name="Colour in Romford").click()

    # The campaign page.
    expect(page.locator("h1")).to_have_text("Colour in Romford")
    expect(page.locator(".cf-city-hall")).to_contain_text(
        "The Mayor of London has pledged £11,000"
    )
    expect(page.locator(".cf-progress")).to_contain_text("100% funded")
    expect(page.locator(".cf-messages")).to_contain_text("Anonymous")
    expect(page.locator("#share-url")).to_have_value(re.compile("/colour-in-romford/"))
    axe(page)

    # A live campaign with a pledge button, needs and updates.
    page.goto(reverse("crowdfund:project_detail", args=["deptford-larder-kitchen"]))
    expect(page.get_by_role("button", name="Back this project")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("Offer help")).first
    ).to_be_visible()
    axe(page)

    # The map and its table.
    page.goto(reverse("crowdfund:map"))
    expect(page.locator("h1")).to_have_text("Live projects by borough")
    expect(page.locator(".cf-tile")).to_have_count(33)
    expect(
        page.get_by_role("link", name="Southwark: 1 live project", exact=True)
    ).to_be_visible()
    axe(page)
    page.get_by_role(
        "link", name="Skip to the table of live projects by borough"
    ).click()
    table = page.locator("#borough-table")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name=re.compile("Lewisham"))).to_contain_text("1")
    table.get_by_role("link", name="Lewisham").click()
    expect(page.locator(".cf-card")).to_contain_text(
        "A kitchen for Deptford Community Larder"
    )
    axe(page)

    # Open data.
    page.goto(reverse("crowdfund:index"))
    page.get_by_role("link", name=re.compile("Open data")).click()
    expect(page.locator("h1")).to_have_text("Crowdfund London open data")
    axe(page)


def test_the_team_previews_a_draft_that_the_public_cannot_see(
    page, axe, live_server, demo_data, console_watch
):
    from crowdfund.models import Project

    draft = Project.objects.get(slug="tool-library-walthamstow")
    url = reverse("crowdfund:project_detail", args=[draft.slug])

    console_watch.allow(r"404")  # the public asking for a draft gets a 404 page
    response = page.goto(url)
    assert response.status == 404
    axe(page)

    sign_in_as(page, live_server, draft.created_by)
    page.goto(url)
    expect(page.locator("h1")).to_have_text("A tool library for Walthamstow")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "This is a preview"
    )
    expect(page.get_by_role("button", name="Back this project")).to_have_count(0)
    axe(page)
