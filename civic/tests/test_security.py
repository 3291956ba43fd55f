"""The security baseline: production settings pass ``check --deploy`` with no
warnings; every response carries a strict CSP and the other security headers;
cookies are Secure and HttpOnly in production; our pages have no inline script
or style for the CSP to block."""

import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings

from civic.tests.factories import DEFAULT_PASSWORD
from tests.fixtures import force_login_with_mfa

ROOT = Path(__file__).resolve().parents[2]
CHILD_ENV_PASSTHROUGH = ("PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL")


def production_env(**extra: str) -> dict[str, str]:
    """The environment a production container has (docker-compose.yml), nothing more."""
    env = {k: os.environ[k] for k in CHILD_ENV_PASSTHROUGH if k in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="civic.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="civic.example.org",
        CSRF_TRUSTED_ORIGINS="https://civic.example.org",
        SITE_URL="https://civic.example.org",
        SECURE_SSL_REDIRECT="1",
        SECURE_COOKIES="1",
    )
    env.update(extra)
    return env


def run_python(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Settings -------------------------------------------------------------------


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env()
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_a_missing_secret_key_with_debug_off_is_refused():
    env = production_env()
    del env["SECRET_KEY"]

    result = run_python(["-c", "import django; django.setup()"], env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_manage_py_with_nothing_configured_uses_development_settings():
    env = {k: os.environ[k] for k in ("PATH", "HOME") if k in os.environ}

    result = run_python(["manage.py", "check"], env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "using local development settings (DEBUG=1)" in result.stderr


def test_manage_py_with_debug_off_still_needs_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]

    result = run_python(
        ["-c", "import runpy; runpy.run_path('manage.py', run_name='__main__')"]
        + ["check"],
        env,
    )

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stdout + result.stderr


def test_debug_on_runs_without_a_secret_key():
    env = production_env(DEBUG="1")
    del env["SECRET_KEY"]

    result = run_python(["-c", "import django; django.setup()"], env)

    assert result.returncode == 0, result.stderr


# --- Headers --------------------------------------------------------------------


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_public_pages_send_a_strict_content_security_policy(client):
    directives = csp_directives(client.get("/talk-london/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    for values in directives.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values


@pytest.mark.django_db
def test_only_the_staff_admin_gets_the_relaxed_policy(client):
    directives = csp_directives(client.get("/admin/login/"))

    assert "'unsafe-inline'" in directives["script-src"]
    # Wagtail's live preview frames the admin itself; nothing else may.
    assert directives["frame-ancestors"] == ["'self'"]


@pytest.mark.django_db
def test_public_pages_send_the_other_security_headers(client):
    response = client.get("/talk-london/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


@pytest.mark.django_db
def test_hsts_is_sent_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_PRELOAD = True

    secure = client.get("/talk-london/", secure=True)
    plain = client.get("/talk-london/")

    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Strict-Transport-Security" not in plain


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/talk-london/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/talk-london/"


@pytest.mark.django_db
def test_https_from_the_tls_proxy_is_trusted(client, settings):
    """Behind the load balancer the request arrives as http with X-Forwarded-Proto."""
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/talk-london/", headers={"X-Forwarded-Proto": "https"})

    assert response.status_code == 200


# --- Cookies --------------------------------------------------------------------


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_httponly_in_production(
    client, resident
):
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        client.get("/accounts/login/", secure=True)
        csrf = client.cookies["civic_csrftoken"]
        response = client.post(
            "/accounts/login/",
            {"login": resident.email, "password": DEFAULT_PASSWORD},
            secure=True,
        )

    assert response.status_code == 302
    session = response.cookies["civic_session"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert csrf["secure"] is True
    assert csrf["httponly"] is True


@pytest.mark.django_db
def test_anonymous_visitors_get_no_cookies_on_a_content_page(client):
    """Only essential cookies: a plain visit sets none at all."""
    response = client.get("/talk-london/")

    assert not response.cookies


# --- No inline script or style ----------------------------------------------------


class InlineCodeFinder(HTMLParser):
    """Inline scripts, inline styles and event-handler attributes: what CSP blocks."""

    DATA_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_inline_script = (
                "src" not in attributes
                and attributes.get("type", "") not in self.DATA_SCRIPT_TYPES
            )
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f'<{tag} style="{value}">')
            if name.startswith("on"):
                self.problems.append(f'<{tag} {name}="{value}">')
            if name in ("href", "src", "action") and (value or "").startswith(
                "javascript:"
            ):
                self.problems.append(f'<{tag} {name}="{value}">')

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:80]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False


def inline_code_in(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_inline_code_finder_finds_inline_code():
    html = (
        '<script src="/static/a.js"></script>'
        '<script type="application/json">{}</script>'
        '<script>alert(1)</script><p style="color: red" onclick="x()">hi</p>'
    )

    assert inline_code_in(html) == [
        "inline <script>: alert(1)",
        '<p style="color: red">',
        '<p onclick="x()">',
    ]


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
SIGNED_IN_PAGES = [
    "/your-account/",
    "/your-account/profile/",
    "/your-account/activity/",
    "/your-account/organisations/",
    "/organisations/new/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
]


@pytest.fixture
def core_pages(db):
    from civic.services.site import ensure_core_pages

    ensure_core_pages()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_inline_script_or_style(client, core_pages, path):
    response = client.get(path)

    assert response.status_code == 200
    assert inline_code_in(response.content.decode()) == []


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_page_has_no_inline_script_or_style(client, resident, path):
    client.force_login(resident)

    response = client.get(path)

    assert response.status_code == 200
    assert inline_code_in(response.content.decode()) == []


def test_pages_with_errors_and_errors_pages_have_no_inline_code(
    client, core_pages, organisation
):
    signup_with_errors = client.post("/accounts/signup/", {"email": "not-an-email"})
    not_found = client.get("/no-such-page-here/")
    organisation_page = client.get(organisation.get_absolute_url())

    assert signup_with_errors.status_code == 200
    assert not_found.status_code == 404
    assert organisation_page.status_code == 200
    for response in (signup_with_errors, not_found, organisation_page):
        assert inline_code_in(response.content.decode()) == []


def test_design_system_page_has_no_inline_code(client, content_editor):
    force_login_with_mfa(client, content_editor)

    response = client.get("/design-system/")

    assert response.status_code == 200
    assert inline_code_in(response.content.decode()) == []


def test_staff_see_public_pages_without_inline_code_too(
    client, core_pages, content_editor
):
    """Staff get Wagtail's user bar on CMS pages; it must live with the strict CSP."""
    force_login_with_mfa(client, content_editor)

    response = client.get("/")

    assert response.status_code == 200
    assert inline_code_in(response.content.decode()) == []
