"""Every address in ``diversity.urls``, fetched (GET) by every persona the
issue names, with the outcome we expect in each cell.

The addresses come from the URL resolver, not from a hand-made list: a new
view added to ``diversity/urls*.py`` without a row in ``EXPECTED`` fails
``test_every_diversity_url_has_a_row``, so nobody can add a page without
saying who may see it.

Outcomes: 200 (the page), "login" (a redirect to sign in), "redirect" (a
redirect somewhere else: a step not reached yet, an answer already given),
403 (signed in but not allowed), 404 (an object the persona may not see),
405 (a button's address, POST only, reached by a member).
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from diversity.models import Application
from diversity.tests.factories import (
    ApplicationFactory,
    CohortFactory,
    CourseFactory,
    IndustryPartnerFactory,
    ProviderFactory,
    ReportingYearFactory,
    SignatoryFactory,
    SubmissionFactory,
)
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db

PERSONAS = (
    "anonymous",
    "young_person",
    "provider_member",
    "other_provider_member",
    "signatory_member",
    "programme_manager",
)

L, R = "login", "redirect"

# URL name: outcome for each persona, in the order of PERSONAS.
# (anonymous, young person, provider member, other provider's member,
#  signatory member, programme manager)
EXPECTED = {
    # The public course finder
    "index": (200, 200, 200, 200, 200, 200),
    "course_list": (200, 200, 200, 200, 200, 200),
    "course_detail": (200, 200, 200, 200, 200, 200),
    # Applying: signed-in people with a verified email. The young person has
    # already applied for this start date, so they are sent to it.
    "apply_start": (L, R, 200, 200, 200, 200),
    "apply_step": (L, R, 200, 200, 200, 200),
    "apply_check": (L, R, R, R, R, R),
    "apply_not_eligible": (L, R, R, R, R, R),
    # A young person's own applications: nobody else's
    "my_applications": (L, 200, 200, 200, 200, 200),
    "my_application": (L, 200, 404, 404, 404, 404),
    "application_confirmation": (L, 200, 404, 404, 404, 404),
    "application_withdraw": (L, 200, 404, 404, 404, 404),
    # The provider portal: members of that provider only
    "provider_home": (L, 200, 200, 200, 200, 200),
    "provider_dashboard": (L, 404, 200, 404, 404, 404),
    "course_create": (L, 404, 200, 404, 404, 404),
    "course_create_location": (L, 404, R, 404, 404, 404),
    "provider_course": (L, 404, 200, 404, 404, 404),
    "course_details": (L, 404, 200, 404, 404, 404),
    "course_location": (L, 404, 200, 404, 404, 404),
    "course_partners": (L, 404, 200, 404, 404, 404),
    # Buttons, not pages: POST only, after the member check
    "partner_remove": (L, 404, 405, 404, 404, 404),
    "course_jobs": (L, 404, 200, 404, 404, 404),
    "course_cohorts": (L, 404, 200, 404, 404, 404),
    "cohort_places": (L, 404, 200, 404, 404, 404),
    "cohort_remove": (L, 404, 405, 404, 404, 404),
    "course_publish": (L, 404, 200, 404, 404, 404),
    "course_withdraw": (L, 404, 200, 404, 404, 404),
    "cohort_applicants": (L, 404, 200, 404, 404, 404),
    "provider_application": (L, 404, 200, 404, 404, 404),
    "application_release": (L, 404, 200, 404, 404, 404),
    "application_completion": (L, 404, 200, 404, 404, 404),
    "application_outcome": (L, 404, 200, 404, 404, 404),
    # The programme dashboard: programme managers (with two-factor) only
    "programme_dashboard": (L, 403, 403, 403, 403, 200),
    "programme_csv": (L, 403, 403, 403, 403, 200),
    # The charter: public pages and open data
    "charter_home": (200, 200, 200, 200, 200, 200),
    "signatory_list": (200, 200, 200, 200, 200, 200),
    "benchmark": (200, 200, 200, 200, 200, 200),
    "open_data_csv": (200, 200, 200, 200, 200, 200),
    "open_data_json": (200, 200, 200, 200, 200, 200),
    # Signing: owners of the organisation only
    "charter_sign": (L, 200, 200, 200, 200, 200),
    "charter_sign_step": (L, 404, 404, 404, 200, 404),
    "charter_sign_check": (L, 404, 404, 404, R, 404),
    "charter_sign_done": (L, 404, 404, 404, 200, 404),
    # A signatory's own figures: its members only
    "signatory_dashboard": (L, 404, 404, 404, 200, 404),
    "submission_edit": (L, 404, 404, 404, 200, 404),
}


def _diversity_url_names() -> list[str]:
    resolver = get_resolver()
    names = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "diversity":
                names.append(pattern.name)

    walk(resolver.url_patterns, None)
    return names


def test_every_diversity_url_has_a_row():
    names = _diversity_url_names()
    assert names, "diversity.urls is not included under the 'diversity' namespace"
    assert all(names), "every diversity URL pattern needs a name"
    assert sorted(set(names)) == sorted(EXPECTED)


@pytest.fixture
def world(programme_manager):
    """One of everything, and a person for each role."""
    provider = ProviderFactory(slug="the-provider")
    member = UserFactory(email="teacher@example.com")
    MembershipFactory(
        organisation=provider, user=member, role=OrganisationMembership.Role.OWNER
    )
    other_member = UserFactory(email="rival@example.com")
    MembershipFactory(
        organisation=ProviderFactory(),
        user=other_member,
        role=OrganisationMembership.Role.OWNER,
    )
    course = CourseFactory(provider=provider, slug="the-course")
    partner = IndustryPartnerFactory(course=course)
    cohort = CohortFactory(course=course)
    # Removable: nobody has applied for it
    spare = CohortFactory(
        course=course, starts_on=cohort.starts_on + datetime.timedelta(days=30)
    )
    young_person = UserFactory(email="young@example.com")
    application = ApplicationFactory(
        cohort=cohort, applicant=young_person, status=Application.Status.ACCEPTED
    )
    # A course that ended long ago: completion and outcomes can be recorded
    started = timezone.localdate() - datetime.timedelta(days=300)
    finished = ApplicationFactory(
        cohort=CohortFactory(
            course=course,
            starts_on=started,
            applications_close_on=started - datetime.timedelta(days=14),
        ),
        status=Application.Status.ACCEPTED,
    )

    signed = OrganisationFactory(slug="signed-company")
    signatory_member = UserFactory(email="signatory@example.com")
    MembershipFactory(
        organisation=signed,
        user=signatory_member,
        role=OrganisationMembership.Role.OWNER,
    )
    signatory = SignatoryFactory(organisation=signed)
    year = ReportingYearFactory(
        year=timezone_year(),
        opens_on=datetime.date(timezone_year(), 1, 1),
        closes_on=datetime.date(timezone_year() + 1, 12, 31),
    )
    SubmissionFactory(signatory=signatory, year=year)
    # An organisation the signatory member may sign for (not signed yet)
    unsigned = OrganisationFactory(slug="not-signed-yet")
    MembershipFactory(
        organisation=unsigned,
        user=signatory_member,
        role=OrganisationMembership.Role.OWNER,
    )
    kwargs = {
        "course_detail": {"slug": course.slug},
        "apply_start": {"slug": course.slug, "cohort": cohort.pk},
        "apply_step": {"slug": course.slug, "cohort": cohort.pk, "step": "name"},
        "apply_check": {"slug": course.slug, "cohort": cohort.pk},
        "apply_not_eligible": {"slug": course.slug, "cohort": cohort.pk},
        "my_application": {"public_id": application.public_id},
        "application_confirmation": {"public_id": application.public_id},
        "application_withdraw": {"public_id": application.public_id},
        "provider_dashboard": {"org": provider.slug},
        "course_create": {"org": provider.slug},
        "course_create_location": {"org": provider.slug},
        "cohort_applicants": {"org": provider.slug, "pk": cohort.pk},
        "provider_application": {
            "org": provider.slug,
            "public_id": application.public_id,
        },
        "application_release": {
            "org": provider.slug,
            "public_id": application.public_id,
        },
        "application_completion": {
            "org": provider.slug,
            "public_id": finished.public_id,
        },
        "application_outcome": {
            "org": provider.slug,
            "public_id": finished.public_id,
            "months": 3,
        },
        "programme_dashboard": {},
        "benchmark": {"year": year.year},
        "open_data_csv": {"year": year.year},
        "open_data_json": {"year": year.year},
        "charter_sign_step": {"org": unsigned.slug, "step": "organisation"},
        "charter_sign_check": {"org": unsigned.slug},
        "charter_sign_done": {"org": signed.slug},
        "signatory_dashboard": {"org": signed.slug},
        "submission_edit": {"org": signed.slug, "year": year.year},
    }
    course_kwargs = {"org": provider.slug, "slug": course.slug}
    for name in (
        "provider_course",
        "course_details",
        "course_location",
        "course_partners",
        "course_jobs",
        "course_cohorts",
        "course_publish",
        "course_withdraw",
    ):
        kwargs[name] = course_kwargs
    kwargs["partner_remove"] = {**course_kwargs, "pk": partner.pk}
    kwargs["cohort_places"] = {**course_kwargs, "pk": cohort.pk}
    kwargs["cohort_remove"] = {**course_kwargs, "pk": spare.pk}
    return {
        "kwargs": kwargs,
        "people": {
            "anonymous": None,
            "young_person": young_person,
            "provider_member": member,
            "other_provider_member": other_member,
            "signatory_member": signatory_member,
            "programme_manager": programme_manager,
        },
    }


def timezone_year() -> int:
    return timezone.localdate().year


def _outcome(response) -> int | str:
    if response.status_code == 302:
        return L if "/accounts/login/" in response["Location"] else R
    return response.status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_diversity_page_answers_each_persona_as_expected(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        if persona == "programme_manager":
            force_login_with_mfa(client, person)
        else:
            client.force_login(person)
    column = PERSONAS.index(persona)
    wrong = {}
    for name, row in EXPECTED.items():
        url = reverse(f"diversity:{name}", kwargs=world["kwargs"].get(name, {}))
        got = _outcome(client.get(url))
        if got != row[column]:
            wrong[name] = f"expected {row[column]}, got {got} ({url})"
    assert wrong == {}
