import json

import pytest
from django.urls import reverse

from challenges.models import Challenge, Programme
from challenges.tests.factories import ChallengeFactory, ProgrammeFactory, ThemeFactory
from civic.models import Organisation
from civic.tests.factories import OrganisationFactory
from tests.fixtures import force_login_with_mfa

pytestmark = pytest.mark.django_db


def _rich(text):
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "text": text,
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [],
                }
            ],
            "entityMap": {},
        }
    )


def _challenge_post(programme, theme, owner, weights, status="published"):
    data = {
        "title": "Cleaner air near schools",
        "slug": "cleaner-air-near-schools",
        "summary": "How might we cut pollution at the school gate?",
        "programme": programme.pk,
        "theme": theme.pk,
        "owner": owner.pk,
        "application_deadline": "2099-12-31 12:00",
        "status": status,
        "problem_statement": _rich("Children breathe dirty air."),
        "who_is_affected": _rich("Pupils."),
        "success_looks_like": _rich("Cleaner air."),
        "data_and_assets": _rich(""),
        "eligibility": _rich("Startups."),
        "support_offered": _rich(""),
        "criteria-TOTAL_FORMS": str(len(weights)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
    }
    for i, weight in enumerate(weights):
        data[f"criteria-{i}-name"] = f"Criterion {i}"
        data[f"criteria-{i}-description"] = ""
        data[f"criteria-{i}-weight_percent"] = str(weight)
        data[f"criteria-{i}-sort_order"] = str(i)
        data[f"criteria-{i}-id"] = ""
        data[f"criteria-{i}-DELETE"] = ""
    return data


@pytest.fixture
def manager_client(client, challenge_manager):
    force_login_with_mfa(client, challenge_manager)
    return client


@pytest.fixture
def setup_data(db):
    return (
        ProgrammeFactory(),
        ThemeFactory(),
        OrganisationFactory(type=Organisation.Type.PUBLIC_BODY),
    )


def test_challenge_managers_can_list_themes_programmes_and_challenges(
    manager_client,
):
    ChallengeFactory(title="Listed challenge")
    for model in ["theme", "programme", "challenge"]:
        response = manager_client.get(
            reverse(f"wagtailsnippets_challenges_{model}:list")
        )
        assert response.status_code == 200, model
    page = manager_client.get(
        reverse("wagtailsnippets_challenges_challenge:list")
    ).content.decode()
    assert "Listed challenge" in page


def test_other_staff_cannot_manage_challenges(client, moderator):
    force_login_with_mfa(client, moderator)
    response = client.get(reverse("wagtailsnippets_challenges_challenge:list"))
    assert response.status_code in (302, 403)


def test_a_challenge_with_weights_adding_up_to_100_is_published(
    manager_client, setup_data
):
    programme, theme, owner = setup_data
    response = manager_client.post(
        reverse("wagtailsnippets_challenges_challenge:add"),
        _challenge_post(programme, theme, owner, [30, 25, 20, 15, 10]),
    )
    assert response.status_code == 302, response.context["form"].errors
    challenge = Challenge.objects.get()
    assert challenge.criteria.count() == 5
    assert challenge.published_at is not None
    assert "Children breathe dirty air." in challenge.problem_statement


def test_weights_that_do_not_add_up_to_100_are_refused_clearly(
    manager_client, setup_data
):
    programme, theme, owner = setup_data
    response = manager_client.post(
        reverse("wagtailsnippets_challenges_challenge:add"),
        _challenge_post(programme, theme, owner, [30, 25, 20]),
    )
    assert response.status_code == 200
    assert "must add up to 100%. They add up to 75%." in response.content.decode()
    assert not Challenge.objects.exists()


def test_a_startup_cannot_own_a_challenge(manager_client, setup_data):
    programme, theme, _owner = setup_data
    startup = OrganisationFactory(type=Organisation.Type.STARTUP)
    response = manager_client.post(
        reverse("wagtailsnippets_challenges_challenge:add"),
        _challenge_post(programme, theme, startup, [100]),
    )
    assert response.status_code == 200
    assert not Challenge.objects.exists()


def test_the_testing_fund_is_entered_in_pounds_and_stored_in_pence(
    manager_client,
):
    response = manager_client.post(
        reverse("wagtailsnippets_challenges_programme:add"),
        {
            "name": "Civic Innovation Challenge 2018-19",
            "slug": "cic-2018-19",
            "description": _rich(""),
            "starts_on": "2018-09-01",
            "ends_on": "2019-07-31",
            "delivery_partner": "",
            "testing_fund_pounds": "15000.50",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert Programme.objects.get().testing_fund_pence == 1_500_050
    page = manager_client.get(
        reverse("wagtailsnippets_challenges_programme:list")
    ).content.decode()
    assert "£15,000.50" in page


def test_a_challenge_preview_renders_the_public_page(manager_client, setup_data):
    programme, theme, owner = setup_data
    data = _challenge_post(programme, theme, owner, [100], status="draft")
    url = reverse("wagtailsnippets_challenges_challenge:preview_on_add")
    response = manager_client.post(url, data)
    assert response.json()["is_valid"] is True
    page = manager_client.get(url).content.decode()
    assert "Children breathe dirty air." in page
    assert "Criterion 0" in page


@pytest.mark.parametrize("model", ["challenge", "programme", "theme"])
def test_deleting_something_still_in_use_keeps_it_and_says_why(
    client, challenge_manager, model
):
    """A challenge with applications (a programme or theme with challenges)
    is protected: a message, not a server error, and nothing is deleted."""
    from challenges.tests.factories import ApplicationFactory

    application = ApplicationFactory()
    target = {
        "challenge": application.challenge,
        "programme": application.challenge.programme,
        "theme": application.challenge.theme,
    }[model]
    force_login_with_mfa(client, challenge_manager)
    url = reverse(f"wagtailsnippets_challenges_{model}:delete", args=[target.pk])

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "is still in use, so it cannot be deleted" in response.content.decode()
    assert type(target).objects.filter(pk=target.pk).exists()
