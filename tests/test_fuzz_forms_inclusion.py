"""Hostile input through Getting online's public forms (see tests/hostile.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from civic.tests.factories import UserFactory
from inclusion.tests.factories import (
    CourseFactory,
    ParticipantFactory,
    SchemeFactory,
    SiteFactory,
    TrainingSessionFactory,
    lewisham,
)
from tests.hostile import Target, fuzz, signed_in

APPS = ("inclusion", "civic")

# The answers an applicant has given before each step, as the session holds them.
CONTACT = {
    "full_name": "Ada Applicant",
    "address_line_1": "1 Rushey Green",
    "address_line_2": "",
    "town": "London",
    "phone": "020 8314 0000",
    "contact_preference": "email",
}


def _apply(step):
    def setup():
        site = SiteFactory(slug="fuzz-library", lends_devices=True)
        scheme = SchemeFactory(slug="fuzz-tablets", sites=[site])
        user = UserFactory(email="applicant@fuzz.example.com")
        client = signed_in(user)
        answers = {
            "postcode": "SE6 4JF",
            "borough": lewisham().pk,
            "date_of_birth": "1950-01-01",
            "circumstances": ["unemployed"],
            "site": site.pk,
            "contact": CONTACT,
            "consent": True,
        }
        order = [
            "postcode",
            "borough",
            "date_of_birth",
            "circumstances",
            "site",
            "contact",
        ]
        upto = {
            "apply_where": 0,
            "apply_dob": 2,
            "apply_circumstances": 3,
            "apply_site": 4,
            "apply_contact": 5,
            "apply_consent": 6,
        }[step]
        session = client.session
        session[f"inclusion_apply_{scheme.slug}"] = {
            key: answers[key] for key in order[:upto]
        }
        session.save()
        return client, reverse(f"inclusion:{step}", args=[scheme.slug])

    return setup


def _your_details():
    return signed_in(UserFactory()), reverse("inclusion:your_details")


def _session_book():
    user = UserFactory()
    ParticipantFactory(user=user, email=user.email)
    session = TrainingSessionFactory()
    return signed_in(user), reverse("inclusion:session_book", args=[session.pk])


def _place_search():
    SiteFactory()
    return Client(), reverse("inclusion:site_list")


def _course_finder():
    TrainingSessionFactory(course=CourseFactory())
    return Client(), reverse("inclusion:course_list")


TARGETS = [
    Target(
        "loan apply where you live",
        _apply("apply_where"),
        apps=APPS,
        valid=lambda f: {"postcode": "SE6 4JF", "borough": str(lewisham().pk)},
    ),
    Target(
        "loan apply date of birth",
        _apply("apply_dob"),
        apps=APPS,
        valid=lambda f: {
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "1950",
        },
    ),
    Target(
        "loan apply circumstances",
        _apply("apply_circumstances"),
        apps=APPS,
    ),
    Target("loan apply collect from", _apply("apply_site"), apps=APPS),
    Target(
        "loan apply contact details",
        _apply("apply_contact"),
        apps=APPS,
        valid=lambda f: CONTACT,
    ),
    Target("loan apply consent", _apply("apply_consent"), apps=APPS),
    Target(
        "your details",
        _your_details,
        apps=APPS,
        valid=lambda f: {"postcode": "SE6 4JF", "phone": "020 8314 0000"},
    ),
    Target("training session booking", _session_book, apps=APPS),
    Target(
        "place search (GET)",
        _place_search,
        apps=APPS,
        method="get",
        baseline_accepted=False,
    ),
    Target(
        "training course finder (GET)",
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
