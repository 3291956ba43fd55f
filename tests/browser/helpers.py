"""Small steps the browser journeys share."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from civic.tests.factories import DEFAULT_PASSWORD


def path_of(url: str) -> str:
    """The path (and query) of ``url``: emails carry the production scheme and host."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def link_in_email(message, pattern: str) -> str:
    """The first link in an email whose path matches ``pattern``."""
    for url in re.findall(r"https?://[^\s\"'<>]+", message.body):
        if re.search(pattern, url):
            return path_of(url)
    raise AssertionError(f"no link matching {pattern!r} in:\n{message.body}")


def submit(page: Page, name: str | None = None) -> None:
    """Press the form's button in the main content (by its text when given)."""
    main = page.locator("#main-content")
    if name:
        button = main.get_by_role("button", name=re.compile(name, re.IGNORECASE))
    else:
        button = main.locator("form button[type=submit], form input[type=submit]")
    button.first.click()
    page.wait_for_load_state("load")


def sign_in_with_password(
    page: Page, email: str, password: str = DEFAULT_PASSWORD
) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    submit(page)


def sign_in_as(page: Page, live_server, user) -> None:
    """Skip the sign-in form (journeys that test it do not use this)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def expect_signed_in(page: Page) -> None:
    header = page.locator("header")
    expect(
        header.get_by_role("link", name=re.compile("sign out", re.IGNORECASE))
    ).to_be_visible()


def choose(page: Page, field_id: str, label: str) -> None:
    """Pick ``label`` in a select, or tick the radio with that label."""
    select = page.locator(f"select#{field_id}")
    if select.count():
        select.select_option(label=label)
    else:
        page.get_by_label(label, exact=True).check()
