import datetime
from functools import partial

import pytest
from django.core import mail
from django.utils import timezone

from civic.tests.factories import UserFactory
from diversity.models import Application, Cohort, Course, EqualityMonitoring
from diversity.services.applications import (
    ALREADY_APPLIED,
    CANNOT_WITHDRAW,
    CLOSED,
    NOT_ELIGIBLE,
    ApplicationError,
    application_submit,
    application_withdraw,
)
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    borough,
    years_before,
)

pytestmark = pytest.mark.django_db

MONITORING = {
    "sex": "female",
    "gender_same_as_sex": "yes",
    "ethnic_group": "black",
    "disability": "no",
    "care_leaver": "prefer_not_to_say",
    "free_school_meals": "yes",
}


def answers(cohort, **overrides):
    data = {
        "full_name": "Ada Young",
        "date_of_birth": years_before(cohort.starts_on, 18),
        "postcode": "E8 1DY",
        "borough": borough(),
        "connection": "lives",
        "why": "I like making things.",
    }
    data.update(overrides)
    return data


def test_submit_makes_one_application_and_emails_the_applicant(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory()
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        application = application_submit(
            cohort=cohort, applicant=person, answers=answers(cohort), monitoring=None
        )
    assert application.status == Application.Status.SUBMITTED
    assert not EqualityMonitoring.objects.exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [person.email]
    assert cohort.course.title in mail.outbox[0].subject


def test_monitoring_is_stored_separately_with_consent():
    cohort = CohortFactory()
    application = application_submit(
        cohort=cohort,
        applicant=UserFactory(),
        answers=answers(cohort),
        monitoring=MONITORING,
    )
    row = EqualityMonitoring.objects.get()
    assert row.application == application
    assert row.sex == "female"
    assert row.ethnic_group == "black"
    assert row.consent_given_at is not None
    # None of it is on the application itself.
    assert not hasattr(Application, "sex")


def test_no_consent_stores_no_monitoring():
    cohort = CohortFactory()
    application_submit(
        cohort=cohort, applicant=UserFactory(), answers=answers(cohort), monitoring=None
    )
    assert EqualityMonitoring.objects.count() == 0


def test_a_second_application_to_the_same_cohort_is_refused():
    cohort = CohortFactory()
    person = UserFactory()
    first = application_submit(
        cohort=cohort, applicant=person, answers=answers(cohort), monitoring=None
    )
    with pytest.raises(ApplicationError) as error:
        application_submit(
            cohort=cohort, applicant=person, answers=answers(cohort), monitoring=None
        )
    assert error.value.code == ALREADY_APPLIED
    assert error.value.application == first
    assert Application.objects.count() == 1


def test_another_cohort_of_the_same_course_is_fine():
    cohort = CohortFactory()
    other = CohortFactory(
        course=cohort.course, starts_on=cohort.starts_on + datetime.timedelta(days=90)
    )
    person = UserFactory()
    for each in (cohort, other):
        application_submit(
            cohort=each, applicant=person, answers=answers(each), monitoring=None
        )
    assert Application.objects.count() == 2


def test_closed_applications_are_refused():
    today = timezone.localdate()
    cohort = CohortFactory(
        starts_on=today + datetime.timedelta(days=5),
        applications_close_on=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ApplicationError) as error:
        application_submit(
            cohort=cohort,
            applicant=UserFactory(),
            answers=answers(cohort),
            monitoring=None,
        )
    assert error.value.code == CLOSED


def test_unpublished_course_is_refused():
    cohort = CohortFactory(course__status=Course.Status.WITHDRAWN)
    with pytest.raises(ApplicationError) as error:
        application_submit(
            cohort=cohort,
            applicant=UserFactory(),
            answers=answers(cohort),
            monitoring=None,
        )
    assert error.value.code == CLOSED


def test_a_full_cohort_still_takes_applications_for_its_waiting_list():
    cohort = CohortFactory(capacity=1)
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=1)
    cohort.refresh_from_db()
    application_submit(
        cohort=cohort, applicant=UserFactory(), answers=answers(cohort), monitoring=None
    )
    assert Application.objects.count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"date_of_birth": datetime.date(1990, 1, 1)},
        {"borough": None, "connection": "neither"},
    ],
)
def test_ineligible_answers_are_refused_even_if_pages_were_skipped(overrides):
    cohort = CohortFactory()
    with pytest.raises(ApplicationError) as error:
        application_submit(
            cohort=cohort,
            applicant=UserFactory(),
            answers=answers(cohort, **overrides),
            monitoring=None,
        )
    assert error.value.code == NOT_ELIGIBLE
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("years", "later", "eligible"),
    [
        pytest.param(16, 1, False, id="day-before-16th-birthday"),
        pytest.param(16, 0, True, id="16th-birthday"),
        pytest.param(25, 1, True, id="day-before-25th-birthday"),
        pytest.param(25, 0, False, id="25th-birthday"),
    ],
)
def test_age_edges_are_checked_again_when_the_application_is_sent(
    years, later, eligible
):
    start = timezone.localdate() + datetime.timedelta(days=60)
    if (start.month, start.day) == (2, 29):
        start += datetime.timedelta(days=1)
    cohort = CohortFactory(starts_on=start)
    born = years_before(start, years) + datetime.timedelta(days=later)
    submit = partial(
        application_submit,
        cohort=cohort,
        applicant=UserFactory(),
        answers=answers(cohort, date_of_birth=born),
        monitoring=None,
    )
    if eligible:
        assert submit().date_of_birth == born
        return
    with pytest.raises(ApplicationError) as error:
        submit()
    assert error.value.code == NOT_ELIGIBLE
    assert not Application.objects.exists()


def test_withdraw_an_accepted_place_frees_it(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=2)
    application = ApplicationFactory(cohort=cohort, status=Application.Status.ACCEPTED)
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=2)
    with django_capture_on_commit_callbacks(execute=True):
        application_withdraw(application=application, applicant=application.applicant)
    application.refresh_from_db()
    cohort.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert cohort.accepted_count == 1
    assert len(mail.outbox) == 1


def test_withdraw_a_waiting_application_leaves_places_alone():
    cohort = CohortFactory(capacity=2)
    application = ApplicationFactory(
        cohort=cohort, status=Application.Status.WAITLISTED
    )
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=2)
    application_withdraw(application=application, applicant=application.applicant)
    cohort.refresh_from_db()
    assert cohort.accepted_count == 2


def test_withdraw_twice_is_refused_and_frees_one_place_only():
    cohort = CohortFactory(capacity=2)
    application = ApplicationFactory(cohort=cohort, status=Application.Status.ACCEPTED)
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=1)
    application_withdraw(application=application, applicant=application.applicant)
    with pytest.raises(ApplicationError) as error:
        application_withdraw(application=application, applicant=application.applicant)
    assert error.value.code == CANNOT_WITHDRAW
    cohort.refresh_from_db()
    assert cohort.accepted_count == 0


def test_only_the_applicant_can_withdraw():
    application = ApplicationFactory()
    with pytest.raises(ApplicationError):
        application_withdraw(application=application, applicant=UserFactory())
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_completed_course_cannot_be_withdrawn():
    application = ApplicationFactory(
        status=Application.Status.ACCEPTED, completion="completed"
    )
    Cohort.objects.filter(pk=application.cohort_id).update(accepted_count=1)
    with pytest.raises(ApplicationError):
        application_withdraw(application=application, applicant=application.applicant)
