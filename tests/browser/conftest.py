"""Playwright harness: the system Chromium against pytest-django's live server.

Every browser test gets a fresh browser context (cookies, storage) on one
shared Chromium, an ``axe`` helper that fails on any WCAG 2.2 A/AA violation,
and a console watch that fails the test on a JavaScript error or a Content
Security Policy violation. On failure a screenshot and the page's HTML are
written to ``test-results/``.

The pages keep their real CSP in these tests: axe-core is injected through
the DevTools protocol (``page.evaluate``), which a page's CSP does not govern,
so the journeys also prove the pages work with no inline script or style.
"""

import os

# Playwright's sync API runs an asyncio loop in this thread; Django's ORM
# refuses to run while one exists unless told it is safe (it is: the loop only
# drives the browser, never our database code).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import re  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RESULTS_DIR = ROOT / "test-results"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Reports CSP violations to the console even where Chromium would only count
# them, so the console watch below sees every one.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "CSP violation: " + event.violatedDirective + " blocked " +
    (event.blockedURI || "inline code") + " on " + document.location.pathname
  );
});
"""

# The Wagtail admin is Wagtail's, not ours: it runs under a relaxed CSP and is
# neither axe-scanned nor held to the console rule.
ADMIN_PATH = re.compile(r"^https?://[^/]+/(admin|django-admin)/")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def _playwright():
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        message = (
            f"Browser tests need Chromium at {CHROMIUM} (make browser installs it)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # While Playwright's sync API is active, asyncio reports a running loop in
    # this thread, so Django hands out new, context-local database connections
    # (asgiref's thread-critical Local). Those lack the snapshot of migrated
    # data that serialized rollback restores from: give it to them.
    from django.db import connections

    snapshots = {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        yield playwright


@pytest.fixture(scope="session")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@dataclass
class ConsoleWatch:
    """JavaScript errors and CSP violations seen on our pages during one test."""

    problems: list[str] = field(default_factory=list)
    allowed: list[re.Pattern] = field(default_factory=list)

    def allow(self, pattern: str) -> None:
        """Tolerate console errors matching ``pattern`` (say, the 404 of a 404 page)."""
        self.allowed.append(re.compile(pattern))

    def record(self, url: str, text: str) -> None:
        if ADMIN_PATH.match(url or ""):
            return
        self.problems.append(f"{url}: {text}")

    def unexpected(self) -> list[str]:
        return [p for p in self.problems if not any(a.search(p) for a in self.allowed)]


@pytest.fixture
def console_watch():
    return ConsoleWatch()


@pytest.fixture
def page(request, browser, live_server, console_watch):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        locale="en-GB",
        timezone_id="Europe/London",
    )
    context.set_default_timeout(15_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            message.type == "error" and console_watch.record(page.url, message.text)
        ),
    )
    page.on(
        "pageerror", lambda error: console_watch.record(page.url, f"JS error: {error}")
    )
    yield page

    failed = getattr(request.node, "rep_call", None) and request.node.rep_call.failed
    if failed:
        _save_evidence(page, request.node.name)
    context.close()
    problems = console_watch.unexpected()
    if problems and not failed:
        pytest.fail("The browser console reported problems:\n" + "\n".join(problems))


def _save_evidence(page, name: str) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    try:
        page.screenshot(path=str(RESULTS_DIR / f"{safe}.png"), full_page=True)
        (RESULTS_DIR / f"{safe}.html").write_text(page.content(), encoding="utf-8")
    except Exception as error:  # the evidence is a courtesy; the failure is the news
        print(f"could not save evidence for {name}: {error}")  # noqa: T201


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'n/a'}): "
            f"{violation['help']}"
            f"\n    {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


class Axe:
    """Runs axe-core's WCAG 2.0-2.2 A and AA rules on the page as it is now."""

    def __init__(self):
        self.source = AXE_SOURCE.read_text(encoding="utf-8")
        self.scanned: list[str] = []

    def __call__(self, page, *, exclude: list[str] | None = None) -> None:
        if ADMIN_PATH.match(page.url):
            raise AssertionError(
                f"{page.url} is Wagtail's admin, not ours: do not scan it"
            )
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated through the DevTools protocol, so the page's CSP (no
            # inline script) stays on and still applies to the page itself.
            page.evaluate(self.source + "\n;undefined")
        result = page.evaluate(
            """async ({tags, exclude}) => {
                const context = exclude.length
                  ? {include: [document], exclude: exclude.map((s) => [s])}
                  : document;
                return await window.axe.run(context, {
                  runOnly: {type: "tag", values: tags},
                  resultTypes: ["violations"],
                });
            }""",
            {"tags": WCAG_TAGS, "exclude": exclude or []},
        )
        self.scanned.append(page.url)
        violations = result["violations"]
        if violations:
            raise AssertionError(format_violations(page.url, violations))


@pytest.fixture
def core_pages(transactional_db):
    """The CMS pages every site has after ``bootstrap_site`` (home, cookies ...)."""
    from civic.services.site import ensure_core_pages

    ensure_core_pages()


@pytest.fixture
def axe():
    """``axe(page)``: fail with a readable list if the page breaks WCAG 2.2 A/AA."""
    return Axe()
