"""Decisions on applications: accept within capacity, waiting list, decline,
release a place; completion after the start, outcomes after their date."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from civic.tests.factories import UserFactory
from diversity.models import Application, Cohort, Outcome
from diversity.services.decisions import (
    DecisionError,
    add_months,
    application_accept,
    application_decline,
    application_release_place,
    application_waitlist,
    completion_record,
    outcome_due_on,
    outcome_record,
)
from diversity.tests.factories import ApplicationFactory, CohortFactory

pytestmark = pytest.mark.django_db

S = Application.Status


def _refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def _started_cohort(weeks_ago=30, length_weeks=4):
    start = timezone.localdate() - datetime.timedelta(weeks=weeks_ago)
    cohort = CohortFactory(
        starts_on=start, applications_close_on=start - datetime.timedelta(days=7)
    )
    cohort.course.length_weeks = length_weeks
    cohort.course.save()
    return cohort


def _accepted(cohort=None):
    application = ApplicationFactory(**({"cohort": cohort} if cohort else {}))
    return application_accept(application=application, by=UserFactory())


def test_accepting_takes_a_place_and_emails_the_applicant(
    django_capture_on_commit_callbacks,
):
    application = ApplicationFactory()
    decider = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application_accept(application=application, by=decider)
    _refresh(application, application.cohort)
    assert application.status == S.ACCEPTED
    assert application.decided_by == decider
    assert application.cohort.accepted_count == 1
    assert mail.outbox[-1].to == [application.applicant.email]
    assert "offered a place" in mail.outbox[-1].subject


def test_accepting_twice_takes_one_place():
    application = ApplicationFactory()
    application_accept(application=application, by=UserFactory())
    application_accept(application=application, by=UserFactory())
    application.cohort.refresh_from_db()
    assert application.cohort.accepted_count == 1


def test_a_full_cohort_refuses_with_the_number_of_places():
    cohort = CohortFactory(capacity=20)
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=20)
    application = ApplicationFactory(cohort=cohort)
    with pytest.raises(DecisionError) as caught:
        application_accept(application=application, by=UserFactory())
    assert caught.value.message == (
        "All 20 places are taken. Put the applicant on the waiting list or free "
        "a place first"
    )
    _refresh(application, cohort)
    assert application.status == S.SUBMITTED
    assert cohort.accepted_count == 20


def test_waitlisted_people_can_be_accepted_when_a_place_frees():
    cohort = CohortFactory(capacity=1)
    first = _accepted(cohort)
    second = application_waitlist(
        application=ApplicationFactory(cohort=cohort), by=UserFactory()
    )
    assert second.status == S.WAITLISTED
    with pytest.raises(DecisionError):
        application_accept(application=second, by=UserFactory())
    application_release_place(application=first, by=UserFactory())
    application_accept(application=second, by=UserFactory())
    _refresh(first, second, cohort)
    assert (first.status, second.status) == (S.WITHDRAWN, S.ACCEPTED)
    assert cohort.accepted_count == 1


def test_moving_an_accepted_person_to_the_waiting_list_frees_their_place():
    application = _accepted()
    application_waitlist(application=application, by=UserFactory())
    _refresh(application, application.cohort)
    assert application.status == S.WAITLISTED
    assert application.cohort.accepted_count == 0


def test_declining_needs_a_reason_and_sends_it(django_capture_on_commit_callbacks):
    application = ApplicationFactory()
    with pytest.raises(DecisionError):
        application_decline(application=application, by=UserFactory(), reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        application_decline(
            application=application, by=UserFactory(), reason="Course is full"
        )
    application.refresh_from_db()
    assert application.status == S.NOT_ACCEPTED
    assert "Course is full" in mail.outbox[-1].body


def test_an_accepted_person_is_released_before_being_declined():
    application = _accepted()
    with pytest.raises(DecisionError, match="Release the place"):
        application_decline(application=application, by=UserFactory(), reason="x")


def test_withdrawn_applications_cannot_be_decided():
    application = ApplicationFactory(status=S.WITHDRAWN)
    for decide in (application_accept, application_waitlist):
        with pytest.raises(DecisionError, match="withdrawn"):
            decide(application=application, by=UserFactory())


def test_only_an_accepted_person_has_a_place_to_release():
    with pytest.raises(DecisionError):
        application_release_place(application=ApplicationFactory(), by=UserFactory())


def test_completion_only_after_the_course_starts():
    application = _accepted()  # starts in 60 days
    with pytest.raises(DecisionError, match="once the course has started"):
        completion_record(
            application=application, by=UserFactory(), completion="completed"
        )


def test_completion_is_recorded_and_can_be_changed():
    application = _accepted(_started_cohort())
    completion_record(application=application, by=UserFactory(), completion="completed")
    completion_record(
        application=application, by=UserFactory(), completion="left_early"
    )
    application.refresh_from_db()
    assert application.completion == "left_early"
    assert application.completion_recorded_at is not None


def test_completion_only_for_people_offered_a_place():
    application = ApplicationFactory(cohort=_started_cohort())
    with pytest.raises(DecisionError):
        completion_record(
            application=application, by=UserFactory(), completion="completed"
        )


def test_a_place_with_completion_recorded_is_not_released():
    application = _accepted(_started_cohort())
    completion_record(application=application, by=UserFactory(), completion="completed")
    with pytest.raises(DecisionError):
        application_release_place(application=application, by=UserFactory())


def test_months_are_added_on_the_calendar():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2026, 6, 15), 6) == datetime.date(2026, 12, 15)


def test_outcomes_are_due_3_and_6_months_after_the_end():
    cohort = CohortFactory(starts_on=datetime.date(2027, 1, 4))
    cohort.course.length_weeks = 10  # ends 15 March 2027
    assert outcome_due_on(cohort, 3) == datetime.date(2027, 6, 15)
    assert outcome_due_on(cohort, 6) == datetime.date(2027, 9, 15)


def test_an_outcome_is_refused_before_its_date():
    # Started 10 weeks ago, 4 weeks long: ended 6 weeks ago, 3 months not yet.
    application = _accepted(_started_cohort(weeks_ago=10))
    with pytest.raises(DecisionError, match="You can record this outcome from"):
        outcome_record(
            application=application,
            by=UserFactory(),
            months_after=3,
            kind="job",
            in_tech_role=True,
        )
    assert not Outcome.objects.exists()


def test_an_outcome_is_recorded_once_due_and_can_be_corrected():
    # Ended 16 weeks ago: past 3 months, not yet 6.
    application = _accepted(_started_cohort(weeks_ago=20))
    outcome_record(
        application=application,
        by=UserFactory(),
        months_after=3,
        kind="job",
        in_tech_role=True,
    )
    outcome_record(
        application=application,
        by=UserFactory(),
        months_after=3,
        kind="further_study",
        in_tech_role=True,
    )
    outcome = Outcome.objects.get()
    assert (outcome.kind, outcome.in_tech_role) == ("further_study", False)
    with pytest.raises(DecisionError):  # 6 months: not yet
        outcome_record(
            application=application,
            by=UserFactory(),
            months_after=6,
            kind="job",
            in_tech_role=False,
        )
