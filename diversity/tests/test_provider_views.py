"""The provider portal's pages: who may see them, the course sections,
publishing, applicants and decisions, completion and outcomes."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, UserFactory
from diversity.models import (
    Application,
    Cohort,
    Course,
    EqualityMonitoring,
    IndustryPartner,
    Outcome,
)
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    IndustryPartnerFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def course(provider):
    course = CourseFactory(provider=provider, title="Junior developer", slug="junior")
    IndustryPartnerFactory(course=course, name="Acme Ltd")
    return course


@pytest.fixture
def cohort(course):
    return CohortFactory(course=course, capacity=2)


@pytest.fixture
def started_cohort(course):
    start = TODAY() - datetime.timedelta(weeks=40)
    return CohortFactory(
        course=course,
        starts_on=start,
        applications_close_on=start - datetime.timedelta(days=7),
    )


@pytest.fixture
def application(cohort):
    application = ApplicationFactory(cohort=cohort, full_name="Ada Applicant")
    EqualityMonitoring.objects.create(
        application=application,
        consent_given_at=timezone.now(),
        sex="female",
        ethnic_group="black",
        disability="yes",
        care_leaver="yes",
        free_school_meals="yes",
    )
    return application


@pytest.fixture
def participant(started_cohort):
    application = ApplicationFactory(
        cohort=started_cohort, status=Application.Status.ACCEPTED
    )
    Cohort.objects.filter(pk=started_cohort.pk).update(accepted_count=1)
    return application


def _pages(provider, course, cohort, application, participant):
    org, slug = provider.slug, course.slug
    return {
        "provider_dashboard": reverse("diversity:provider_dashboard", args=[org]),
        "course_create": reverse("diversity:course_create", args=[org]),
        "provider_course": reverse("diversity:provider_course", args=[org, slug]),
        "course_details": reverse("diversity:course_details", args=[org, slug]),
        "course_location": reverse("diversity:course_location", args=[org, slug]),
        "course_partners": reverse("diversity:course_partners", args=[org, slug]),
        "course_jobs": reverse("diversity:course_jobs", args=[org, slug]),
        "course_cohorts": reverse("diversity:course_cohorts", args=[org, slug]),
        "cohort_places": reverse(
            "diversity:cohort_places", args=[org, slug, cohort.pk]
        ),
        "course_publish": reverse("diversity:course_publish", args=[org, slug]),
        "course_withdraw": reverse("diversity:course_withdraw", args=[org, slug]),
        "cohort_applicants": reverse(
            "diversity:cohort_applicants", args=[org, cohort.pk]
        ),
        "provider_application": reverse(
            "diversity:provider_application", args=[org, application.public_id]
        ),
        "application_release": reverse(
            "diversity:application_release", args=[org, participant.public_id]
        ),
        "application_completion": reverse(
            "diversity:application_completion", args=[org, participant.public_id]
        ),
        "application_outcome": reverse(
            "diversity:application_outcome", args=[org, participant.public_id, 3]
        ),
    }


PAGE_NAMES = [
    "provider_dashboard",
    "course_create",
    "provider_course",
    "course_details",
    "course_location",
    "course_partners",
    "course_jobs",
    "course_cohorts",
    "cohort_places",
    "course_publish",
    "course_withdraw",
    "cohort_applicants",
    "provider_application",
    "application_release",
    "application_completion",
    "application_outcome",
]


@pytest.fixture
def pages(provider, course, cohort, application, participant):
    return _pages(provider, course, cohort, application, participant)


# --- Who may see what -------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_anonymous_people_are_asked_to_sign_in(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGE_NAMES)
@pytest.mark.parametrize(
    "persona", ["resident", "other_provider_member", "programme_manager", "org_member"]
)
def test_people_outside_the_provider_get_not_found(
    client, pages, name, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(pages[name]).status_code == 404


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_provider_members_see_every_page(client, pages, name, provider_member):
    client.force_login(provider_member)
    assert client.get(pages[name]).status_code == 200


def test_plain_members_have_the_same_access_as_owners(client, pages, provider):
    member = UserFactory()
    MembershipFactory(
        organisation=provider, user=member, role=OrganisationMembership.Role.MEMBER
    )
    client.force_login(member)
    assert client.get(pages["provider_dashboard"]).status_code == 200


def test_a_hidden_organisation_is_not_found(client, pages, provider, provider_member):
    Organisation.objects.filter(pk=provider.pk).update(is_hidden=True)
    client.force_login(provider_member)
    assert client.get(pages["provider_dashboard"]).status_code == 404


def test_an_organisation_that_is_not_a_provider_has_no_portal(
    client, organisation, org_owner
):
    client.force_login(org_owner)
    url = reverse("diversity:provider_dashboard", args=[organisation.slug])
    assert client.get(url).status_code == 404


def test_another_providers_course_is_not_found_under_my_provider(
    client, provider, provider_member
):
    elsewhere = CourseFactory()
    client.force_login(provider_member)
    url = reverse("diversity:provider_course", args=[provider.slug, elsewhere.slug])
    assert client.get(url).status_code == 404


def test_another_providers_applicant_is_not_found(client, provider, provider_member):
    elsewhere = ApplicationFactory()
    client.force_login(provider_member)
    url = reverse(
        "diversity:provider_application", args=[provider.slug, elsewhere.public_id]
    )
    assert client.get(url).status_code == 404


def test_unverified_members_cannot_change_anything(client, provider, pages):
    unverified = UserFactory(verified=False)
    MembershipFactory(organisation=provider, user=unverified)
    client.force_login(unverified)
    assert client.get(pages["provider_application"]).status_code == 200
    response = client.post(pages["provider_application"], {"decision": "accept"})
    assert response.url == reverse("civic:verify_email_needed")
    assert not Application.objects.filter(status="accepted", cohort__capacity=2)


# --- Home -------------------------------------------------------------------------


def test_home_asks_anonymous_people_to_sign_in(client):
    response = client.get(reverse("diversity:provider_home"))
    assert response.status_code == 302


def test_home_explains_how_to_become_a_provider(client, resident):
    client.force_login(resident)
    html = client.get(reverse("diversity:provider_home")).content.decode()
    assert "You are not a member of a training provider yet" in html
    assert reverse("civic:organisation_create") in html


def test_home_lists_my_providers(client, provider, provider_member, organisation):
    MembershipFactory(organisation=organisation, user=provider_member)
    client.force_login(provider_member)
    html = client.get(reverse("diversity:provider_home")).content.decode()
    assert reverse("diversity:provider_dashboard", args=[provider.slug]) in html
    assert organisation.name not in html  # not a provider


# --- Creating a course ------------------------------------------------------------

DETAILS = {
    "title": "Cloud support in Croydon",
    "summary": "Start a career in IT support.",
    "description": "Networks, cloud and customer service.",
    "subject": "infrastructure",
    "level": "2",
    "length_weeks": "10",
    "hours_per_week": "16",
}


def test_a_course_is_created_from_details_then_where_it_is_taught(
    client, provider, provider_member
):
    client.force_login(provider_member)
    response = client.post(
        reverse("diversity:course_create", args=[provider.slug]), DETAILS
    )
    assert response.url == reverse(
        "diversity:course_create_location", args=[provider.slug]
    )
    assert not Course.objects.exists()
    response = client.post(
        response.url,
        {"delivery_mode": "in_person", "borough": "", "venue": ""},
    )
    html = response.content.decode()
    assert "Select the borough where the course is taught" in html
    assert "Enter where the course is taught" in html
    assert "<title>Error:" in html
    from civic.models import Borough

    croydon = Borough.objects.get(name="Croydon")
    response = client.post(
        reverse("diversity:course_create_location", args=[provider.slug]),
        {"delivery_mode": "in_person", "borough": croydon.pk, "venue": "Library"},
    )
    course = Course.objects.get()
    assert response.url == reverse(
        "diversity:provider_course", args=[provider.slug, "cloud-support-in-croydon"]
    )
    assert (course.status, course.borough, course.provider) == (
        "draft",
        croydon,
        provider,
    )
    assert course.created_by == provider_member


def test_the_second_step_without_the_first_goes_back_to_it(
    client, provider, provider_member
):
    client.force_login(provider_member)
    response = client.get(
        reverse("diversity:course_create_location", args=[provider.slug])
    )
    assert response.url == reverse("diversity:course_create", args=[provider.slug])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter the course title"),
        ("length_weeks", "ten", "Length in weeks must be a whole number, like 12"),
        ("length_weeks", "0", "Length in weeks must be between 1 and 104"),
        ("hours_per_week", "49", "Hours a week must be between 1 and 48"),
        ("subject", "", "Select the subject of the course"),
    ],
)
def test_details_errors(client, provider, provider_member, field, value, message):
    client.force_login(provider_member)
    response = client.post(
        reverse("diversity:course_create", args=[provider.slug]),
        {**DETAILS, field: value},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{field}' in html


def test_editing_a_section_saves_it(client, provider, provider_member, course):
    client.force_login(provider_member)
    url = reverse("diversity:course_jobs", args=[provider.slug, course.slug])
    response = client.post(url, {"job_roles": "Cloud engineer\nSupport analyst"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.job_role_list == ["Cloud engineer", "Support analyst"]


def test_the_task_list_shows_the_eligibility_rule(
    client, provider, provider_member, course
):
    client.force_login(provider_member)
    html = client.get(
        reverse("diversity:provider_course", args=[provider.slug, course.slug])
    ).content.decode()
    assert "aged 16 to 24 on the start date" in html
    assert "govuk-task-list" in html


# --- Partners, start dates, publishing ----------------------------------------------


def test_partners_are_added_and_removed(client, provider, provider_member, course):
    client.force_login(provider_member)
    url = reverse("diversity:course_partners", args=[provider.slug, course.slug])
    response = client.post(
        url,
        {
            "name": "Bank of London",
            "approved_on_0": "1",
            "approved_on_1": "9",
            "approved_on_2": "2026",
        },
    )
    assert response.status_code == 302
    partner = IndustryPartner.objects.get(name="Bank of London")
    assert partner.approved_on == datetime.date(2026, 9, 1)
    client.post(
        reverse(
            "diversity:partner_remove", args=[provider.slug, course.slug, partner.pk]
        )
    )
    assert not IndustryPartner.objects.filter(pk=partner.pk).exists()


def test_a_partner_needs_a_real_date(client, provider, provider_member, course):
    client.force_login(provider_member)
    url = reverse("diversity:course_partners", args=[provider.slug, course.slug])
    response = client.post(
        url,
        {
            "name": "X",
            "approved_on_0": "31",
            "approved_on_1": "2",
            "approved_on_2": "2026",
        },
    )
    assert "Enter a real date" in response.content.decode()


def test_a_start_date_is_added_with_its_error_states(
    client, provider, provider_member, course
):
    client.force_login(provider_member)
    url = reverse("diversity:course_cohorts", args=[provider.slug, course.slug])
    start = TODAY() + datetime.timedelta(days=90)
    closes = start + datetime.timedelta(days=1)
    data = {
        "starts_on_0": start.day,
        "starts_on_1": start.month,
        "starts_on_2": start.year,
        "applications_close_on_0": closes.day,
        "applications_close_on_1": closes.month,
        "applications_close_on_2": closes.year,
        "capacity": "15",
    }
    response = client.post(url, data)
    assert "must be on or before the start date" in response.content.decode()
    response = client.post(url, {**data, "applications_close_on_0": start.day})
    assert response.status_code == 302
    assert course.cohorts.get(starts_on=start).capacity == 15
    response = client.post(url, {**data, "capacity": "many"})
    assert "Number of places must be a whole number" in response.content.decode()


def test_places_cannot_go_below_the_people_accepted(
    client, provider, provider_member, course, cohort
):
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=2)
    client.force_login(provider_member)
    url = reverse(
        "diversity:cohort_places", args=[provider.slug, course.slug, cohort.pk]
    )
    response = client.post(url, {"capacity": "1"})
    assert "2 people have been offered a place" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 2


def test_a_start_date_with_people_accepted_is_not_removed(
    client, provider, provider_member, course, cohort
):
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=1)
    CohortFactory(course=course)
    client.force_login(provider_member)
    response = client.post(
        reverse(
            "diversity:cohort_remove", args=[provider.slug, course.slug, cohort.pk]
        ),
        follow=True,
    )
    assert "cannot be removed" in response.content.decode()
    assert Cohort.objects.filter(pk=cohort.pk).exists()


def test_publishing_shows_what_is_missing(client, provider, provider_member):
    course = CourseFactory(provider=provider, status="draft")
    client.force_login(provider_member)
    url = reverse("diversity:course_publish", args=[provider.slug, course.slug])
    response = client.post(url)
    html = response.content.decode()
    assert "You cannot publish this course yet" in html
    assert "Add at least one industry partner" in html
    assert "Add a start date in the future" in html
    assert "<title>Error:" in html
    course.refresh_from_db()
    assert course.status == "draft"


def test_a_complete_course_is_published_then_withdrawn(
    client, provider, provider_member, course, cohort
):
    Course.objects.filter(pk=course.pk).update(status="draft")
    client.force_login(provider_member)
    response = client.post(
        reverse("diversity:course_publish", args=[provider.slug, course.slug])
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == "published"
    client.post(reverse("diversity:course_withdraw", args=[provider.slug, course.slug]))
    course.refresh_from_db()
    assert course.status == "withdrawn"


# --- Applicants and decisions -------------------------------------------------------


def test_the_application_never_shows_equality_answers(
    client, provider, provider_member, pages, application
):
    client.force_login(provider_member)
    for name in ("provider_application", "cohort_applicants", "provider_dashboard"):
        html = client.get(pages[name]).content.decode()
        for answer in (
            "Female",
            "Black, Black British",
            "care leaver",
            "free school meals",
            "Disab",
            "equality",
        ):
            assert answer.lower() not in html.lower(), (name, answer)
    html = client.get(pages["provider_application"]).content.decode()
    assert "Ada Applicant" in html
    assert "19" in html  # age on the start date


def test_accepting_an_applicant(client, provider_member, pages, application):
    client.force_login(provider_member)
    response = client.post(pages["provider_application"], {"decision": "accept"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "accepted"
    assert application.cohort.accepted_count == 1


def test_accepting_when_full_says_so_next_to_the_decision(
    client, provider_member, pages, application, cohort
):
    Cohort.objects.filter(pk=cohort.pk).update(accepted_count=2)
    client.force_login(provider_member)
    response = client.post(pages["provider_application"], {"decision": "accept"})
    html = response.content.decode()
    assert "All 2 places are taken" in html
    assert 'href="#id_decision' in html
    application.refresh_from_db()
    assert application.status == "submitted"


def test_declining_needs_a_reason(client, provider_member, pages, application):
    client.force_login(provider_member)
    response = client.post(pages["provider_application"], {"decision": "decline"})
    assert (
        "Enter why the applicant was not offered a place" in response.content.decode()
    )
    response = client.post(
        pages["provider_application"], {"decision": "decline", "reason": "Full"}
    )
    application.refresh_from_db()
    assert application.status == "not_accepted"


def test_no_decision_is_an_error(client, provider_member, pages):
    client.force_login(provider_member)
    response = client.post(pages["provider_application"], {"decision": "maybe"})
    assert response.status_code == 200
    assert "<title>Error:" in response.content.decode()


def test_releasing_a_place(client, provider_member, pages, participant):
    client.force_login(provider_member)
    client.post(pages["application_release"], {"to_status": "waitlisted"})
    participant.refresh_from_db()
    assert participant.status == "waitlisted"
    assert participant.cohort.accepted_count == 0


def test_completion_and_outcome_are_recorded(
    client, provider_member, pages, participant, django_capture_on_commit_callbacks
):
    client.force_login(provider_member)
    client.post(pages["application_completion"], {"completion": "completed"})
    participant.refresh_from_db()
    assert participant.completion == "completed"
    response = client.post(pages["application_outcome"], {"kind": "job"})
    assert "Select yes if it was a digital or tech role" in response.content.decode()
    client.post(pages["application_outcome"], {"kind": "job", "in_tech_role": "yes"})
    outcome = Outcome.objects.get()
    assert (outcome.months_after, outcome.kind, outcome.in_tech_role) == (
        3,
        "job",
        True,
    )


def test_completion_is_not_found_before_the_start(
    client, provider, provider_member, application
):
    Application.objects.filter(pk=application.pk).update(status="accepted")
    client.force_login(provider_member)
    url = reverse(
        "diversity:application_completion", args=[provider.slug, application.public_id]
    )
    assert client.get(url).status_code == 404


def test_an_outcome_before_its_date_is_not_found(
    client, provider, provider_member, participant
):
    client.force_login(provider_member)
    url = reverse(
        "diversity:application_outcome",
        args=[provider.slug, participant.public_id, 6],
    )
    # The course started 40 weeks ago and lasts 16: 6 months have not passed.
    assert client.get(url).status_code == 404


def test_applicants_filter_by_status_and_paginate(
    client, provider, provider_member, cohort
):
    ApplicationFactory.create_batch(26, cohort=cohort)
    ApplicationFactory(cohort=cohort, status="waitlisted", full_name="Wendy Waiting")
    client.force_login(provider_member)
    url = reverse("diversity:cohort_applicants", args=[provider.slug, cohort.pk])
    html = client.get(url).content.decode()
    assert "govuk-pagination" in html
    html = client.get(url, {"status": "waitlisted"}).content.decode()
    assert "Wendy Waiting" in html
    assert "Young Person" not in html
    assert client.get(url, {"status": "nonsense", "page": "x"}).status_code == 200


# --- Query counts at two sizes ----------------------------------------------------


def _grow(provider, courses: int, per_cohort: int) -> None:
    for _ in range(courses):
        course = CourseFactory(provider=provider)
        IndustryPartnerFactory(course=course)
        for _ in range(2):
            cohort = CohortFactory(course=course)
            ApplicationFactory.create_batch(per_cohort, cohort=cohort)


@pytest.mark.parametrize(("courses", "per_cohort"), [(1, 1), (4, 5)])
def test_dashboard_queries_do_not_grow(
    client,
    provider,
    provider_member,
    django_assert_max_num_queries,
    courses,
    per_cohort,
):
    _grow(provider, courses, per_cohort)
    client.force_login(provider_member)
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("diversity:provider_dashboard", args=[provider.slug])
        )
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_applicants_list_queries_do_not_grow(
    client, provider, provider_member, cohort, django_assert_max_num_queries, size
):
    ApplicationFactory.create_batch(size, cohort=cohort)
    client.force_login(provider_member)
    with django_assert_max_num_queries(11):
        client.get(
            reverse("diversity:cohort_applicants", args=[provider.slug, cohort.pk])
        )


@pytest.mark.parametrize("partners", [1, 6])
def test_course_pages_queries_do_not_grow(
    client, provider, provider_member, course, django_assert_max_num_queries, partners
):
    for _ in range(partners):
        IndustryPartnerFactory(course=course)
        CohortFactory(course=course)
    client.force_login(provider_member)
    for name in (
        "provider_course",
        "course_details",
        "course_location",
        "course_jobs",
        "course_partners",
        "course_cohorts",
        "course_publish",
        "course_withdraw",
    ):
        with django_assert_max_num_queries(10):
            client.get(reverse(f"diversity:{name}", args=[provider.slug, course.slug]))


def test_application_page_queries(
    client, provider_member, pages, django_assert_max_num_queries
):
    client.force_login(provider_member)
    for name in (
        "provider_application",
        "application_completion",
        "application_outcome",
    ):
        with django_assert_max_num_queries(10):
            assert client.get(pages[name]).status_code == 200


def test_emails_go_after_commit(
    client, provider_member, pages, application, django_capture_on_commit_callbacks
):
    client.force_login(provider_member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(pages["provider_application"], {"decision": "waitlist"})
    assert "waiting list" in mail.outbox[-1].subject
