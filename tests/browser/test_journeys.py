"""The journeys of issue 2, one per test, with an axe scan of every page of ours
that the journey visits (the Wagtail admin is Wagtail's and is not scanned)."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from civic.models import Report, User
from civic.tests.factories import borough
from tests.browser.helpers import (
    choose,
    expect_signed_in,
    link_in_email,
    sign_in_as,
    sign_in_with_password,
    submit,
)
from tests.fixtures import totp_code

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-long-passphrase-for-london"  # noqa: S105


def test_sign_up_verify_email_and_arrive_signed_in(page, axe, core_pages, mailoutbox):
    page.goto("/")
    page.locator("header").get_by_role(
        "link", name=re.compile("create an account", re.I)
    ).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    axe(page)

    page.fill("#id_email", "newcomer@example.com")
    page.fill("#id_display_name", "Nia Newcomer")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    submit(page)
    axe(page)  # "check your email"

    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    assert mailoutbox[0].to == ["newcomer@example.com"]
    page.goto(link_in_email(mailoutbox[0], r"/accounts/confirm-email/"))
    axe(page)  # "confirm your email address"
    submit(page)

    axe(page)
    expect_signed_in(page)
    assert EmailAddress.objects.get(email="newcomer@example.com").verified
    assert User.objects.get(email="newcomer@example.com").display_name == "Nia Newcomer"


def test_sign_in_with_email_and_password_reaches_your_account(page, axe, resident):
    page.goto("/accounts/login/")
    axe(page)
    sign_in_with_password(page, resident.email)

    expect(page).to_have_url(re.compile(r"/your-account/$"))
    expect(page.locator("h1")).to_have_count(1)
    axe(page)
    expect_signed_in(page)


def test_edit_profile_shows_errors_then_saves(page, axe, live_server, resident):
    sign_in_as(page, live_server, resident)
    page.goto("/your-account/profile/")
    axe(page)

    page.fill("#id_display_name", "Rita R")
    choose(page, "id_borough", "Southwark")
    page.fill("#id_postcode", "not a postcode")
    submit(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link").first).to_have_attribute("href", "#id_postcode")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    assert page.title().startswith("Error: ")
    axe(page)

    page.fill("#id_postcode", "se15 4ab")
    submit(page)

    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    axe(page)
    resident.refresh_from_db()
    assert resident.display_name == "Rita R"
    assert resident.borough == borough("Southwark")
    assert resident.postcode == "SE15 4AB"


def test_report_an_organisation_and_moderator_sees_it_in_the_queue(
    page, axe, live_server, browser, resident, organisation, moderator
):
    sign_in_as(page, live_server, resident)
    page.goto(f"/organisations/{organisation.slug}/")
    axe(page)
    page.get_by_role("link", name=re.compile("report this organisation", re.I)).click()
    axe(page)

    page.get_by_label(str(Report.Reason.SPAM.label), exact=True).check()
    submit(page)
    axe(page)  # "thank you, we have sent your report"
    report = Report.objects.get()
    assert report.content_object == organisation
    assert report.reporter == resident

    # The moderator signs in with password and authenticator code, in a
    # browser of their own.
    page.context.clear_cookies()
    sign_in_with_password(page, moderator.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    axe(page)
    page.fill("#id_code", totp_code())
    submit(page)

    expect(page).not_to_have_url(re.compile(r"/accounts/2fa/"))
    page.goto("/admin/")
    page.get_by_role("link", name=re.compile(r"^moderation$", re.I)).first.click()
    expect(page).to_have_url(re.compile(r"/admin/moderation/"))
    queue = page.locator("main, #main").first
    expect(queue.get_by_text(organisation.name).first).to_be_visible()
    expect(queue.get_by_text(str(Report.Reason.SPAM.label)).first).to_be_visible()
