"""Finding a place in a browser: an anonymous visitor opens Get online, types
a postcode that is not one (the error state), then "SE6", and opens a
library's page. axe on every page, the error state included."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inclusion.tests.factories import OpeningHoursFactory, SchemeFactory, SiteFactory
from tests.browser.helpers import submit

pytestmark = pytest.mark.browser


@pytest.fixture
def places(transactional_db, core_pages):
    catford = SiteFactory(
        name="Catford Library", slug="catford-library", postcode="SE6 4RU"
    )
    SiteFactory(name="Deptford Lounge", slug="deptford-lounge", postcode="SE8 4RJ")
    for day in range(5):
        OpeningHoursFactory(
            site=catford,
            weekday=day,
            opens_at=datetime.time(9),
            closes_at=datetime.time(17),
        )
    SchemeFactory(name="Lewisham tablet loans", sites=[catford])
    return catford


def test_visitor_finds_a_place_by_postcode_district(page, axe, live_server, places):
    page.goto(reverse("inclusion:index"))
    expect(page.locator("h1")).to_have_text("Get online")
    axe(page)

    page.get_by_role("button", name="Find a place to borrow a tablet or learn").click()
    expect(page.locator("h1")).to_have_text("Find a place to borrow a tablet or learn")
    axe(page)

    page.fill("#id_postcode", "not a postcode")
    submit(page, "^Search$")
    expect(page).to_have_title(re.compile("^Error:"))
    message = "Enter a postcode district, like SE6, or a full postcode"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator("#id_postcode-error")).to_contain_text(message)
    axe(page)

    page.fill("#id_postcode", "SE6")
    submit(page, "^Search$")
    results = page.locator("#main-content")
    expect(results).to_contain_text("1 place")
    expect(results).to_contain_text("Catford Library")
    expect(results).not_to_contain_text("Deptford Lounge")
    axe(page)

    page.get_by_role("link", name="Catford Library").click()
    expect(page.locator("h1")).to_have_text("Catford Library")
    expect(page.locator("table")).to_contain_text("9am to 5pm")
    expect(page.locator("table")).to_contain_text("Closed")
    axe(page)
