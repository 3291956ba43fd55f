"""Hostile input through Crowdfund London's public forms (see tests/hostile.py)."""

import pytest
from django.urls import reverse

from civic.tests.factories import UserFactory
from crowdfund.forms.projects import DESCRIBE_ORDER
from crowdfund.tests.factories import (
    FundingRoundFactory,
    LiveProjectFactory,
    NeedFactory,
    ProjectFactory,
)
from tests.hostile import Target, baseline_data, fuzz, signed_in

APPS = ("crowdfund", "civic")


def _creator_and_project(factory=ProjectFactory):
    user = UserFactory(email="creator@fuzz.example.com", display_name="Cara Creator")
    return user, factory(created_by=user, slug="fuzz-garden")


def _project_page(name, *args):
    def setup():
        user, project = _creator_and_project()
        return signed_in(user), reverse(f"crowdfund:{name}", args=[project.slug, *args])

    return setup


def _project_create():
    FundingRoundFactory()
    return signed_in(UserFactory()), reverse("crowdfund:project_create")


def _cost_change():
    user, project = _creator_and_project()
    line = project.cost_lines.first()
    return signed_in(user), reverse(
        "crowdfund:project_cost_change", args=[project.slug, line.pk]
    )


def _need_change():
    user, project = _creator_and_project()
    need = NeedFactory(project=project)
    return signed_in(user), reverse(
        "crowdfund:project_need_change", args=[project.slug, need.pk]
    )


def _updates():
    user, project = _creator_and_project(LiveProjectFactory)
    return signed_in(user), reverse("crowdfund:project_updates", args=[project.slug])


def _offer():
    need = NeedFactory(project=LiveProjectFactory(slug="fuzz-live"))
    return signed_in(UserFactory()), reverse(
        "crowdfund:need_offer", args=[need.project.slug, need.pk]
    )


def _pledge():
    project = LiveProjectFactory(slug="fuzz-live")
    return signed_in(UserFactory()), reverse(
        "crowdfund:pledge_start", args=[project.slug]
    )


def _offline_payment():
    """The test payment provider's card page, reached by making a pledge."""
    client, url = _pledge()
    form = client.get(url).context["form"]
    response = client.post(url, baseline_data(form, {"amount": "25"}))
    assert response.status_code == 302, response
    return client, response["Location"]


CARD = {
    "card_number": "4242 4242 4242 4242",
    "expiry_month": "12",
    "expiry_year": "2031",
    "cardholder_name": "Pat Payer",
    "security_code": "123",
}


TARGETS = [
    Target("project create", _project_create, apps=APPS),
    *[
        Target(
            f"project describe {step}",
            _project_page("project_describe", step),
            apps=APPS,
            valid=(lambda f: {"campaign_days": "30"}) if step == "length" else None,
        )
        for step in DESCRIBE_ORDER
    ],
    Target(
        "project cost add",
        _project_page("project_cost_add"),
        apps=APPS,
        valid=lambda f: {"amount": "250"},
    ),
    Target(
        "project cost change",
        _cost_change,
        apps=APPS,
        valid=lambda f: {"amount": "250.50"},
    ),
    Target(
        "project permissions",
        _project_page("project_permissions"),
        apps=APPS,
    ),
    Target(
        "project need add",
        _project_page("project_need_add"),
        apps=APPS,
        valid=lambda f: {"quantity": "3"},
    ),
    Target("project need change", _need_change, apps=APPS),
    Target(
        "project invite",
        _project_page("project_invite"),
        apps=APPS,
        valid=lambda f: {"email": "friend@fuzz.example.com"},
    ),
    Target("project update", _updates, apps=APPS),
    Target("need offer", _offer, apps=APPS),
    Target("pledge", _pledge, apps=APPS, valid=lambda f: {"amount": "25"}),
    Target("pledge card payment", _offline_payment, apps=APPS, valid=lambda f: CARD),
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_public_form_survives_hostile_input(target):
    fuzz(target)


# Found by reading what the fuzzing could not reach; kept as plain examples.


@pytest.mark.django_db
@pytest.mark.parametrize("digits", ["²", "①", "9" * 40])
def test_a_hand_edited_offer_id_is_not_found(digits):
    user, project = _creator_and_project(LiveProjectFactory)
    client = signed_in(user)
    url = reverse("crowdfund:project_offers", args=[project.slug])
    assert client.post(url, {"offer": digits, "action": "accept"}).status_code == 404


@pytest.mark.django_db
def test_superscript_digits_on_the_card_page_are_an_error():
    client, url = _offline_payment()
    response = client.post(url, {**CARD, "expiry_month": "1²", "card_number": "4²"})
    assert response.status_code == 200
    assert "Enter a valid expiry date" in response.content.decode()
