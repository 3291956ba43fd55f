"""Talk London: join, answer the "about you" questions, check, confirm, and the
staff dashboard, with an axe scan of every page (error states included)."""

import re

import pytest
from playwright.sync_api import expect

from talk_london.models import AboutYou, Membership
from tests.browser.helpers import choose, sign_in_as, sign_in_with_password, submit
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser


def _expect_error(page, anchor: str) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_have_attribute("href", anchor)
    assert page.title().startswith("Error: ")


def test_join_talk_london_and_tell_us_about_yourself(page, axe, live_server, resident):
    sign_in_as(page, live_server, resident)
    page.goto("/talk-london/")
    axe(page)
    page.locator("#main-content").get_by_role("button", name="Join Talk London").click()
    expect(page.locator("h1")).to_have_text("Join Talk London")
    axe(page)

    submit(page, "Join Talk London")  # without agreeing
    _expect_error(page, "#id_agree")
    axe(page)
    page.get_by_label(re.compile("I agree to the Talk London community terms")).check()
    submit(page, "Join Talk London")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    axe(page)
    assert Membership.objects.filter(user=resident).exists()

    page.get_by_role("link", name="Tell us about yourself (optional)").click()
    axe(page)
    submit(page, "Start now")  # without consent
    _expect_error(page, "#id_consent")
    axe(page)
    page.locator("#id_consent").check()
    submit(page, "Start now")

    expect(page.locator("h1")).to_have_text("What is your age?")
    axe(page)
    submit(page, "Continue")  # no answer
    _expect_error(page, "#id_answer")
    axe(page)
    choose(page, "id_answer", "35 to 44")
    submit(page, "Continue")

    answers = [
        ("What is your sex?", "Female"),
        (
            "Is the gender you identify with the same as your sex registered at birth?",
            "Yes",
        ),
        ("What is your ethnic group?", "Black, Black British, Caribbean or African"),
        ("Which of the following best describes your background?", "African"),
        ("Do you consider yourself to have a disability?", "Prefer not to say"),
        ("Which of these best describes what you do?", "Employed full-time"),
        (
            "Which of these best describes your home?",
            "Rent from a private landlord or letting agency",
        ),
        ("Which London borough do you live in?", "Lewisham"),
    ]
    for question, answer in answers:
        expect(page.locator("h1")).to_have_text(question)
        axe(page)
        choose(page, "id_answer", answer)
        submit(page, "Continue")

    expect(page.locator("h1")).to_have_text("Check your answers")
    axe(page)
    summary = page.locator(".govuk-summary-list")
    expect(summary).to_contain_text("35 to 44")
    expect(summary).to_contain_text("Lewisham")
    # Change one answer and come back to the check page.
    page.get_by_role("link", name=re.compile(r"Change\s+What is your age")).click()
    choose(page, "id_answer", "45 to 54")
    submit(page, "Continue")
    expect(page.locator("h1")).to_have_text("Check your answers")
    expect(summary).to_contain_text("45 to 54")

    submit(page, "Confirm and send")
    expect(page.locator(".govuk-panel--confirmation")).to_be_visible()
    axe(page)

    about_you = AboutYou.objects.get(user=resident)
    assert about_you.confirmed_at is not None
    assert about_you.age_band == "45-54"
    assert about_you.ethnic_background == "black_african"
    assert about_you.borough_code == "E09000023"


def test_delete_answers_then_leave_talk_london(page, axe, live_server, resident):
    from talk_london.tests.factories import AboutYouFactory

    AboutYouFactory(user=resident, sex="male")
    sign_in_as(page, live_server, resident)
    page.goto("/talk-london/about-you/check-your-answers/")
    axe(page)
    page.locator("#main-content").get_by_role("link", name="Delete my answers").click()
    axe(page)
    submit(page, "Delete my answers")
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert not AboutYou.objects.filter(user=resident).exists()

    page.get_by_role("link", name="Leave Talk London").click()
    axe(page)
    submit(page, "Leave Talk London")
    axe(page)
    assert not Membership.objects.filter(user=resident).exists()
    expect(
        page.locator("#main-content").get_by_role("button", name="Join Talk London")
    ).to_be_visible()


def test_programme_manager_reads_the_representativeness_dashboard(
    page, axe, live_server, programme_manager, monkeypatch
):
    from talk_london import representativeness
    from talk_london.demo_membership import seed_membership_demo

    seed_membership_demo(count=60)
    # Test figures (not London's) so that the comparison table, its tags and
    # the bar chart are on the page for axe to check.
    monkeypatch.setattr(
        representativeness,
        "census",
        lambda: {
            "dimensions": {
                "sex": {"source": "test", "values": {"female": 900, "male": 100}}
            }
        },
    )
    _sign_in_with_code(page, programme_manager)
    page.goto("/talk-london/representativeness/")
    expect(page.locator("h1")).to_have_text(
        "How representative are Talk London's members?"
    )
    main = page.locator("#main-content")
    expect(main).to_contain_text("Population figures for age are not loaded yet")
    expect(main.get_by_text("Over-represented").first).to_be_visible()
    page.get_by_text("Chart of members and Londoners by sex").click()
    expect(main.locator("svg.tl-chart[role=img]").first).to_be_visible()
    axe(page)


def test_anonymous_visitor_votes_in_a_shared_poll_once(page, axe):
    from talk_london.models import Poll, PollOption, PollVote

    poll = Poll.objects.create(question="Bus or bike?", slug="bus-or-bike")
    for order, text in enumerate(["Bus", "Bike"]):
        PollOption.objects.create(poll=poll, text=text, sort_order=order)

    page.goto("/talk-london/polls/bus-or-bike/")
    expect(page.locator("h1")).to_have_text("Bus or bike?")
    axe(page)
    submit(page, "Vote")  # nothing chosen
    _expect_error(page, "#id_option")
    axe(page)
    page.get_by_label("Bike", exact=True).check()
    submit(page, "Vote")
    expect(page.locator("#main-content")).to_contain_text("1 vote so far")
    expect(page.get_by_role("radio")).to_have_count(0)
    axe(page)
    page.reload()
    expect(page.locator("#main-content")).to_contain_text("You have voted")
    assert PollVote.objects.filter(poll=poll).count() == 1


def test_programme_manager_compares_a_surveys_respondents(
    page, axe, live_server, programme_manager, monkeypatch
):
    from django.utils import timezone

    from civic.tests.factories import UserFactory
    from talk_london import representativeness
    from talk_london.models import Response
    from talk_london.tests.factories import AboutYouFactory, SurveyFactory

    monkeypatch.setattr(
        representativeness,
        "census",
        lambda: {
            "dimensions": {
                "sex": {"source": "test", "values": {"female": 500, "male": 500}}
            }
        },
    )
    survey = SurveyFactory(title="Clean air")
    for i in range(30):
        about = AboutYouFactory(user=UserFactory(), sex="female" if i < 24 else "male")
        Response.objects.create(
            survey=survey,
            user=about.user,
            status="submitted",
            submitted_at=timezone.now(),
        )
    _sign_in_with_code(page, programme_manager)
    page.goto("/talk-london/representativeness/")
    page.get_by_label("Survey").select_option(label="Clean air")
    submit(page, "Compare respondents")
    main = page.locator("#main-content")
    expect(main).to_contain_text("30 people sent answers to “Clean air”")
    expect(main).to_contain_text("Respondents and Londoners by Sex")
    page.get_by_text("Chart of respondents and Londoners by sex").click()
    chart = page.get_by_role("img", name=re.compile("Respondents and Londoners by sex"))
    expect(chart).to_be_visible()
    axe(page)
    # A survey that is not in the list: an error message, not a 500.
    page.goto("/talk-london/representativeness/?survey=999999")
    expect(main.locator(".govuk-error-message")).to_contain_text(
        "Select a survey from the list"
    )
    axe(page)


def _sign_in_with_code(page, user) -> None:
    """The dashboard is a staff area: password and authenticator code."""
    sign_in_with_password(page, user.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.fill("#id_code", totp_code())
    submit(page)
    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))
