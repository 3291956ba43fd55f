"""Answering a Talk London survey in a browser: branching, leaving and
resuming, checking and changing answers, sending. axe on every page."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from talk_london.models import Answer, Response
from talk_london.tests.factories import SurveyFactory, add_question
from tests.browser.helpers import sign_in_as, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def survey(transactional_db):
    survey = SurveyFactory(slug="getting-around", title="Getting around")
    add_question(
        survey, "single", "How do you usually travel?", options=["Bus", "Bike", "Car"]
    )
    add_question(
        survey,
        "multiple",
        "What would make cycling safer?",
        options=["Segregated lanes", "Lower speed limits", "Better lighting"],
        show_if_question_number=1,
        show_if_answer="Bike",
    )
    add_question(
        survey,
        "rating",
        "How satisfied are you with your journey?",
        low_label="Very unhappy",
        high_label="Very happy",
    )
    add_question(
        survey, "ranking", "Rank these improvements", options=["Fares", "Buses", "Air"]
    )
    return survey


def test_answer_a_branching_survey_leave_resume_change_and_send(
    page, axe, live_server, resident, survey
):
    sign_in_as(page, live_server, resident)
    page.goto(reverse("talk_london:survey_start", args=[survey.slug]))
    expect(page.locator("h1")).to_have_text("Getting around")
    axe(page)
    page.get_by_role("button", name=re.compile("Start now")).click()

    expect(page.locator("h1")).to_have_text("How do you usually travel?")
    expect(page.locator("#progress-label")).to_have_text("Question 1 of 3")
    axe(page)
    submit(page, "Continue")  # nothing chosen: the error state
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select an option")
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.get_by_label("Bike", exact=True).check()
    submit(page, "Continue")

    # The branch for cyclists.
    expect(page.locator("h1")).to_have_text("What would make cycling safer?")
    expect(page.locator("#progress-label")).to_have_text("Question 2 of 4")
    axe(page)
    page.get_by_label("Better lighting").check()
    submit(page, "Continue")

    # Leave, and come back later.
    expect(page.locator("h1")).to_have_text("How satisfied are you with your journey?")
    page.get_by_role("link", name="Stop and come back later").click()
    axe(page)
    page.get_by_role("button", name="Continue where you left off").click()
    expect(page.locator("h1")).to_have_text("How satisfied are you with your journey?")
    axe(page)
    page.get_by_label("4", exact=True).check()
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Rank these improvements")
    axe(page)
    page.get_by_label("Fares").select_option("2")
    submit(page, "Continue")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rank every option")
    axe(page)
    page.get_by_label("Buses").select_option("1")
    page.get_by_label("Air").select_option("3")
    submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Better lighting")
    expect(page.locator(".govuk-summary-list")).to_contain_text("1. Buses")
    axe(page)

    # Change the first answer: the cycling branch no longer applies.
    page.get_by_role(
        "link", name=re.compile("Change.*How do you usually travel")
    ).click()
    axe(page)
    page.get_by_label("Bus", exact=True).check()
    submit(page, "Save and return")
    expect(page.locator("h1")).to_have_text("Check your answers before sending them")
    expect(page.locator(".govuk-summary-list")).not_to_contain_text("Better lighting")
    expect(page.locator(".govuk-summary-list")).to_contain_text("Bus")

    submit(page, "Send answers")
    expect(page.locator(".govuk-panel__title")).to_have_text("Answers sent")
    axe(page)

    response = Response.objects.get(survey=survey, user=resident)
    assert response.status == "submitted"
    assert not Answer.objects.filter(
        response=response, question__text="What would make cycling safer?"
    ).exists()


def test_read_what_you_told_us(page, axe, transactional_db):
    import datetime

    from django.utils import timezone

    from talk_london.models.surveys import Question

    survey = SurveyFactory(
        slug="high-street",
        title="Your high street",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=2),
        you_said="You want more places to sit.",
        we_did="We funded new benches.",
        results_published=True,
    )
    add_question(
        survey, "single", "How often do you visit?", options=["Daily", "Weekly"]
    )
    Question.objects.filter(survey=survey).update(show_in_published_results=True)

    page.goto(reverse("talk_london:survey_start", args=[survey.slug]))
    expect(page.get_by_text("This survey is closed")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Read what you told us, and what we did").click()
    expect(page.locator("h1")).to_have_text("What you told us")
    expect(page.locator("caption")).to_have_text("Answers to “How often do you visit?”")
    axe(page)


def test_what_you_told_us_charts_are_images_with_their_figures(page, axe):
    """The published page's SVG charts: role img, named by their title and
    figures, drawn without inline styles; axe checks them (svg-img-alt)."""
    import datetime

    from django.utils import timezone

    from civic.tests.factories import UserFactory
    from talk_london.models.surveys import Question

    survey = SurveyFactory(
        slug="river",
        title="The river",
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=2),
        you_said="You want to swim in it.",
        results_published=True,
    )
    question = add_question(
        survey, "single", "Would you swim in the Thames?", options=["Yes", "No"]
    )
    add_question(survey, "ranking", "What first?", options=["Clean", "Safe", "Open"])
    Question.objects.filter(survey=survey).update(show_in_published_results=True)
    yes, no = question.options.order_by("position")
    for i in range(4):
        response = Response.objects.create(
            survey=survey,
            user=UserFactory(),
            status="submitted",
            submitted_at=timezone.now() - datetime.timedelta(days=5),
        )
        Answer.objects.create(
            response=response, question=question, option=yes if i < 3 else no
        )

    page.goto(reverse("talk_london:survey_published_results", args=[survey.slug]))
    chart = page.get_by_role("img", name=re.compile("Would you swim in the Thames"))
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_have_text("Yes: 3 (75%). No: 1 (25%).")
    assert page.locator("main svg[style], main [style]").count() == 0
    expect(page.locator("svg.tl-chart")).to_have_count(2)
    axe(page)


def test_programme_manager_breaks_results_down_by_age(page, programme_manager):
    """The staff results screen (Wagtail admin): SVG charts, and a breakdown
    chosen with a plain GET form, small numbers suppressed. The harness does
    not axe-scan Wagtail's admin (not our markup)."""
    import datetime

    from django.utils import timezone

    from civic.tests.factories import UserFactory
    from talk_london.tests.factories import AboutYouFactory
    from tests.browser.helpers import sign_in_with_password
    from tests.fixtures import totp_code

    survey = SurveyFactory(slug="lighting", title="Street lighting")
    question = add_question(
        survey, "single", "Is your street well lit?", options=["Yes", "No"]
    )
    yes, no = question.options.order_by("position")
    for i in range(24):
        about = AboutYouFactory(
            user=UserFactory(), age_band="25-34" if i < 20 else "65-74"
        )
        response = Response.objects.create(
            survey=survey,
            user=about.user,
            status="submitted",
            submitted_at=timezone.now() - datetime.timedelta(days=i % 3),
        )
        Answer.objects.create(
            response=response, question=question, option=yes if i % 2 else no
        )

    sign_in_with_password(page, programme_manager.email)
    page.fill("#id_code", totp_code())
    submit(page)
    page.goto(reverse("talk_london_surveys:results", args=[survey.pk]))
    expect(
        page.get_by_role("img", name=re.compile("responses sent each day"))
    ).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Is your street well lit"))
    ).to_be_visible()
    page.get_by_label("Break down by").select_option(label="Age")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"by=age_band"))
    table = page.locator(
        "table", has=page.locator("caption", has_text="Question 1 by Age")
    )
    expect(table).to_contain_text("25 to 34")
    expect(table.locator("tr", has_text="25 to 34")).to_contain_text("10")
    expect(table.locator("tr", has_text="65 to 74")).to_contain_text("fewer than 10")
