"""The finder, the course page, the application pages and "Your applications":
status, who may see what, and queries that do not grow with the data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import MembershipFactory
from diversity.models import Application, Cohort, Course, EqualityMonitoring
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    IndustryPartnerFactory,
    ProviderFactory,
    borough,
    years_before,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


# --- Landing --------------------------------------------------------------------


def test_landing_cites_the_figures_and_links_both_parts(client):
    page = html(client.get(reverse("diversity:index")))
    assert "19%" in page and "49%" in page and "Tech Nation report, 2018" in page
    assert reverse("diversity:course_list") in page
    assert reverse("diversity:charter_home") in page


# --- Course finder --------------------------------------------------------------


def test_finder_lists_published_courses_with_open_cohorts_only(client):
    today = timezone.localdate()
    shown = CohortFactory(course__title="Data analyst starter").course
    CohortFactory(course__title="Draft course", course__status=Course.Status.DRAFT)
    CohortFactory(
        course__title="Closed course",
        starts_on=today + datetime.timedelta(days=3),
        applications_close_on=today - datetime.timedelta(days=1),
    )
    CourseFactory(title="No cohorts at all")
    page = html(client.get(reverse("diversity:course_list")))
    assert shown.title in page
    assert "Draft course" not in page
    assert "Closed course" not in page
    assert "No cohorts at all" not in page
    assert "1 course" in page


def test_finder_filters_by_borough_subject_mode_and_start(client):
    today = timezone.localdate()
    CohortFactory(course__title="Hackney software", course__subject="software")
    CohortFactory(
        course__title="Camden data",
        course__subject="data",
        course__borough=borough("Camden"),
    )
    CohortFactory(
        course__title="Online design",
        course__subject="design",
        course__delivery_mode="online",
        course__borough=None,
        starts_on=today + datetime.timedelta(days=200),
    )
    url = reverse("diversity:course_list")

    page = html(client.get(url, {"borough": "camden"}))
    assert "Camden data" in page and "Hackney software" not in page

    page = html(client.get(url, {"subject": ["software", "design"]}))
    assert "Hackney software" in page and "Online design" in page
    assert "Camden data" not in page

    page = html(client.get(url, {"mode": "online"}))
    assert "Online design" in page and "Hackney software" not in page

    later = today + datetime.timedelta(days=100)
    page = html(
        client.get(
            url,
            {
                "starts_from_0": later.day,
                "starts_from_1": later.month,
                "starts_from_2": later.year,
            },
        )
    )
    assert "Online design" in page and "Hackney software" not in page


def test_finder_pages_keep_the_filters(client):
    from diversity.views.public import PAGE_SIZE

    camden = borough("Camden")
    for n in range(PAGE_SIZE + 2):
        CohortFactory(
            course__title=f"Camden data {n:02}",
            course__subject="data",
            course__borough=camden,
        )
    CohortFactory(course__title="Camden software", course__borough=camden)
    CohortFactory(course__title="Hackney data", course__subject="data")
    url = reverse("diversity:course_list")
    first = html(client.get(url, {"borough": "camden", "subject": "data"}))
    assert f"{PAGE_SIZE + 2} courses" in first
    assert first.count("Camden data ") == PAGE_SIZE
    # The link to page 2 carries the filters (a plain link: no JavaScript).
    assert "?borough=camden&amp;subject=data&amp;page=2" in first
    second = html(client.get(url, {"borough": "camden", "subject": "data", "page": 2}))
    assert second.count("Camden data ") == 2
    assert "Camden software" not in second and "Hackney data" not in second
    # The filters stay filled in on page 2.
    assert 'value="camden" selected' in second
    assert 'value="data" checked' in second


def test_finder_bad_filters_are_errors_not_500s(client):
    response = client.get(
        reverse("diversity:course_list"),
        {
            "borough": "atlantis",
            "subject": "basket-weaving",
            "starts_from_0": "31",
            "starts_from_1": "2",
            "starts_from_2": "2027",
            "page": "x",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in html(response)


@pytest.mark.parametrize("courses", [2, 12])
def test_finder_query_count_does_not_grow(
    client, django_assert_max_num_queries, courses
):
    for _ in range(courses):
        CohortFactory()
    with django_assert_max_num_queries(6):
        response = client.get(
            reverse("diversity:course_list"),
            {"borough": "hackney", "mode": "in_person"},
        )
    assert response.status_code == 200


# --- Course page ----------------------------------------------------------------


def test_course_page_shows_everything_a_young_person_needs(client):
    today = timezone.localdate()
    cohort = CohortFactory(capacity=12)
    course = cohort.course
    IndustryPartnerFactory(course=course, name="Monzo Bank")
    full = CohortFactory(
        course=course, capacity=1, starts_on=today + datetime.timedelta(days=90)
    )
    Cohort.objects.filter(pk=full.pk).update(accepted_count=1)
    CohortFactory(
        course=course,
        starts_on=today + datetime.timedelta(days=5),
        applications_close_on=today - datetime.timedelta(days=1),
    )
    page = html(client.get(course.get_absolute_url()))
    assert course.provider.name in page
    assert "Monzo Bank" in page
    assert "Junior software developer" in page
    assert "aged 16 to 24" in page
    assert "12 of 12 left" in page
    assert "Join the waiting list" in page
    assert "Closed" in page
    assert reverse("diversity:apply_start", args=[course.slug, cohort.pk]) in page


def test_unpublished_course_page_is_not_found(client):
    course = CourseFactory(status=Course.Status.DRAFT)
    assert client.get(course.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("cohorts", [1, 6])
def test_course_page_query_count(client, django_assert_max_num_queries, cohorts):
    course = CourseFactory()
    for i in range(cohorts):
        CohortFactory(
            course=course,
            starts_on=timezone.localdate() + datetime.timedelta(days=30 + i),
        )
        IndustryPartnerFactory(course=course)
    with django_assert_max_num_queries(5):
        assert client.get(course.get_absolute_url()).status_code == 200


# --- Applying -------------------------------------------------------------------


def step(cohort, key):
    return reverse("diversity:apply_step", args=[cohort.course.slug, cohort.pk, key])


def check_url(cohort):
    return reverse("diversity:apply_check", args=[cohort.course.slug, cohort.pk])


def dob_data(born):
    return {
        "date_of_birth_0": born.day,
        "date_of_birth_1": born.month,
        "date_of_birth_2": born.year,
    }


def answer_details(client, cohort, age=19):
    born = years_before(cohort.starts_on, age)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    client.post(step(cohort, "date-of-birth"), dob_data(born))
    client.post(
        step(cohort, "where"),
        {"connection": "lives", "postcode": "e81dy", "borough": "hackney"},
    )
    return client.post(step(cohort, "why"), {"why": "I love puzzles."})


def test_anonymous_is_sent_to_sign_in(client):
    cohort = CohortFactory()
    response = client.get(
        reverse("diversity:apply_start", args=[cohort.course.slug, cohort.pk])
    )
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_unverified_is_asked_to_verify(client, unverified_resident):
    cohort = CohortFactory()
    client.force_login(unverified_resident)
    response = client.get(step(cohort, "name"))
    assert response.status_code == 302
    assert response["Location"] == reverse("civic:verify_email_needed")


def test_start_page(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    response = client.get(
        reverse("diversity:apply_start", args=[cohort.course.slug, cohort.pk])
    )
    assert response.status_code == 200
    assert step(cohort, "name") in html(response)


def test_wrong_course_slug_for_cohort_is_not_found(client, resident):
    cohort = CohortFactory()
    other = CourseFactory()
    client.force_login(resident)
    url = reverse("diversity:apply_start", args=[other.slug, cohort.pk])
    assert client.get(url).status_code == 404
    assert client.get(step(cohort, "no-such-step")).status_code == 404


def test_closed_cohort_says_so(client, resident):
    today = timezone.localdate()
    cohort = CohortFactory(
        starts_on=today + datetime.timedelta(days=3),
        applications_close_on=today - datetime.timedelta(days=1),
    )
    client.force_login(resident)
    response = client.get(step(cohort, "name"))
    assert response.status_code == 403
    assert "Applications for this start date have closed" in html(response)


def test_pages_cannot_be_skipped(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    response = client.get(step(cohort, "why"))
    assert response["Location"] == step(cohort, "name")
    assert client.get(check_url(cohort))["Location"] == step(cohort, "name")


def test_missing_date_of_birth_is_an_error_in_govuk_voice(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    response = client.post(step(cohort, "date-of-birth"), {})
    assert response.status_code == 200
    page = html(response)
    assert "Enter your date of birth" in page
    assert "<title>Error:" in page
    assert 'href="#id_date_of_birth"' in page


def test_invalid_date_of_birth_is_an_error(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    response = client.post(
        step(cohort, "date-of-birth"),
        {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "2007"},
    )
    assert "Enter a real date" in html(response)


def test_too_old_is_told_they_cannot_apply_and_where_else_to_go(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    born = years_before(cohort.starts_on, 25)
    response = client.post(step(cohort, "date-of-birth"), dob_data(born))
    not_eligible = reverse(
        "diversity:apply_not_eligible", args=[cohort.course.slug, cohort.pk]
    )
    assert response["Location"] == not_eligible
    page = html(client.get(not_eligible))
    assert "You cannot apply for this course" in page
    assert "24 or younger" in page
    assert "National Careers Service" in page
    assert "Skills Academies" in page


def _start_not_on_a_leap_day() -> datetime.date:
    """A start date whose 16th and 25th anniversaries exist (any 60 days from
    now, except 29 February)."""
    start = timezone.localdate() + datetime.timedelta(days=60)
    if (start.month, start.day) == (2, 29):
        start += datetime.timedelta(days=1)
    return start


BIRTHDAY_CASES = [
    # (years, days after that birthday, eligible, what the page says)
    pytest.param(16, 1, False, "at least 16 years old", id="day-before-16th"),
    pytest.param(16, 0, True, None, id="16th-birthday"),
    pytest.param(25, 1, True, None, id="day-before-25th"),
    pytest.param(25, 0, False, "24 or younger", id="25th-birthday"),
]


@pytest.mark.parametrize(("years", "later", "eligible", "message"), BIRTHDAY_CASES)
def test_age_on_the_start_date_edges_on_the_pages(
    client, resident, years, later, eligible, message
):
    """Born ``later`` days after the date ``years`` before the start: the day
    before the 16th birthday is too young, the 25th birthday too old."""
    cohort = CohortFactory(starts_on=_start_not_on_a_leap_day())
    born = years_before(cohort.starts_on, years) + datetime.timedelta(days=later)
    client.force_login(resident)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    response = client.post(step(cohort, "date-of-birth"), dob_data(born))
    not_eligible = reverse(
        "diversity:apply_not_eligible", args=[cohort.course.slug, cohort.pk]
    )
    if eligible:
        assert response["Location"] == step(cohort, "where")
        assert client.get(not_eligible)["Location"] != not_eligible
        return
    assert response["Location"] == not_eligible
    page = html(client.get(not_eligible))
    assert "You cannot apply for this course" in page
    assert message in page
    # Nor can the later pages be reached by typing their address.
    assert client.get(step(cohort, "why"))["Location"] in (
        not_eligible,
        step(cohort, "where"),
    )


def test_not_in_london_cannot_apply(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    born = years_before(cohort.starts_on, 20)
    client.post(step(cohort, "date-of-birth"), dob_data(born))
    response = client.post(
        step(cohort, "where"),
        {"connection": "neither", "postcode": "M1 1AA", "borough": ""},
    )
    assert "cannot-apply" in response["Location"]
    assert "You need to live or study in London" in html(
        client.get(response["Location"])
    )


def test_where_page_errors(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    client.post(step(cohort, "name"), {"full_name": "Ada Young"})
    born = years_before(cohort.starts_on, 20)
    client.post(step(cohort, "date-of-birth"), dob_data(born))
    page = html(client.post(step(cohort, "where"), {"postcode": "nope"}))
    assert "Select whether you live or study in London" in page
    assert "Enter a full UK postcode" in page


def test_why_over_2000_characters_is_refused_with_a_count(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    answer_details(client, cohort)
    page = html(client.get(step(cohort, "why")))
    assert "You can enter up to 2000 characters" in page
    page = html(client.post(step(cohort, "why"), {"why": "x" * 2001}))
    assert "2,000 characters or fewer" in page


def test_full_application_with_equality_answers(
    client, resident, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    client.force_login(resident)
    response = answer_details(client, cohort)
    assert response["Location"] == step(cohort, "equality")
    intro = html(client.get(step(cohort, "equality")))
    assert "Nobody sees your own answers" in intro
    assert client.post(step(cohort, "equality"), {"choice": "answer"})[
        "Location"
    ] == step(cohort, "equality-consent")
    consent_errors = html(client.post(step(cohort, "equality-consent"), {}))
    assert "Select yes if you agree" in consent_errors
    client.post(step(cohort, "equality-consent"), {"consent": "yes"})
    for key, field, value in [
        ("sex", "sex", "female"),
        ("gender", "gender_same_as_sex", "yes"),
        ("ethnic-group", "ethnic_group", "black"),
        ("disability", "disability", "prefer_not_to_say"),
        ("care-leaver", "care_leaver", "no"),
        ("free-school-meals", "free_school_meals", "yes"),
    ]:
        assert client.get(step(cohort, key)).status_code == 200
        response = client.post(step(cohort, key), {field: value})
    assert response["Location"] == check_url(cohort)
    check = html(client.get(check_url(cohort)))
    assert "Check your answers" in check
    assert "Ada Young" in check and "E8 1DY" in check and "Hackney" in check
    assert "Black, Black British, Caribbean or African" in check

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url(cohort))
    application = Application.objects.get()
    assert response["Location"] == reverse(
        "diversity:application_confirmation", args=[application.public_id]
    )
    assert application.full_name == "Ada Young"
    assert application.postcode == "E8 1DY"
    monitoring = EqualityMonitoring.objects.get(application=application)
    assert monitoring.sex == "female"
    assert monitoring.disability == "prefer_not_to_say"
    assert len(mailoutbox) == 1
    assert "Application sent" in html(client.get(response["Location"]))

    # Sent twice: still one application, and the person lands on it.
    again = client.post(check_url(cohort))
    assert again.status_code == 302
    assert Application.objects.count() == 1


def test_skipping_equality_questions_stores_none(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    answer_details(client, cohort)
    response = client.post(step(cohort, "equality"), {"choice": "skip"})
    assert response["Location"] == check_url(cohort)
    # The questions themselves cannot be reached now.
    assert client.get(step(cohort, "sex"))["Location"] == check_url(cohort)
    assert "Skipped" in html(client.get(check_url(cohort)))
    client.post(check_url(cohort))
    assert Application.objects.count() == 1
    assert EqualityMonitoring.objects.count() == 0


def test_declining_consent_stores_none(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    answer_details(client, cohort)
    client.post(step(cohort, "equality"), {"choice": "answer"})
    response = client.post(step(cohort, "equality-consent"), {"consent": "no"})
    assert response["Location"] == check_url(cohort)
    client.post(check_url(cohort))
    assert EqualityMonitoring.objects.count() == 0


def test_changing_an_answer_returns_to_check(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    answer_details(client, cohort)
    client.post(step(cohort, "equality"), {"choice": "skip"})
    response = client.post(step(cohort, "name"), {"full_name": "Ada Lovelace"})
    assert response["Location"] == check_url(cohort)
    assert "Ada Lovelace" in html(client.get(check_url(cohort)))


def test_already_applied_goes_to_the_application(client, resident):
    application = ApplicationFactory(applicant=resident)
    cohort = application.cohort
    client.force_login(resident)
    response = client.get(step(cohort, "name"))
    assert response["Location"] == reverse(
        "diversity:my_application", args=[application.public_id]
    )
    followed = html(client.get(response["Location"]))
    assert "You have already applied" in followed


@pytest.mark.parametrize("key", ["name", "date-of-birth", "where", "why", "equality"])
def test_question_pages_query_count(
    client, resident, django_assert_max_num_queries, key
):
    cohort = CohortFactory()
    client.force_login(resident)
    answer_details(client, cohort)
    with django_assert_max_num_queries(10):
        assert client.get(step(cohort, key)).status_code == 200


# --- Your applications ----------------------------------------------------------


def test_my_applications_lists_only_mine(client, resident, other_resident):
    mine = ApplicationFactory(applicant=resident, cohort__course__title="Mine course")
    ApplicationFactory(applicant=other_resident, cohort__course__title="Theirs course")
    client.force_login(resident)
    page = html(client.get(reverse("diversity:my_applications")))
    assert "Mine course" in page and "Theirs course" not in page
    assert reverse("diversity:my_application", args=[mine.public_id]) in page


def test_my_applications_needs_sign_in(client):
    assert client.get(reverse("diversity:my_applications")).status_code == 302


@pytest.mark.parametrize("count", [2, 12])
def test_my_applications_query_count(
    client, resident, django_assert_max_num_queries, count
):
    for _ in range(count):
        ApplicationFactory(applicant=resident)
    client.force_login(resident)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("diversity:my_applications")).status_code == 200


def test_my_application_explains_the_status(client, resident):
    application = ApplicationFactory(
        applicant=resident, status=Application.Status.WAITLISTED
    )
    client.force_login(resident)
    page = html(
        client.get(reverse("diversity:my_application", args=[application.public_id]))
    )
    assert "On the waiting list" in page
    assert "offered a place if one comes free" in page


@pytest.mark.parametrize(
    "name", ["my_application", "application_withdraw", "application_confirmation"]
)
def test_someone_elses_application_is_not_found(
    client, other_resident, org_member, programme_manager, name
):
    application = ApplicationFactory()
    url = reverse(f"diversity:{name}", args=[application.public_id])
    for person in (other_resident, org_member):
        client.force_login(person)
        assert client.get(url).status_code == 404
    force_login_with_mfa(client, programme_manager)
    assert client.get(url).status_code == 404


def test_provider_member_cannot_see_an_applicants_page_here(client):
    provider = ProviderFactory()
    application = ApplicationFactory(cohort__course__provider=provider)
    member = MembershipFactory(organisation=provider).user
    client.force_login(member)
    url = reverse("diversity:my_application", args=[application.public_id])
    assert client.get(url).status_code == 404


def test_withdraw_confirm_page_then_withdraw_frees_the_place(client, resident):
    application = ApplicationFactory(
        applicant=resident, status=Application.Status.ACCEPTED
    )
    Cohort.objects.filter(pk=application.cohort_id).update(accepted_count=1)
    client.force_login(resident)
    url = reverse("diversity:application_withdraw", args=[application.public_id])
    page = html(client.get(url))
    assert "Are you sure you want to withdraw your application?" in page
    response = client.post(url)
    assert response["Location"] == reverse(
        "diversity:my_application", args=[application.public_id]
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert Cohort.objects.get(pk=application.cohort_id).accepted_count == 0
    # Nothing left to withdraw: back to the application, with the reason.
    assert client.get(url).status_code == 302


def test_my_application_query_count(client, resident, django_assert_max_num_queries):
    application = ApplicationFactory(applicant=resident)
    client.force_login(resident)
    with django_assert_max_num_queries(6):
        client.get(reverse("diversity:my_application", args=[application.public_id]))


def test_later_pages_are_closed_to_someone_not_eligible(client, resident):
    cohort = CohortFactory()
    client.force_login(resident)
    answer_details(client, cohort)
    client.post(
        step(cohort, "where"),
        {"connection": "neither", "postcode": "M1 1AA", "borough": ""},
    )
    response = client.get(step(cohort, "why"))
    assert "cannot-apply" in response["Location"]


def _every_page(cohort, application):
    slug = cohort.course.slug
    return [
        reverse("diversity:apply_start", args=[slug, cohort.pk]),
        step(cohort, "name"),
        check_url(cohort),
        reverse("diversity:apply_not_eligible", args=[slug, cohort.pk]),
        reverse("diversity:my_applications"),
        reverse("diversity:my_application", args=[application.public_id]),
        reverse("diversity:application_confirmation", args=[application.public_id]),
        reverse("diversity:application_withdraw", args=[application.public_id]),
    ]


def test_every_application_page_needs_a_verified_sign_in(client, unverified_resident):
    cohort = CohortFactory()
    application = ApplicationFactory()
    for url in _every_page(cohort, application):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"], url
    client.force_login(unverified_resident)
    for url in _every_page(cohort, application):
        response = client.get(url)
        assert response["Location"] == reverse("civic:verify_email_needed"), url


def test_programme_manager_applies_like_anyone_and_sees_only_their_own(
    client, programme_manager
):
    cohort = CohortFactory()
    force_login_with_mfa(client, programme_manager)
    assert client.get(step(cohort, "name")).status_code == 200
    assert client.get(reverse("diversity:my_applications")).status_code == 200
