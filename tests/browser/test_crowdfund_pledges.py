"""Pledging in a browser: a declined card first, then a good one; the
confirmation and "Your pledges"; then the campaign closes funded and the pledge
is collected. axe on every page, error states included."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from crowdfund.models import Pledge, Project
from crowdfund.payments.offline import DECLINED_CARD, GOOD_CARD
from crowdfund.tasks import close_due_campaigns
from crowdfund.tests.factories import LiveProjectFactory
from tests.browser.helpers import sign_in_as, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign(transactional_db, resident):
    # A £60 target, so that one pledge funds it.
    return LiveProjectFactory(
        created_by=resident,
        title="Colour in Romford",
        slug="colour-in-romford",
        target_pence=6_000,
    )


def _enter_card(page, number):
    page.fill("#id_card_number", number)
    page.fill("#id_expiry_month", "10")
    page.fill("#id_expiry_year", str(timezone.localdate().year + 3))
    page.fill("#id_cardholder_name", "Omar Other")
    page.fill("#id_security_code", "123")
    submit(page, "Continue")


def test_pledge_declined_then_paid_then_collected_when_funded(
    page, axe, live_server, other_resident, campaign
):
    sign_in_as(page, live_server, other_resident)
    page.goto(reverse("crowdfund:pledge_start", args=[campaign.slug]))
    expect(page.locator("h1")).to_have_text("Make a pledge")
    axe(page)

    # Nothing filled in: the error state.
    submit(page, "Continue to payment")
    expect(page).to_have_title(re.compile("^Error:"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an amount to pledge")
    expect(summary).to_contain_text("Select yes if you want to hide your name")
    axe(page)

    page.fill("#id_amount", "1.50")
    page.get_by_label("No, show my name").check()
    submit(page, "Continue to payment")
    expect(summary).to_contain_text("Enter an amount of at least £2")
    axe(page)

    page.fill("#id_amount", "60")
    page.get_by_label("No, show my name").check()
    page.fill("#id_message", "Romford deserves colour!")
    submit(page, "Continue to payment")

    # The offline gateway's card page, with its own errors.
    expect(page.locator("h1")).to_have_text("Enter card details")
    axe(page)
    _enter_card(page, "1234 5678")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a valid card number"
    )
    axe(page)

    # Declined.
    _enter_card(page, DECLINED_CARD)
    expect(page.locator("h1")).to_have_text("Your card was declined")
    axe(page)
    submit(page, "Try another card")

    expect(page.locator("h1")).to_have_text("Enter card details")
    _enter_card(page, GOOD_CARD)

    # Confirmed.
    expect(page.locator("h1")).to_have_text("Pledge confirmed")
    expect(page.locator(".govuk-panel__body")).to_contain_text(
        "You pledged £60 to Colour in Romford"
    )
    axe(page)
    page.get_by_role("link", name="See all your pledges").click()
    expect(page.locator("h1")).to_have_text("Your pledges")
    expect(page.locator("tbody")).to_contain_text("Colour in Romford")
    expect(page.locator("tbody")).to_contain_text("Confirmed")
    axe(page)

    pledge = Pledge.objects.get()
    assert pledge.status == Pledge.Status.CONFIRMED
    assert Pledge.objects.count() == 1

    # The deadline passes and the closing task runs.
    Project.objects.filter(pk=campaign.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1)
    )
    close_due_campaigns.delay()  # the beat task, run eagerly in tests
    campaign.refresh_from_db()
    assert campaign.status == Project.Status.DELIVERING

    page.reload()
    expect(page.locator("tbody")).to_contain_text("Collected")
    axe(page)
    page.get_by_role("link", name=re.compile("Colour in Romford")).click()
    expect(page.locator("#pledge-status")).to_have_text("Collected")
    expect(page.get_by_role("link", name="Cancel this pledge")).to_have_count(0)
    axe(page)
