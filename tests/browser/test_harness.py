"""The harness itself can fail: axe reports violations, the console watch
catches CSP violations and JavaScript errors. Otherwise a green run would
prove nothing."""

import pytest

pytestmark = pytest.mark.browser


def test_axe_reports_a_violation_with_its_rule_and_target(page, axe):
    page.goto("/talk-london/")
    page.evaluate(
        """() => {
            const img = document.createElement("img");
            img.src = "/static/images/favicon.svg";
            img.id = "no-alt-text";
            document.querySelector("main").append(img);
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        axe(page)
    assert "image-alt" in str(failure.value)
    assert "#no-alt-text" in str(failure.value)


def test_inline_script_is_blocked_by_csp_and_reported(page, console_watch):
    page.goto("/talk-london/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.inlineRan") is None
    problems = console_watch.unexpected()
    assert any("CSP violation" in p and "script-src" in p for p in problems), problems
    console_watch.problems.clear()


def test_javascript_error_is_reported(page, console_watch):
    page.goto("/talk-london/")
    page.evaluate("() => setTimeout(() => { throw new Error('boom from a test'); }, 0)")
    page.wait_for_timeout(200)
    assert any("boom from a test" in p for p in console_watch.unexpected())
    console_watch.problems.clear()
