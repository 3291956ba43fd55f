"""Hostile input through civic's public forms (see tests/hostile.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from civic.models import OrganisationMembership
from civic.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.hostile import Target, fuzz, signed_in


def _resident():
    return UserFactory(email="fuzz@example.com", display_name="Fuzz Resident")


def _org_owner():
    user = _resident()
    org = OrganisationFactory(name="Fuzz Trust", slug="fuzz-trust")
    MembershipFactory(
        organisation=org, user=user, role=OrganisationMembership.Role.OWNER
    )
    return user, org


def _signup():
    return Client(), reverse("account_signup")


def _profile():
    return signed_in(_resident()), reverse("civic:profile_edit")


def _organisation_create():
    return signed_in(_resident()), reverse("civic:organisation_create")


def _organisation_edit():
    user, org = _org_owner()
    return signed_in(user), reverse("civic:organisation_edit", args=[org.slug])


def _report():
    org = OrganisationFactory(name="Reported Ltd")
    return signed_in(_resident()), reverse(
        "civic:report", args=["civic.organisation", org.pk]
    )


TARGETS = [
    Target(
        "sign-up",
        _signup,
        apps=("civic", "account"),
        valid=lambda form: {
            "email": "new-person@example.com",
            "display_name": "New Person",
            "password1": "correct horse battery staple",
            "password2": "correct horse battery staple",
        },
    ),
    Target(
        "profile", _profile, apps=("civic",), valid=lambda f: {"postcode": "SE1 2AA"}
    ),
    Target(
        "organisation create",
        _organisation_create,
        apps=("civic",),
        valid=lambda f: {"company_number": "", "charity_number": ""},
    ),
    Target(
        "organisation edit",
        _organisation_edit,
        apps=("civic",),
        valid=lambda f: {"company_number": "", "charity_number": ""},
    ),
    Target("report content", _report, apps=("civic",)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_public_form_survives_hostile_input(target):
    fuzz(target)


# Found by the fuzzing above; kept as plain examples.


@pytest.mark.parametrize(
    "parts",
    [
        ["99999999999999999999", "1", "2024"],
        ["1", "99999999999999999999", "2024"],
        ["31", "2", "2024"],
        ["１", "１", "２０２０x"],
    ],
)
def test_an_impossible_date_is_enter_a_real_date(parts):
    from django import forms

    from civic.forms.widgets import GovukDateField

    with pytest.raises(forms.ValidationError) as error:
        GovukDateField().clean(parts)
    assert error.value.messages == ["Enter a real date"]
