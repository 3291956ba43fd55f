"""The nightly retention run: every registered rule, with its configured
period; old data goes, new stays, a second run removes nothing, a dry run
removes nothing and says what would go."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

from civic import tasks
from civic.celery import app as celery_app
from civic.models import OrganisationInvitation
from civic.registry import registry
from civic.retention import cutoff, run_retention
from civic.tests.factories import InvitationFactory

PERIODS = {"test_invitations": 30, "test_off": None}


def _purge_invitations(now):
    old = OrganisationInvitation.objects.filter(
        created_at__lt=cutoff(now, "test_invitations")
    )
    deleted, _ = old.delete()
    return deleted


def _never(now):  # pragma: no cover - a rule that is off never runs
    raise AssertionError("a rule whose period is None must not run")


def _broken(now):
    raise ValueError("boom")


@pytest.fixture
def rules(settings):
    """Only the test's rules registered, with the test's periods."""
    saved = dict(registry.retention_rules)
    registry.retention_rules.clear()
    settings.CIVIC_RETENTION_DAYS = dict(PERIODS)
    registry.register_retention(
        "invitations", purge=_purge_invitations, period_setting="test_invitations"
    )
    registry.register_retention("off", purge=_never, period_setting="test_off")
    yield registry
    registry.retention_rules.clear()
    registry.retention_rules.update(saved)


def _invitation(days_old: int):
    invitation = InvitationFactory()
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_old)
    )
    return invitation


@pytest.mark.django_db
def test_old_data_goes_and_new_data_stays(rules):
    old, new = _invitation(31), _invitation(29)

    results = {result.name: result for result in run_retention()}

    assert results["invitations"].removed == 1
    assert results["off"].skipped
    assert not OrganisationInvitation.objects.filter(pk=old.pk).exists()
    assert OrganisationInvitation.objects.filter(pk=new.pk).exists()


@pytest.mark.django_db
def test_a_second_run_removes_nothing(rules):
    _invitation(40)
    run_retention()

    results = {result.name: result for result in run_retention()}

    assert results["invitations"].removed == 0
    assert OrganisationInvitation.objects.count() == 0


@pytest.mark.django_db
def test_the_period_comes_from_settings(rules, settings):
    _invitation(10)
    settings.CIVIC_RETENTION_DAYS = {**PERIODS, "test_invitations": 7}

    run_retention()

    assert OrganisationInvitation.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_counts_and_deletes_nothing(rules):
    _invitation(31)
    out = StringIO()

    call_command("purge_expired_data", "--dry-run", stdout=out)

    assert "invitations: would delete 1" in out.getvalue()
    assert "off: skipped" in out.getvalue()
    assert OrganisationInvitation.objects.count() == 1


@pytest.mark.django_db
def test_command_deletes_and_reports(rules):
    _invitation(31)
    out = StringIO()

    call_command("purge_expired_data", stdout=out)

    assert "invitations: deleted 1" in out.getvalue()
    assert OrganisationInvitation.objects.count() == 0


@pytest.mark.django_db
def test_command_lists_rules_with_their_periods(rules):
    out = StringIO()
    call_command("purge_expired_data", "--list", stdout=out)
    assert "invitations: 30 days [test_invitations]" in out.getvalue()
    assert "off: kept (off) [test_off]" in out.getvalue()


@pytest.mark.django_db
def test_command_refuses_an_unknown_rule(rules):
    with pytest.raises(CommandError, match="nope"):
        call_command("purge_expired_data", "--only", "nope", stdout=StringIO())


@pytest.mark.django_db
def test_a_failing_rule_does_not_stop_the_others_and_fails_the_task(rules):
    registry.register_retention(
        "aaa_broken", purge=_broken, period_setting="test_invitations"
    )
    _invitation(31)

    with pytest.raises(RuntimeError, match="aaa_broken"):
        tasks.purge_expired_data()

    assert OrganisationInvitation.objects.count() == 0


@pytest.mark.django_db
def test_task_returns_counts(rules):
    _invitation(31)
    assert tasks.purge_expired_data() == {"invitations": 1, "off": None}


@pytest.mark.django_db
def test_a_rule_without_a_configured_period_is_a_configuration_error(rules):
    registry.register_retention(
        "unset", purge=_purge_invitations, period_setting="not_configured"
    )
    with pytest.raises(ImproperlyConfigured, match="not_configured"):
        run_retention()


def test_the_task_runs_every_night():
    entry = celery_app.conf.beat_schedule["civic-purge-expired-data"]
    assert entry["task"] == "civic.tasks.purge_expired_data"


def test_every_registered_rule_has_a_period_in_the_real_settings():
    from django.conf import settings

    for rule in registry.retention_rules.values():
        assert rule.period_setting in settings.CIVIC_RETENTION_DAYS, rule.name
        assert rule.description, f"{rule.name} needs a description"


@pytest.mark.django_db
def test_every_registered_rule_runs_cleanly_on_an_empty_database():
    """The real rules, with the real periods: nothing to delete, no errors."""
    results = run_retention()
    assert results, "no retention rules registered"
    assert [r.name for r in results if r.error] == []
    assert all(r.removed in (0, None) for r in results)
