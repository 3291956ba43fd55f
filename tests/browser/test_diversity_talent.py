"""A young person finds a Digital Talent course and applies: the finder's
filters, the course page, an error, a date of birth too old, then eligible,
the equality questions, check your answers, the confirmation and "Your
applications". axe on every page, error states included."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from diversity.models import Application, EqualityMonitoring
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    IndustryPartnerFactory,
    ProgrammeTargetFactory,
    borough,
    years_before,
)
from tests.browser.helpers import sign_in_as, submit
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.browser


@pytest.fixture
def course(transactional_db):
    starts = timezone.localdate() + datetime.timedelta(days=60)
    cohort = CohortFactory(
        starts_on=starts,
        course__title="Data analyst starter",
        course__slug="data-analyst-starter",
        course__subject="data",
        course__borough=borough("Camden"),
    )
    IndustryPartnerFactory(course=cohort.course, name="Monzo Bank")
    CohortFactory(course__title="Hackney web bootcamp", course__subject="software")
    return cohort.course


def _date(page, born):
    page.fill("#id_date_of_birth", str(born.day))
    page.fill("#id_date_of_birth_1", str(born.month))
    page.fill("#id_date_of_birth_2", str(born.year))


def test_young_person_finds_a_course_and_applies(
    page, axe, live_server, resident, course
):
    cohort = course.cohorts.get()
    sign_in_as(page, live_server, resident)
    page.goto(reverse("diversity:index"))
    expect(page.locator("h1")).to_have_text("Tech talent")
    axe(page)

    page.get_by_role("link", name="Find a course").first.click()
    expect(page.locator("h1")).to_have_text("Find a Digital Talent course")
    expect(page.locator("#results-count")).to_have_text("2 courses")
    axe(page)

    page.locator("select#id_borough").select_option(label="Camden")
    page.get_by_label("Data and analytics").check()
    submit(page, "Apply filters")
    expect(page.locator("#results-count")).to_have_text("1 course")
    axe(page)

    page.get_by_role("link", name="Data analyst starter").click()
    expect(page.locator("h1")).to_have_text("Data analyst starter")
    expect(page.locator("main")).to_contain_text("Monzo Bank")
    axe(page)

    page.get_by_role("link", name=re.compile("^Apply")).click()
    expect(page.locator("h1")).to_have_text("Apply for Data analyst starter")
    axe(page)
    page.get_by_role("button", name="Start now").click()

    expect(page.locator("h1")).to_have_text("What is your name?")
    axe(page)
    page.fill("#id_full_name", "Ada Young")
    submit(page, "Continue")

    # No date of birth: the error state.
    expect(page.locator("h1")).to_have_text("What is your date of birth?")
    axe(page)
    submit(page, "Continue")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your date of birth"
    )
    axe(page)

    # Too old on the start date.
    _date(page, years_before(cohort.starts_on, 25))
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text("You cannot apply for this course")
    expect(page.locator("#reasons")).to_contain_text("24 or younger")
    axe(page)

    page.get_by_role("link", name="change your date of birth").click()
    _date(page, years_before(cohort.starts_on, 19))
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Where you live or study")
    axe(page)
    page.get_by_label("I live in London", exact=True).check()
    page.fill("#id_postcode", "nw1 2db")
    page.locator("select#id_borough").select_option(label="Camden")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Why do you want to do this course?")
    axe(page)
    page.fill("#id_why", "I want to understand the numbers behind my city.")
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
        "Black, Black British, Caribbean or African",
        "No",
        "Prefer not to say",
        "Yes",
    ):
        expect(page.locator("h1")).to_be_visible()
        axe(page)
        page.locator("main").get_by_label(label, exact=True).check()
        submit(page, "Continue")

    expect(page.locator("h1")).to_have_text(
        "Check your answers before sending your application"
    )
    expect(page.locator("main")).to_contain_text("NW1 2DB")
    axe(page)
    submit(page, "Accept and send")

    expect(page.locator("h1")).to_have_text("Application sent")
    axe(page)
    page.get_by_role("link", name="See your applications").click()
    expect(page.locator("h1")).to_have_text("Your applications")
    expect(page.locator("tbody")).to_contain_text("Data analyst starter")
    expect(page.locator("tbody")).to_contain_text("Received")
    axe(page)

    application = Application.objects.get()
    assert application.applicant == resident
    assert EqualityMonitoring.objects.get(application=application).sex == "female"


def _sign_in_staff(page, live_server, user):
    """As sign_in_as, but with the two-factor step done, as staff pages need."""

    client = Client()
    force_login_with_mfa(client, user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_programme_manager_reads_the_dashboard(
    page, axe, live_server, programme_manager, course
):

    today = timezone.localdate()
    ProgrammeTargetFactory(
        name="This year",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=265),
    )
    started = CohortFactory(
        course=course,
        starts_on=today - datetime.timedelta(days=10),
        applications_close_on=today - datetime.timedelta(days=20),
    )
    ApplicationFactory.create_batch(
        12, cohort=started, status=Application.Status.ACCEPTED
    )
    _sign_in_staff(page, live_server, programme_manager)
    page.goto(reverse("diversity:programme_dashboard"))
    expect(page.locator("h1")).to_have_text("Digital Talent Programme dashboard")
    expect(page.locator("#totals")).to_contain_text("12")
    axe(page)


def test_the_course_finder_works_without_javascript(browser, live_server, axe):
    """Every filter (borough, subject, mode, start date), the pages and a bad
    date, with JavaScript off: plain GET forms and links."""
    from diversity.views.public import PAGE_SIZE

    today = timezone.localdate()
    later = today + datetime.timedelta(days=120)
    camden = borough("Camden")
    for n in range(PAGE_SIZE + 2):
        CohortFactory(
            starts_on=later,
            course__title=f"Camden data {n:02}",
            course__subject="data",
            course__borough=camden,
        )
    CohortFactory(  # starts too soon for the date filter
        course__title="Camden data soon", course__subject="data", course__borough=camden
    )
    CohortFactory(
        course__title="Camden design",
        course__subject="design",
        course__borough=camden,
        starts_on=later,
    )
    CohortFactory(
        course__title="Online data",
        course__subject="data",
        course__delivery_mode="online",
        course__borough=None,
        starts_on=later,
    )
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="en-GB"
    )
    page = context.new_page()
    try:
        page.goto(reverse("diversity:course_list"))
        expect(page.locator("#results-count")).to_have_text(f"{PAGE_SIZE + 5} courses")
        page.locator("select#id_borough").select_option(label="Camden")
        page.get_by_label("Data and analytics").check()
        page.get_by_label("In person", exact=True).check()
        starts = today + datetime.timedelta(days=90)
        page.fill("#id_starts_from", str(starts.day))
        page.fill("#id_starts_from_1", str(starts.month))
        page.fill("#id_starts_from_2", str(starts.year))
        submit(page, "Apply filters")
        expect(page.locator("#results-count")).to_have_text(f"{PAGE_SIZE + 2} courses")
        results = page.locator("#main-content h3")
        expect(results).to_have_count(PAGE_SIZE)
        page.get_by_role("link", name="Next").click()
        expect(results).to_have_count(2)
        expect(page.locator("#main-content")).not_to_contain_text("Camden data soon")
        expect(page.locator("#main-content")).not_to_contain_text("Online data")
        expect(page.locator("#main-content")).not_to_contain_text("Camden design")
        expect(page.locator("select#id_borough")).to_have_value("camden")

        # A date that does not exist: an error, the other filters still work.
        page.fill("#id_starts_from", "31")
        page.fill("#id_starts_from_1", "2")
        submit(page, "Apply filters")
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page.locator("#results-count")).to_have_text(f"{PAGE_SIZE + 3} courses")
        error_url = page.url
    finally:
        context.close()
    # axe needs JavaScript: the same error page, scanned with it on.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(error_url)
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        axe(page)
    finally:
        context.close()
