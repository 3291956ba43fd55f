"""Building a course: slugs, sections, partners, start dates, publishing."""

import datetime

import pytest
from django.utils import timezone

from civic.tests.factories import UserFactory
from diversity.models import Course
from diversity.services.courses import (
    CourseError,
    cohort_add,
    cohort_change_places,
    cohort_remove,
    course_create,
    course_missing,
    course_publish,
    course_update,
    course_withdraw,
    partner_add,
    partner_remove,
)
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    IndustryPartnerFactory,
    borough,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DETAILS = {
    "title": "Data analysis for beginners",
    "summary": "Learn to work with data.",
    "description": "Spreadsheets, SQL and Python.",
    "subject": "data",
    "level": "entry",
    "length_weeks": 12,
    "hours_per_week": 15,
}
ONLINE = {"delivery_mode": "online", "borough": None, "venue": ""}


def _draft(provider=None, **location):
    from diversity.tests.factories import ProviderFactory

    return course_create(
        provider=provider or ProviderFactory(),
        by=UserFactory(),
        details=DETAILS,
        location=location or ONLINE,
    )


def test_a_new_course_is_a_draft_with_a_slug_from_its_title():
    course = _draft()
    assert course.status == Course.Status.DRAFT
    assert course.slug == "data-analysis-for-beginners"


def test_slugs_stay_unique():
    first, second = _draft(), _draft()
    assert second.slug == "data-analysis-for-beginners-2"
    assert first.slug != second.slug


def test_a_course_called_new_does_not_clash_with_the_add_page():
    from diversity.tests.factories import ProviderFactory

    course = course_create(
        provider=ProviderFactory(),
        by=UserFactory(),
        details={**DETAILS, "title": "New"},
        location=ONLINE,
    )
    assert course.slug == "new-course"


def test_online_courses_forget_the_venue():
    course = _draft(delivery_mode="in_person", borough=borough(), venue="Town hall")
    course_update(course=course, section="location", data={**ONLINE, "venue": "x"})
    course.refresh_from_db()
    assert (course.borough, course.venue) == (None, "")


def test_job_roles_are_one_a_line_without_blanks():
    course = _draft()
    course_update(
        course=course, section="jobs", data={"job_roles": " Analyst \n\n Tester "}
    )
    assert course.job_role_list == ["Analyst", "Tester"]


def test_publishing_lists_what_is_missing():
    course = _draft()
    with pytest.raises(CourseError) as caught:
        course_publish(course=course, by=UserFactory())
    assert caught.value.missing == [
        "Add at least one industry partner who approved the course",
        "Enter at least one job the course leads to",
        "Add a start date in the future",
    ]
    course.refresh_from_db()
    assert course.status == Course.Status.DRAFT


def test_a_past_start_date_is_not_enough_to_publish():
    course = CourseFactory(status=Course.Status.DRAFT)
    IndustryPartnerFactory(course=course)
    CohortFactory(
        course=course,
        starts_on=TODAY() - datetime.timedelta(days=1),
        applications_close_on=TODAY() - datetime.timedelta(days=10),
    )
    assert course_missing(course) == ["Add a start date in the future"]


def test_a_complete_course_publishes_and_can_be_withdrawn_and_published_again():
    course = CourseFactory(status=Course.Status.DRAFT, published_at=None)
    IndustryPartnerFactory(course=course)
    CohortFactory(course=course)
    course = course_publish(course=course, by=UserFactory())
    assert course.status == Course.Status.PUBLISHED
    assert course.published_at is not None
    course = course_withdraw(course=course, by=UserFactory())
    assert course.status == Course.Status.WITHDRAWN
    assert course_publish(course=course, by=UserFactory()).status == "published"


def test_only_a_published_course_can_be_withdrawn():
    with pytest.raises(CourseError):
        course_withdraw(course=CourseFactory(status="draft"), by=UserFactory())


def test_partner_approval_cannot_be_in_the_future():
    with pytest.raises(CourseError, match="today or in the past"):
        partner_add(
            course=_draft(),
            name="Acme",
            approved_on=TODAY() + datetime.timedelta(days=1),
        )


def test_the_same_partner_is_added_once():
    course = _draft()
    partner_add(course=course, name="Acme Ltd", approved_on=TODAY())
    with pytest.raises(CourseError, match="already a partner"):
        partner_add(course=course, name="acme  ltd", approved_on=TODAY())


def test_a_published_course_keeps_its_last_partner():
    partner = IndustryPartnerFactory()
    with pytest.raises(CourseError, match="at least one industry partner"):
        partner_remove(partner=partner)
    other = IndustryPartnerFactory(course=partner.course)
    partner_remove(partner=other)


def test_applications_must_close_on_or_before_the_start():
    start = TODAY() + datetime.timedelta(days=30)
    with pytest.raises(CourseError, match="on or before the start date"):
        cohort_add(
            course=_draft(),
            starts_on=start,
            applications_close_on=start + datetime.timedelta(days=1),
            capacity=10,
        )
    cohort = cohort_add(
        course=_draft(), starts_on=start, applications_close_on=start, capacity=10
    )
    assert cohort.capacity == 10


def test_a_start_date_must_be_in_the_future():
    with pytest.raises(CourseError, match="in the future"):
        cohort_add(
            course=_draft(),
            starts_on=TODAY(),
            applications_close_on=TODAY(),
            capacity=10,
        )


@pytest.mark.parametrize("capacity", [0, 501])
def test_places_are_between_1_and_500(capacity):
    start = TODAY() + datetime.timedelta(days=30)
    with pytest.raises(CourseError):
        cohort_add(
            course=_draft(),
            starts_on=start,
            applications_close_on=start,
            capacity=capacity,
        )


def test_places_never_go_below_the_people_accepted():
    cohort = CohortFactory(capacity=20)
    cohort.accepted_count = 5
    cohort.save()
    with pytest.raises(CourseError, match="5 people have been offered a place"):
        cohort_change_places(cohort=cohort, capacity=4)
    assert cohort_change_places(cohort=cohort, capacity=5).capacity == 5


def test_a_start_date_with_accepted_people_cannot_be_removed():
    cohort = CohortFactory()
    CohortFactory(course=cohort.course)
    cohort.accepted_count = 1
    cohort.save()
    with pytest.raises(CourseError, match="offered a place"):
        cohort_remove(cohort=cohort)


def test_a_start_date_with_applications_cannot_be_removed():
    application = ApplicationFactory()
    CohortFactory(course=application.cohort.course)
    with pytest.raises(CourseError, match="applied"):
        cohort_remove(cohort=application.cohort)


def test_a_published_course_keeps_its_last_future_start_date():
    cohort = CohortFactory()
    with pytest.raises(CourseError, match="needs a start date in the future"):
        cohort_remove(cohort=cohort)
    spare = CohortFactory(course=cohort.course)
    cohort_remove(cohort=spare)
    assert cohort.course.cohorts.count() == 1
