"""The Tech Talent Charter in a browser: a signatory member sends figures
(first with parts that do not add up, then right) and sees the benchmark;
an organisation owner signs the charter page by page. axe on every page,
error states included."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from civic.tests.factories import MembershipFactory, UserFactory
from diversity.models import Signatory
from diversity.tests.factories import (
    ReportingYearFactory,
    SignatoryFactory,
    SubmissionFactory,
)
from tests.browser.helpers import sign_in_as, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def open_year(transactional_db):
    today = timezone.localdate()
    return ReportingYearFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=30),
    )


def _fill_figures(page, women):
    values = {
        "tech_headcount": "100",
        "women": str(women),
        "men": "68",
        "sex_other_or_unknown": "2",
        "ethnicity_white": "50",
        "ethnicity_mixed": "5",
        "ethnicity_asian": "25",
        "ethnicity_black": "15",
        "ethnicity_other": "3",
        "ethnicity_unknown": "2",
        "recruited": "12",
        "recruited_women": "5",
    }
    for name, value in values.items():
        page.fill(f"#id_{name}", value)


def test_member_sends_figures_and_sees_the_benchmark(page, axe, live_server, open_year):
    signatory = SignatoryFactory(sector="tech")
    member = UserFactory(email="figures@example.com")
    MembershipFactory(organisation=signatory.organisation, user=member)
    for _ in range(3):
        SubmissionFactory(signatory=SignatoryFactory(sector="tech"), year=open_year)

    sign_in_as(page, live_server, member)
    page.goto(
        reverse("diversity:signatory_dashboard", args=[signatory.organisation.slug])
    )
    expect(page.locator("h1")).to_have_text(signatory.organisation.name)
    axe(page)

    page.get_by_role("link", name=re.compile("Send figures")).click()
    expect(page.locator("h1")).to_contain_text("Your tech workforce figures for")
    axe(page)

    # The numbers by sex add up to 95, not 100: the error state.
    _fill_figures(page, women=25)
    submit(page, "Save figures")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The numbers by sex add up to 95. They must add up to the 100 people in "
        "tech roles"
    )
    expect(page.locator("#id_women")).to_have_value("25")
    axe(page)

    page.fill("#id_women", "30")
    submit(page, "Save figures")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your figures for"
    )
    comparison = page.locator("#comparison")
    expect(comparison).to_contain_text("Your organisation")
    expect(comparison).to_contain_text("30.0%")
    axe(page)
    assert signatory.submissions.get().women == 30

    page.get_by_role("link", name=re.compile("See the full benchmark")).click()
    expect(page.locator("h1")).to_contain_text("Benchmark for")
    expect(page.locator("#headline")).to_contain_text("Across 4 signatories")
    expect(page.locator("body")).to_contain_text("Tech Nation Report 2018")
    axe(page)


def test_an_owner_signs_the_charter(page, axe, live_server, org_owner, organisation):
    sign_in_as(page, live_server, org_owner)
    page.goto(reverse("diversity:charter_home"))
    expect(page.locator("h1")).to_have_text("The Tech Talent Charter")
    axe(page)

    page.get_by_role("button", name="Sign the charter").click()
    expect(page.locator("h1")).to_have_text("Sign the Tech Talent Charter")
    axe(page)
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Your organisation")
    submit(page, "Continue")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select your organisation's sector"
    )
    axe(page)
    page.get_by_label("Technology", exact=True).check()
    page.get_by_label("50 to 249 employees").check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Your senior sponsor")
    axe(page)
    page.fill("#id_sponsor_name", "Ada Sponsor")
    page.fill("#id_sponsor_job_title", "Chief Technology Officer")
    page.fill("#id_sponsor_email", "ada@example.com")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Your contact for the charter")
    axe(page)
    page.fill("#id_contact_name", "Charlie Contact")
    page.fill("#id_contact_email", "charter@example.com")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("The charter's pledges")
    axe(page)
    boxes = page.locator("#main-content input[type=checkbox]")
    count = boxes.count()
    assert count == 5
    for index in range(1, count):
        boxes.nth(index).check()
    submit(page, "Continue")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Accept the pledge ‘A named senior sponsor’"
    )
    axe(page)
    page.locator("#main-content input[type=checkbox]").first.check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Check your answers before signing")
    expect(page.locator("#main-content")).to_contain_text("Ada Sponsor")
    axe(page)
    submit(page, "Sign the charter")

    expect(page.locator("h1")).to_have_text("Charter signed")
    axe(page)
    signatory = Signatory.objects.get(organisation=organisation)
    assert signatory.acceptances.count() == 5

    page.get_by_role("link", name="Go to your organisation's charter page").click()
    expect(page.locator("h1")).to_have_text(organisation.name)
    axe(page)

    page.goto(reverse("diversity:signatory_list") + "?q=peckham")
    expect(page.locator("#signatories")).to_contain_text(organisation.name)
    axe(page)
