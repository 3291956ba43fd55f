"""The Digital Talent Programme end to end, in one browser: a provider member
publishes a course; a young person finds it in the course finder and
applies; the provider offers them a place; the young person sees "Offered a
place" on "Your applications". axe on every page visited, error states
included."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, UserFactory
from diversity.models import Application, Course
from diversity.tests.factories import CohortFactory, ProviderFactory, years_before
from tests.browser.helpers import choose, sign_in_as, submit

pytestmark = pytest.mark.browser


def _date(page, field: str, day: datetime.date) -> None:
    page.fill(f"#id_{field}", str(day.day))
    page.fill(f"#id_{field}_1", str(day.month))
    page.fill(f"#id_{field}_2", str(day.year))


def _switch_to(page, live_server, user) -> None:
    page.context.clear_cookies()
    sign_in_as(page, live_server, user)


def test_publish_find_apply_accept_offered(page, axe, live_server, resident):
    provider = ProviderFactory(name="Brixton Code Club", slug="brixton-code-club")
    member = UserFactory(email="teacher@example.com", display_name="Tia Teacher")
    MembershipFactory(
        organisation=provider, user=member, role=OrganisationMembership.Role.OWNER
    )
    # Another course in the finder, so the filter has something to leave out
    CohortFactory(course__title="Hackney web bootcamp", course__subject="software")
    start = timezone.localdate() + datetime.timedelta(days=60)

    # 1. The provider member builds and publishes a course.
    sign_in_as(page, live_server, member)
    page.goto(reverse("diversity:provider_dashboard", args=[provider.slug]))
    expect(page.locator("h1")).to_have_text("Courses and applicants")
    axe(page)
    page.get_by_role("button", name="Add a course").click()
    expect(page.locator("h1")).to_have_text("Add a course")
    axe(page)
    page.fill("#id_title", "Games design in Lambeth")
    page.fill("#id_summary", "Ten weeks making games with people who make them.")
    page.fill("#id_description", "Design, build and test a game in a team.")
    choose(page, "id_subject", "Data and analytics")
    choose(page, "id_level", "Entry level (no experience needed)")
    page.fill("#id_length_weeks", "10")
    submit(page, "Continue")  # hours per week missing
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.fill("#id_hours_per_week", "16")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Where and how the course is taught")
    axe(page)
    choose(page, "id_delivery_mode", "In person")
    choose(page, "id_borough", "Lambeth")
    page.fill("#id_venue", "Brixton Library, SW2 1JQ")
    submit(page, "Save as a draft")
    expect(page.locator("h1")).to_have_text("Games design in Lambeth")
    axe(page)

    page.get_by_role("link", name="Industry partners").click()
    axe(page)
    page.fill("#id_name", "Lambeth games studio")
    _date(page, "approved_on", timezone.localdate() - datetime.timedelta(days=10))
    submit(page, "Add partner")
    axe(page)
    page.get_by_role("link", name="Back to the course").click()
    axe(page)

    page.get_by_role("link", name="Jobs it leads to").click()
    axe(page)
    page.fill("#id_job_roles", "Junior games designer\nQA tester")
    submit(page, "Save")
    axe(page)

    page.get_by_role("link", name="Start dates and places").click()
    axe(page)
    _date(page, "starts_on", start)
    _date(page, "applications_close_on", start - datetime.timedelta(days=7))
    page.fill("#id_capacity", "12")
    submit(page, "Add start date")
    axe(page)
    page.get_by_role("link", name="Back to the course").click()
    axe(page)

    page.get_by_role("button", name="Publish course").click()
    expect(page.locator("h1")).to_have_text("Publish your course")
    axe(page)
    submit(page, "Publish course")
    expect(page.locator("#course-status")).to_contain_text("Published")
    axe(page)
    course = Course.objects.get(title="Games design in Lambeth")
    assert course.status == Course.Status.PUBLISHED

    # 2. A young person finds it in the finder and applies.
    _switch_to(page, live_server, resident)
    page.goto(reverse("diversity:course_list"))
    expect(page.locator("h1")).to_have_text("Find a Digital Talent course")
    axe(page)
    page.locator("select#id_borough").select_option(label="Lambeth")
    submit(page, "Apply filters")
    expect(page.locator("#results-count")).to_have_text("1 course")
    axe(page)
    page.get_by_role("link", name="Games design in Lambeth").click()
    expect(page.locator("h1")).to_have_text("Games design in Lambeth")
    expect(page.locator("main")).to_contain_text("Lambeth games studio")
    axe(page)

    page.get_by_role("link", name=re.compile("^Apply")).click()
    expect(page.locator("h1")).to_have_text("Apply for Games design in Lambeth")
    axe(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.locator("h1")).to_have_text("What is your name?")
    axe(page)
    submit(page, "Continue")  # empty: the error state
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.fill("#id_full_name", "Ada Young")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("What is your date of birth?")
    axe(page)
    _date(page, "date_of_birth", years_before(start, 18))
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Where you live or study")
    axe(page)
    page.get_by_label("I live in London", exact=True).check()
    page.fill("#id_postcode", "SW2 1JQ")
    page.locator("select#id_borough").select_option(label="Lambeth")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Why do you want to do this course?")
    axe(page)
    page.fill("#id_why", "I want to make games about my neighbourhood.")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Equality questions")
    axe(page)
    submit(page, "Answer the questions")
    expect(page.locator("h1")).to_have_text("How we use your answers")
    axe(page)
    page.get_by_label("Yes, I agree").check()
    submit(page, "Continue")
    for label in (
        "Female",
        "Yes",
        "Asian or Asian British",
        "No",
        "No",
        "Yes",
    ):
        expect(page.locator("h1")).to_be_visible()
        axe(page)
        page.locator("main").get_by_label(label, exact=True).check()
        submit(page, "Continue")

    expect(page.locator("h1")).to_have_text(
        "Check your answers before sending your application"
    )
    axe(page)
    submit(page, "Accept and send")
    expect(page.locator("h1")).to_have_text("Application sent")
    axe(page)
    application = Application.objects.get(applicant=resident)
    assert application.cohort.course == course

    # 3. The provider offers a place.
    _switch_to(page, live_server, member)
    page.goto(reverse("diversity:provider_dashboard", args=[provider.slug]))
    axe(page)
    page.get_by_role("link", name=re.compile("^Applicants")).first.click()
    expect(page.locator("h1")).to_contain_text("Applicants for the start on")
    axe(page)
    page.get_by_role("link", name="Ada Young").click()
    expect(page.locator("h1")).to_have_text("Ada Young")
    axe(page)
    submit(page, "Save decision")  # no decision chosen
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select your decision")
    axe(page)
    choose(page, "id_decision", "Offer a place")
    submit(page, "Save decision")
    expect(page.locator("#application-status")).to_contain_text("Offered a place")
    axe(page)

    # 4. The young person sees the offer.
    _switch_to(page, live_server, resident)
    page.goto(reverse("diversity:my_applications"))
    expect(page.locator("h1")).to_have_text("Your applications")
    expect(page.locator("tbody")).to_contain_text("Games design in Lambeth")
    expect(page.locator("tbody")).to_contain_text("Offered a place")
    axe(page)
    page.get_by_role("link", name=re.compile("Games design in Lambeth")).click()
    expect(page.locator("main")).to_contain_text("Offered a place")
    axe(page)
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
