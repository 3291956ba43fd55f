import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone
from wagtail.models import ModelLogEntry

from challenges.models import Application, Milestone, Pilot
from challenges.services import pilots as services
from challenges.services.pilots import MilestoneInput
from challenges.tests.factories import (
    MilestoneFactory,
    PilotFactory,
    SubmittedApplicationFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 10)


def _m(payment, days=30):
    return MilestoneInput(
        title=f"Milestone paying {payment}",
        due_on=TODAY + datetime.timedelta(days=days),
        payment_pence=payment,
    )


@pytest.fixture
def winner(submitted_application):
    Application.objects.filter(pk=submitted_application.pk).update(
        status=Application.Status.WINNER
    )
    submitted_application.refresh_from_db()
    return submitted_application


# --- Milestone sums -------------------------------------------------------------


@pytest.mark.parametrize(
    ("award", "payments", "message"),
    [
        (1_500_000, [500_000, 500_000], "add up to £10,000 but the award is £15,000"),
        (1_500_000, [1_000_000, 500_001], "add up to £15,000.01"),
        (1_500_001, [1_500_001], "£15,000 or less"),
        (0, [0], "more than £0"),
        (1_000, [], "at least one milestone"),
        (1_000, [1_000, 0], "more than £0"),
    ],
)
def test_milestones_must_add_up_to_an_award_within_the_fund(award, payments, message):
    with pytest.raises(services.PilotError, match=message):
        services.milestones_check(
            award_pence=award,
            fund_pence=1_500_000,
            milestones=[_m(p) for p in payments],
        )


def test_milestones_that_add_up_exactly_pass():
    services.milestones_check(
        award_pence=1_500_000,
        fund_pence=1_500_000,
        milestones=[_m(500_000), _m(500_000), _m(500_000)],
    )


def test_a_manager_starts_a_pilot_for_a_winner(
    winner,
    challenge_manager,
    startup_member,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        pilot = services.pilot_start(
            application=winner,
            started_by=challenge_manager,
            award_pence=1_200_000,
            started_on=TODAY,
            milestones=[_m(200_000, 10), _m(1_000_000, 60)],
        )
    assert pilot.milestones.count() == 2
    assert [m.to for m in mailoutbox] == [[startup_member.email]]
    assert "£12,000" in mailoutbox[0].body
    assert ModelLogEntry.objects.filter(action=services.START).exists()


def test_only_a_winner_starts_one_pilot(
    submitted_application, winner, challenge_manager
):
    services.pilot_start(
        application=winner,
        started_by=challenge_manager,
        award_pence=1_000,
        started_on=TODAY,
        milestones=[_m(1_000)],
    )
    with pytest.raises(services.PilotError, match="already started"):
        services.pilot_start(
            application=winner,
            started_by=challenge_manager,
            award_pence=1_000,
            started_on=TODAY,
            milestones=[_m(1_000)],
        )
    loser = SubmittedApplicationFactory()
    with pytest.raises(services.PilotError, match="Only a winner"):
        services.pilot_start(
            application=loser,
            started_by=challenge_manager,
            award_pence=1_000,
            started_on=TODAY,
            milestones=[_m(1_000)],
        )


def test_a_failed_start_leaves_nothing_behind(winner, challenge_manager):
    with pytest.raises(services.PilotError):
        services.pilot_start(
            application=winner,
            started_by=challenge_manager,
            award_pence=1_000,
            started_on=TODAY,
            milestones=[_m(999)],
        )
    assert not Pilot.objects.exists()
    assert not Milestone.objects.exists()


# --- Milestones, reports, mentoring, completion ----------------------------------


def test_ready_then_approved_emails_managers_then_the_startup(
    challenge_manager,
    startup_member,
    startup,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    milestone = MilestoneFactory(pilot=PilotFactory(application__organisation=startup))
    with pytest.raises(services.PilotError):
        services.milestone_approve(milestone=milestone, approved_by=challenge_manager)
    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_mark_ready(milestone=milestone, by=startup_member)
    assert [m.to for m in mailoutbox] == [[challenge_manager.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_approve(milestone=milestone, approved_by=challenge_manager)
    milestone.refresh_from_db()
    assert milestone.status == Milestone.Status.APPROVED
    assert milestone.approved_by == challenge_manager
    assert mailoutbox[1].to == [startup_member.email]
    entry = ModelLogEntry.objects.get(action=services.APPROVE_MILESTONE)
    assert milestone.title in entry.data["note"]


def test_reports_against_another_pilots_milestone_are_refused(startup_member):
    pilot = PilotFactory()
    other = MilestoneFactory()
    with pytest.raises(services.PilotError):
        services.progress_report_post(
            pilot=pilot, author=startup_member, body="Hi", milestone=other
        )


def test_a_completed_pilot_takes_no_more_reports(startup_member, challenge_manager):
    pilot = PilotFactory(final_report="Done")
    MilestoneFactory(pilot=pilot, status=Milestone.Status.APPROVED)
    services.pilot_complete(
        pilot=pilot, completed_by=challenge_manager, outcome_summary="Worked"
    )
    with pytest.raises(services.PilotError, match="complete"):
        services.progress_report_post(pilot=pilot, author=startup_member, body="x")
    with pytest.raises(services.PilotError):
        services.mentoring_session_log(
            pilot=pilot,
            logged_by=startup_member,
            held_on=TODAY,
            mentor_name="M",
            topics="T",
        )


def test_completing_needs_every_milestone_approved(challenge_manager):
    pilot = PilotFactory(final_report="Done")
    MilestoneFactory(pilot=pilot)
    with pytest.raises(services.PilotError, match="Approve every milestone"):
        services.pilot_complete(
            pilot=pilot, completed_by=challenge_manager, outcome_summary="Worked"
        )


# --- Overdue reminders ----------------------------------------------------------


@pytest.fixture
def overdue(startup, startup_member, challenge_manager):
    pilot = PilotFactory(application__organisation=startup)
    late = MilestoneFactory(pilot=pilot, due_on=TODAY - datetime.timedelta(days=3))
    # Not overdue: due today, approved, in the future, or in a completed pilot.
    MilestoneFactory(pilot=pilot, due_on=TODAY)
    MilestoneFactory(
        pilot=pilot,
        due_on=TODAY - datetime.timedelta(days=3),
        status=Milestone.Status.APPROVED,
    )
    MilestoneFactory(pilot=pilot, due_on=TODAY + datetime.timedelta(days=3))
    MilestoneFactory(
        pilot=PilotFactory(status=Pilot.Status.COMPLETED),
        due_on=TODAY - datetime.timedelta(days=3),
    )
    return late


def test_overdue_reminders_go_once_a_day(
    overdue,
    startup_member,
    challenge_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_reminders_send(today=TODAY) == 1
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [startup_member.email, challenge_manager.email]
    )
    assert overdue.title in mailoutbox[0].subject
    overdue.refresh_from_db()
    assert overdue.reminded_on == TODAY
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_reminders_send(today=TODAY) == 0
    assert len(mailoutbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.overdue_reminders_send(today=TODAY + datetime.timedelta(days=1))
            == 2  # the late one again, and the one due on TODAY
        )
    assert len(mailoutbox) == 6


def test_the_beat_task_runs_the_service(overdue, mailoutbox, monkeypatch):
    from challenges import tasks

    monkeypatch.setattr(
        timezone, "localdate", lambda *args, **kwargs: TODAY, raising=True
    )
    assert tasks.send_overdue_milestone_reminders.delay().get() == 1


def test_the_task_is_in_the_beat_schedule():
    from civic.celery import app

    entry = app.conf.beat_schedule["challenges-overdue-milestones"]
    assert entry["task"] == "challenges.tasks.send_overdue_milestone_reminders"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so the race cannot happen",
)
def test_two_workers_at_once_send_one_reminder_per_milestone(mailoutbox):
    from civic.tests.factories import MembershipFactory, UserFactory

    pilot = PilotFactory()
    MembershipFactory(organisation=pilot.application.organisation, user=UserFactory())
    for days in (1, 2, 3):
        MilestoneFactory(pilot=pilot, due_on=TODAY - datetime.timedelta(days=days))
    barrier = threading.Barrier(2)
    counts = []

    def run():
        try:
            barrier.wait()
            counts.append(services.overdue_reminders_send(today=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(counts) == 3
    # One email to the startup per milestone (no managers exist here).
    assert len(mailoutbox) == 3
    assert set(Milestone.objects.values_list("reminded_on", flat=True)) == {TODAY}
