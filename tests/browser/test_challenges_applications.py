"""A startup applies to a challenge across two sessions: starts, fills in two
sections, signs out, signs back in, finishes the rest (a PDF upload and a
budget error on the way), submits and sees the reference. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from challenges.models import Application, Attachment
from challenges.tests.conftest import MINIMAL_PDF
from challenges.tests.factories import ChallengeFactory
from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.browser.helpers import sign_in_with_password, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def journey_data(core_pages, settings, tmp_path):
    # core_pages: signing out lands on the home page, a CMS page.
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    challenge = ChallengeFactory(
        title="Helping older Londoners stay connected",
        slug="older-londoners",
        owner=OrganisationFactory(
            name="Transport for London", type=Organisation.Type.PUBLIC_BODY
        ),
    )
    startup = OrganisationFactory(
        name="Neighbourly Ltd", slug="neighbourly", type=Organisation.Type.STARTUP
    )
    founder = UserFactory(email="founder@neighbourly.example.com")
    MembershipFactory(
        organisation=startup, user=founder, role=OrganisationMembership.Role.OWNER
    )
    return challenge, founder


def _open_task(page, axe, name):
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.locator("h1")).to_have_text(name)
    axe(page)


def test_a_startup_applies_across_two_sessions_and_submits(page, axe, journey_data):
    challenge, founder = journey_data

    # First session: find the challenge and start.
    sign_in_with_password(page, founder.email)
    page.goto("/challenges/challenges/")
    expect(page.locator("h1")).to_have_text("Challenges")
    axe(page)
    page.get_by_role("link", name=challenge.title).click()
    expect(page.locator("h1")).to_have_text(challenge.title)
    expect(page.locator("main")).to_contain_text("up to £15,000")
    axe(page)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("h1")).to_have_text("Start your application")
    axe(page)
    submit(page, "Start application")

    expect(page.locator("h1")).to_have_text("Your application")
    expect(page.locator("main")).to_contain_text("You have completed 0 of 7 sections")
    axe(page)

    _open_task(page, axe, "About your organisation")
    page.get_by_label("Tell us about your organisation").fill(
        "We build tools that connect neighbours."
    )
    submit(page, "Save and continue")

    _open_task(page, axe, "Your solution")
    submit(page, "Save and continue")  # nothing filled in: the error state
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your solution in one sentence"
    )
    axe(page)
    page.get_by_label("Describe your solution in one sentence").fill(
        "A phone line that matches older people with volunteers."
    )
    page.get_by_label("How does your solution solve the problem?").fill(
        "Callers are matched by interests within a day."
    )
    submit(page, "Save and continue")
    expect(page.locator("main")).to_contain_text("You have completed 2 of 7 sections")

    # Sign out; sign in again: a new session carries on where they left off.
    page.locator("header").get_by_role("link", name="Sign out").click()
    axe(page)
    submit(page, "Sign out")
    sign_in_with_password(page, founder.email)
    page.goto("/challenges/applications/")
    expect(page.locator("h1")).to_have_text("Your applications")
    axe(page)
    page.get_by_role("link", name=challenge.title).click()
    expect(page.locator("main")).to_contain_text("You have completed 2 of 7 sections")
    axe(page)

    _open_task(page, axe, "Evidence it works")
    page.get_by_label("Pitch deck").check()
    page.set_input_files(
        "#id_file",
        files=[
            {"name": "deck.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
        ],
    )
    submit(page, "Upload file")
    expect(page.locator("main")).to_contain_text("deck.pdf")
    axe(page)
    page.get_by_label("What evidence do you have that it works?").fill(
        "A pilot in Hackney with 120 callers."
    )
    submit(page, "Save and continue")

    _open_task(page, axe, "How you would test it with the owner")
    page.get_by_label(
        "How would you test your solution with the challenge owner?"
    ).fill("Six months with the owner's social prescribers.")
    submit(page, "Save and continue")

    _open_task(page, axe, "Team")
    page.get_by_label("Who is in your team?").fill("Three founders.")
    submit(page, "Save and continue")

    _open_task(page, axe, "Budget for testing")
    page.get_by_label("Cost 1: what it is for").fill("Staff time")
    page.get_by_label("Cost 1: amount in pounds").fill("16000")
    submit(page, "Save and continue")
    expect(page).to_have_title(re.compile("^Error:"))
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "more than the testing fund of £15,000"
    )
    axe(page)
    page.get_by_label("Cost 1: amount in pounds").fill("12,000.50")
    page.get_by_label("Cost 2: what it is for").fill("Tablets")
    page.get_by_label("Cost 2: amount in pounds").fill("1999.99")
    submit(page, "Save and continue")

    _open_task(page, axe, "Declarations")
    for label in [
        "The information in this application is accurate and complete",
        "Our startup meets the eligibility criteria for this challenge",
        "We agree that the challenge owner and assessors may see this "
        "application to assess it",
    ]:
        page.get_by_label(label).check()
    submit(page, "Save and continue")
    expect(page.locator("main")).to_contain_text("You have completed 7 of 7 sections")

    page.get_by_role("link", name="Check and submit").click()
    expect(page.locator("h1")).to_have_text("Check your answers before you submit")
    expect(page.locator("main")).to_contain_text("£12,000.50")
    axe(page)
    submit(page, "Submit application")

    application = Application.objects.get()
    expect(page.locator(".govuk-panel__title")).to_have_text("Application submitted")
    expect(page.locator(".govuk-panel__body")).to_contain_text(application.reference)
    assert re.fullmatch(r"CIC-\d{4}-0001", application.reference)
    assert Attachment.objects.filter(application=application).count() == 1
    axe(page)


def test_the_other_pages_pass_axe(page, axe, live_server, journey_data, resident):
    """Pages the main journey does not visit: no startup yet, a filter error,
    open data, a closed challenge, the read-only view, file delete and
    withdraw confirmations."""
    import datetime

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from challenges.services.attachments import attachment_add
    from challenges.tests.factories import SubmittedApplicationFactory
    from tests.browser.helpers import sign_in_as

    challenge, founder = journey_data
    closed = ChallengeFactory(
        title="Quieter streets",
        application_deadline=timezone.now() - datetime.timedelta(days=1),
    )

    page.goto("/challenges/challenges/?theme=not-a-theme")
    expect(page).to_have_title(re.compile("^Error:"))
    axe(page)
    page.goto("/challenges/open-data/")
    expect(page.locator("h1")).to_have_text("Civic Innovation Challenge open data")
    axe(page)
    page.goto(closed.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Closed for applications")
    axe(page)

    sign_in_as(page, live_server, resident)
    page.goto(challenge.get_absolute_url())
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("h1")).to_have_text("Add your startup first")
    axe(page)

    application = SubmittedApplicationFactory(
        challenge=challenge,
        organisation=founder.organisations.get(),
        created_by=founder,
    )
    attachment = attachment_add(
        application=application,
        user=founder,
        kind="evidence",
        uploaded=SimpleUploadedFile("evidence.pdf", MINIMAL_PDF),
    )
    page.context.clear_cookies()
    sign_in_as(page, live_server, founder)
    page.goto(f"/challenges/applications/{application.public_id}/")
    expect(page.locator("main")).to_contain_text(application.reference)
    axe(page)
    page.goto(f"/challenges/files/{attachment.public_id}/delete/")
    expect(page.locator("h1")).to_have_text("Delete this file?")
    axe(page)
    page.goto(f"/challenges/applications/{application.public_id}/withdraw/")
    expect(page.locator("h1")).to_have_text("Withdraw your application?")
    axe(page)
    submit(page, "Withdraw application")
    expect(page.locator("h1")).to_have_text("Your applications")
    expect(page.locator("main")).to_contain_text("Withdrawn")
    axe(page)
