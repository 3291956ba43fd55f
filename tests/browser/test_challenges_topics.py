"""Future-challenge topics in a browser: a resident proposes (after one
error), supports five, is refused a sixth, withdraws one; a challenge manager
publishes a decision in the admin and it shows publicly. axe on every public
page visited, the error states included."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from challenges.models import Support, SupporterQuota, Topic
from challenges.tests.factories import TopicFactory, VotingRoundFactory
from tests.browser.helpers import sign_in_as, sign_in_with_password, submit
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser

OTHERS = [f"Existing topic {n}" for n in range(1, 6)]
LIMIT_MESSAGE = (
    "You have already supported 5 topics in this round. Withdraw support from "
    "one to support another."
)


@pytest.fixture
def voting_round(transactional_db):
    voting_round = VotingRoundFactory(name="Future challenges 2026")
    for title in OTHERS:
        TopicFactory(voting_round=voting_round, title=title)
    return voting_round


def _support(page, title: str) -> None:
    page.get_by_role("button", name=f"Support “{title}”").click()
    page.wait_for_load_state("load")


def test_resident_proposes_supports_is_refused_a_sixth_and_withdraws(
    page, axe, live_server, resident, voting_round
):
    sign_in_as(page, live_server, resident)
    page.goto(reverse("challenges:index"))
    expect(page.locator("h1")).to_have_text("Civic Innovation Challenge")
    axe(page)
    page.get_by_role("button", name="Propose a future challenge").click()
    expect(page.locator("h1")).to_have_text("Propose a topic for a future challenge")
    axe(page)

    # One mistake first: no title.
    page.fill("#id_problem", "The air outside our school is dirty at home time.")
    page.fill("#id_who_it_affects", "Pupils, parents and people who live nearby.")
    page.select_option("#id_borough", label="Hackney")
    submit(page, "Propose topic")
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your topic")
    axe(page)
    summary.get_by_role("link", name="Enter your topic").click()
    expect(page.locator("#id_title")).to_be_focused()
    page.fill("#id_title", "Cleaner air at the school gate")
    submit(page, "Propose topic")

    expect(page.locator("h1")).to_have_text("Cleaner air at the school gate")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your topic is in the current round"
    )
    axe(page)
    page.get_by_role("button", name=re.compile("^Support")).click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "You support “Cleaner air at the school gate”"
    )
    expect(
        page.get_by_role("button", name=re.compile("^Withdraw support"))
    ).to_be_visible()
    axe(page)

    page.get_by_role("link", name="See all topics").click()
    expect(page.locator("h1")).to_have_text("Future challenges")
    axe(page)
    for title in OTHERS[:4]:
        _support(page, title)
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"You support “{title}”"
        )
    expect(page.locator("main")).to_contain_text(
        "You support 5 of the 5 topics you can support in this round."
    )
    axe(page)

    _support(page, OTHERS[4])
    expect(page.locator(".govuk-notification-banner")).to_contain_text(LIMIT_MESSAGE)
    axe(page)
    assert not Support.objects.filter(topic__title=OTHERS[4]).exists()

    page.get_by_role("button", name=f"Withdraw support from “{OTHERS[0]}”").click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"You no longer support “{OTHERS[0]}”"
    )
    expect(page.locator("main")).to_contain_text("You support 4 of the 5 topics")
    axe(page)
    assert SupporterQuota.objects.get(user=resident).active_supports == 4
    assert Topic.objects.get(title=OTHERS[0]).support_count == 0


def test_manager_marks_a_topic_taken_forward_and_it_shows_publicly(
    page, axe, challenge_manager, voting_round
):
    topic = Topic.objects.get(title=OTHERS[0])
    sign_in_with_password(page, challenge_manager.email)
    page.fill("#id_code", totp_code())
    submit(page)
    page.goto(reverse("challenges_topics:round", args=[voting_round.pk]))
    expect(page.get_by_role("heading", name="Topics by supporters")).to_be_visible()
    page.get_by_role("link", name=f"Decide {OTHERS[0]}").click()
    page.check("#id_status_0")
    page.get_by_role("button", name="Publish decision").click()
    expect(page.locator("main")).to_contain_text("Enter an explanation")
    page.check("#id_status_0")
    page.fill("#id_explanation", "This will be a 2027 challenge set by TfL.")
    page.get_by_role("button", name="Publish decision").click()
    expect(page.locator("body")).to_contain_text("Decision published")

    page.goto(topic.get_absolute_url())
    expect(page.locator("main")).to_contain_text("This topic is being taken forward")
    expect(page.locator("main")).to_contain_text(
        "This will be a 2027 challenge set by TfL."
    )
    axe(page)


def test_past_rounds_waiting_topics_and_decisions_pass_axe(
    page, axe, live_server, resident, challenge_manager, transactional_db
):
    from challenges.models import VotingRound
    from challenges.services import topics as services

    closed = VotingRoundFactory(name="Future challenges 2019")
    decided = TopicFactory(voting_round=closed, title="Safer walking routes")
    services.topic_support(topic=decided, user=resident)
    other = TopicFactory(voting_round=closed, title="Another topic")
    services.topic_support(topic=other, user=resident)
    services.round_close(voting_round=closed, user=challenge_manager)
    services.topic_decide(
        topic=decided,
        user=challenge_manager,
        status=Topic.Status.NOT_TAKEN_FORWARD,
        explanation="The boroughs already run this.",
    )
    TopicFactory(voting_round=None, title="Waiting for a round")
    sign_in_as(page, live_server, resident)

    page.goto(reverse("challenges:topics"))
    expect(page.locator("main")).to_contain_text("No voting round is open")
    expect(page.locator("main")).to_contain_text("Waiting for a round")
    expect(page.locator("main")).to_contain_text("The boroughs already run this.")
    axe(page)
    page.get_by_role("link", name="Safer walking routes").click()
    expect(page.locator("main")).to_contain_text("not being taken forward")
    axe(page)
    page.goto(reverse("challenges:index"))
    axe(page)

    # A round open again, with a hidden topic the resident supports.
    current = VotingRoundFactory(name="Future challenges 2026")
    gone = TopicFactory(voting_round=current, title="Gone topic")
    services.topic_support(topic=gone, user=resident)
    Topic.objects.filter(pk=gone.pk).update(is_hidden=True)
    page.goto(reverse("challenges:topics"))
    expect(page.locator(".govuk-warning-text")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Withdraw support from “Gone topic”").click()
    page.wait_for_load_state("load")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    axe(page)
    assert VotingRound.objects.filter(status="open").count() == 1
