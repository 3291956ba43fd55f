"""Every public page of issue 2 passes axe-core's WCAG 2.2 A and AA rules,
under the real Content Security Policy, with no console errors."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in_as, submit

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    "/",
    "/talk-london/",
    "/crowdfund/",
    "/challenges/",
    "/get-online/",
    "/tech-talent/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/contact/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_passes_axe(page, axe, core_pages, path):
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    axe(page)


def test_sign_up_form_with_errors_passes_axe(page, axe):
    page.goto("/accounts/signup/")
    page.fill("#id_email", "not-an-email")
    submit(page)

    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.title().startswith("Error: ")
    axe(page)


def test_organisation_page_passes_axe(page, axe, organisation):
    response = page.goto(f"/organisations/{organisation.slug}/")
    assert response.status == 200
    expect(page.locator("h1")).to_contain_text(organisation.name)
    axe(page)


def test_design_system_page_passes_axe(page, axe, live_server, content_editor):
    sign_in_as(page, live_server, content_editor)
    response = page.goto("/design-system/")
    assert response.status == 200
    axe(page)


def test_not_found_page_passes_axe(page, axe, console_watch, core_pages):
    console_watch.allow(r"status of 404")
    response = page.goto("/no-such-page-here/")
    assert response.status == 404
    expect(page.locator("h1")).to_have_count(1)
    axe(page)


def test_cms_page_with_the_staff_user_bar_passes_axe_under_csp(
    page, axe, live_server, core_pages, content_editor
):
    """Staff see Wagtail's user bar (with its accessibility checker) on CMS pages;
    it must work under the strict CSP. The bar itself is Wagtail's, not scanned."""
    sign_in_as(page, live_server, content_editor)
    page.goto("/")

    expect(page.locator("wagtail-userbar")).to_have_count(1)
    axe(page, exclude=["wagtail-userbar"])
