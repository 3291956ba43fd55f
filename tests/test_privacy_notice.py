"""The privacy notice says what the code does: every app's personal data and
every retention period come from the registry and settings."""

import pytest
from django.utils.html import escape

from civic.privacy_notice import period_text
from civic.registry import registry
from civic.services.site import ensure_core_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(client):
    ensure_core_pages()
    response = client.get("/privacy/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_part_of_the_portal_that_holds_personal_data_is_in_the_notice(
    notice,
):
    assert registry.personal_data, "no app has registered its personal data"
    for section in registry.personal_data.values():
        assert escape(str(section.section)) in notice
        assert section.description, f"{section.section} has no description"
        assert escape(str(section.description)) in notice


def test_every_retention_period_is_in_the_notice_as_configured(notice, settings):
    assert registry.retention_rules
    for rule in registry.retention_rules.values():
        days = settings.CIVIC_RETENTION_DAYS[rule.period_setting]
        assert rule.description, f"{rule.name} has no description"
        assert escape(str(rule.description)) in notice
        assert period_text(days) in notice


def test_a_changed_period_changes_the_notice(client, settings):
    ensure_core_pages()
    settings.CIVIC_RETENTION_DAYS = {
        **settings.CIVIC_RETENTION_DAYS,
        "access_log": 3 * 365,
    }
    assert "3 years" in client.get("/privacy/").content.decode()


def test_the_notice_tells_people_they_can_download_and_delete(notice):
    assert "download a copy of everything" in notice
    assert 'href="/your-account/"' in notice


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (730, "2 years"),
        (365, "1 year"),
        (90, "3 months"),
        (45, "45 days"),
        (1, "1 day"),
    ],
)
def test_periods_read_naturally(days, text):
    assert period_text(days) == text
