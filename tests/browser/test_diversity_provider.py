"""The provider portal in a browser: a provider member builds and publishes a
course (trying to publish too early first), and accepts an applicant. axe on
every page visited, error states included."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, UserFactory
from diversity.models import Application, Course
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    IndustryPartnerFactory,
    ProviderFactory,
)
from tests.browser.helpers import choose, sign_in_as, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(transactional_db):
    return ProviderFactory(name="Code Your Future London", slug="code-your-future")


@pytest.fixture
def member(provider):
    user = UserFactory(email="teacher@example.com", display_name="Tia Teacher")
    MembershipFactory(
        organisation=provider, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user


def _date(page, field: str, day: datetime.date) -> None:
    page.fill(f"#id_{field}", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def test_provider_creates_and_publishes_a_course(
    page, axe, live_server, provider, member
):
    sign_in_as(page, live_server, member)
    page.goto(reverse("diversity:provider_home"))
    expect(page.locator("h1")).to_have_text("Your training providers")
    axe(page)

    page.get_by_role("link", name=provider.name).click()
    expect(page.locator("h1")).to_have_text("Courses and applicants")
    axe(page)

    page.get_by_role("button", name="Add a course").click()
    expect(page.locator("h1")).to_have_text("Add a course")
    axe(page)
    submit(page, "Continue")  # nothing filled in
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the course title"
    )
    axe(page)

    page.fill("#id_title", "Data skills for Londoners")
    page.fill("#id_summary", "Twelve weeks of spreadsheets, SQL and Python.")
    page.fill("#id_description", "Work with real data from London's boroughs.")
    choose(page, "id_subject", "Data and analytics")
    choose(page, "id_level", "Entry level (no experience needed)")
    page.fill("#id_length_weeks", "12")
    page.fill("#id_hours_per_week", "15")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Where and how the course is taught")
    axe(page)
    choose(page, "id_delivery_mode", "In person")
    submit(page, "Save as a draft")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the borough where the course is taught"
    )
    axe(page)
    choose(page, "id_borough", "Southwark")
    page.fill("#id_venue", "Canada Water Library, SE16 7AR")
    submit(page, "Save as a draft")

    expect(page.locator("h1")).to_have_text("Data skills for Londoners")
    expect(page.locator("#course-status")).to_contain_text("Draft")
    axe(page)

    # Publishing too early lists what is missing.
    page.get_by_role("button", name="Publish course").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Add at least one industry partner who approved the course"
    )
    expect(summary).to_contain_text("Add a start date in the future")
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.get_by_role("link", name="Go back to the course sections").click()
    axe(page)

    page.get_by_role("link", name="Industry partners").click()
    expect(page.locator("h1")).to_have_text("Industry partners")
    axe(page)
    page.fill("#id_name", "Southwark Council digital team")
    _date(page, "approved_on", timezone.localdate() - datetime.timedelta(days=30))
    submit(page, "Add partner")
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "Southwark Council digital team"
    )
    axe(page)
    page.get_by_role("link", name="Back to the course").click()
    axe(page)

    page.get_by_role("link", name="Jobs it leads to").click()
    axe(page)
    page.fill("#id_job_roles", "Junior data analyst\nData apprentice")
    submit(page, "Save")
    axe(page)

    page.get_by_role("link", name="Start dates and places").click()
    axe(page)
    start = timezone.localdate() + datetime.timedelta(days=60)
    _date(page, "starts_on", start)
    _date(page, "applications_close_on", start + datetime.timedelta(days=3))
    page.fill("#id_capacity", "20")
    submit(page, "Add start date")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "on or before the start date"
    )
    axe(page)
    _date(page, "applications_close_on", start - datetime.timedelta(days=7))
    submit(page, "Add start date")
    expect(page.locator("table")).to_contain_text(start.strftime("%B %Y"))
    axe(page)
    page.get_by_role("link", name="Back to the course").click()
    axe(page)

    expect(page.locator("#main-content")).to_contain_text(
        "You have completed 5 of 5 sections"
    )
    page.get_by_role("button", name="Publish course").click()
    expect(page.locator("h1")).to_have_text("Publish your course")
    axe(page)
    submit(page, "Publish course")
    expect(page.locator("#course-status")).to_contain_text("Published")
    axe(page)
    assert Course.objects.get(title="Data skills for Londoners").status == "published"


def test_provider_accepts_an_applicant(page, axe, live_server, provider, member):
    course = CourseFactory(provider=provider, title="Cyber security foundations")
    IndustryPartnerFactory(course=course)
    cohort = CohortFactory(course=course, capacity=1)
    ApplicationFactory(cohort=cohort, full_name="Amara Okafor")
    full = CohortFactory(course=course, capacity=1)
    ApplicationFactory(cohort=full, status="accepted")
    full.accepted_count = 1
    full.save()
    late = ApplicationFactory(cohort=full, full_name="Kofi Mensah")

    sign_in_as(page, live_server, member)
    page.goto(reverse("diversity:provider_dashboard", args=[provider.slug]))
    axe(page)
    page.get_by_role("link", name=re.compile("^Applicants")).first.click()
    expect(page.locator("h1")).to_contain_text("Applicants for the start on")
    axe(page)

    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.locator("h1")).to_have_text("Amara Okafor")
    axe(page)
    submit(page, "Save decision")  # no decision chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select your decision")
    axe(page)
    choose(page, "id_decision", "Offer a place")
    submit(page, "Save decision")
    expect(page.locator("#application-status")).to_contain_text("Offered a place")
    axe(page)

    # The other start date is full: the provider is told why.
    page.goto(
        reverse("diversity:provider_application", args=[provider.slug, late.public_id])
    )
    axe(page)
    choose(page, "id_decision", "Offer a place")
    submit(page, "Save decision")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The only place is taken"
    )
    axe(page)
    assert Application.objects.get(pk=late.pk).status == "submitted"
