"""Hostile input through Tech talent's public forms (see tests/hostile.py)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from diversity.tests.factories import (
    CohortFactory,
    CourseFactory,
    PledgeVersionFactory,
    ReportingYearFactory,
    SignatoryFactory,
)
from diversity.views.talent import STEPS
from tests.hostile import Target, fuzz, signed_in, walk

APPS = ("diversity", "civic")

# What a careful applicant answers on each step, so the fuzzing can reach the
# steps after it.
TALENT_ANSWERS = {
    "name": {"full_name": "Jo Applicant"},
    "date-of-birth": {
        "date_of_birth_0": "1",
        "date_of_birth_1": "1",
        "date_of_birth_2": str(timezone.localdate().year - 20),
    },
    "where": {"connection": "lives", "postcode": "E8 1DY", "borough": "hackney"},
    "why": {"why": "I want to build apps that help my community."},
    "equality": {"choice": "answer"},
    "equality-consent": {"consent": "yes"},
}


def _talent_step(key):
    def setup():
        cohort = CohortFactory(course=CourseFactory(slug="fuzz-course"))
        client = signed_in(UserFactory(email="learner@fuzz.example.com"))
        args = [cohort.course.slug, cohort.pk]
        for step in STEPS:
            url = reverse("diversity:apply_step", args=[*args, step.key])
            if step.key == key:
                return client, url
            walk(client, url, TALENT_ANSWERS.get(step.key))
        raise AssertionError(key)

    return setup


def _owner_of_company():
    user = UserFactory(email="owner@fuzz.example.com", display_name="Ola Owner")
    organisation = OrganisationFactory(
        name="Fuzz Tech Ltd", slug="fuzz-tech", type=Organisation.Type.COMPANY
    )
    MembershipFactory(
        organisation=organisation, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user, organisation


CHARTER_ANSWERS = {
    "organisation": {},
    "sponsor": {
        "sponsor_name": "Sam Sponsor",
        "sponsor_job_title": "CTO",
        "sponsor_email": "sam@fuzz.example.com",
    },
    "contact": {"contact_name": "Casey Contact", "contact_email": "c@fuzz.example.com"},
    "pledges": {},
}


def _charter_step(key):
    def setup():
        PledgeVersionFactory(effective_from=datetime.date(2020, 1, 1))
        user, organisation = _owner_of_company()
        # Owning two companies, the person is asked which one signs.
        MembershipFactory(
            organisation=OrganisationFactory(
                name="Second Ltd", type=Organisation.Type.COMPANY
            ),
            user=user,
            role=OrganisationMembership.Role.OWNER,
        )
        client = signed_in(user)
        if key == "choose":
            return client, reverse("diversity:charter_sign")
        for step in ("organisation", "sponsor", "contact", "pledges", "check"):
            if step == "check":
                url = reverse("diversity:charter_sign_check", args=[organisation.slug])
            else:
                url = reverse(
                    "diversity:charter_sign_step", args=[organisation.slug, step]
                )
            if step == key:
                return client, url
            walk(client, url, CHARTER_ANSWERS[step])
        raise AssertionError(key)

    return setup


def _figures():
    user, organisation = _owner_of_company()
    SignatoryFactory(organisation=organisation)
    year = ReportingYearFactory(
        year=2026,
        opens_on=timezone.localdate() - datetime.timedelta(days=30),
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    return signed_in(user), reverse(
        "diversity:submission_edit", args=[organisation.slug, year.year]
    )


FIGURES = {
    "tech_headcount": "100",
    "women": "24",
    "men": "76",
    "sex_other_or_unknown": "0",
    "ethnicity_white": "55",
    "ethnicity_mixed": "5",
    "ethnicity_asian": "20",
    "ethnicity_black": "12",
    "ethnicity_other": "3",
    "ethnicity_unknown": "5",
    "recruited": "10",
    "recruited_women": "4",
}


def _course_finder():
    CohortFactory()
    return Client(), reverse("diversity:course_list")


TARGETS = [
    *[
        Target(
            f"tech talent apply {step.key}",
            _talent_step(step.key),
            apps=APPS,
            valid=(lambda key: lambda f: TALENT_ANSWERS.get(key, {}))(step.key),
        )
        for step in STEPS
    ],
    Target(
        "charter sign choose organisation",
        _charter_step("choose"),
        apps=APPS,
        valid=lambda f: {"organisation": "fuzz-tech"},
    ),
    *[
        Target(
            f"charter sign {step}",
            _charter_step(step),
            apps=APPS,
            valid=(lambda key: lambda f: CHARTER_ANSWERS.get(key, {}))(step),
        )
        for step in ("organisation", "sponsor", "contact", "pledges", "check")
    ],
    Target("charter figures", _figures, apps=APPS, valid=lambda f: FIGURES),
    Target(
        "tech talent course finder (GET)",
        _course_finder,
        apps=APPS,
        method="get",
        baseline_accepted=False,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_public_form_survives_hostile_input(target):
    fuzz(target)
