"""Hostile input through the civic challenges' public forms (see tests/hostile.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from challenges.forms.applications import SECTION_FORMS
from challenges.tests.factories import ApplicationFactory, ChallengeFactory
from civic.models import Organisation, OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.hostile import Target, fuzz, signed_in

APPS = ("challenges", "civic")


def _startup_member():
    user = UserFactory(email="founder@fuzz.example.com", display_name="Fay Founder")
    startup = OrganisationFactory(name="Fuzz Labs", type=Organisation.Type.STARTUP)
    MembershipFactory(
        organisation=startup, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user, startup


def _application_start():
    user, _startup = _startup_member()
    challenge = ChallengeFactory(slug="fuzz-challenge")
    return signed_in(user), reverse(
        "challenges:application_start", args=[challenge.slug]
    )


def _section(section):
    def setup():
        user, startup = _startup_member()
        application = ApplicationFactory(organisation=startup, created_by=user)
        return signed_in(user), reverse(
            "challenges:application_section", args=[application.public_id, section]
        )

    return setup


def _topic_propose():
    return signed_in(UserFactory()), reverse("challenges:topic_propose")


def _challenge_list():
    ChallengeFactory()
    return Client(), reverse("challenges:challenge_list")


def _topic_list():
    return Client(), reverse("challenges:topics")


TARGETS = [
    Target("challenge application start", _application_start, apps=APPS),
    *[
        Target(f"challenge application {section}", _section(section), apps=APPS)
        for section in SECTION_FORMS
    ],
    Target(
        "challenge application budget",
        _section("budget"),
        apps=APPS,
        valid=lambda form: {
            **dict.fromkeys(form.fields, ""),
            "item_0": "Laptops",
            "amount_0": "1250.50",
        },
    ),
    Target("topic propose", _topic_propose, apps=APPS),
    Target(
        "challenge finder (GET)",
        _challenge_list,
        apps=APPS,
        method="get",
        baseline_accepted=False,
    ),
    Target(
        "topic filter (GET)",
        _topic_list,
        apps=APPS,
        method="get",
        baseline_accepted=False,
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_public_form_survives_hostile_input(target):
    fuzz(target)
