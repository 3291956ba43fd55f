"""Joining and leaving Talk London, and the landing page."""

import pytest
from django.urls import reverse

from civic.selectors import activity_for_user
from talk_london.models import AboutYou, Membership
from talk_london.models.membership import TERMS_VERSION
from talk_london.services.membership import membership_join, membership_leave
from talk_london.tests.factories import AboutYouFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "member", "moderator"]


def _as(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


# --- Services -------------------------------------------------------------------


def test_joining_records_when_the_terms_were_accepted(resident):
    membership = membership_join(user=resident)
    assert membership.terms_accepted_at is not None
    assert membership.terms_version == TERMS_VERSION


def test_joining_twice_keeps_one_membership(resident):
    first = membership_join(user=resident)
    second = membership_join(user=resident)
    assert first.pk == second.pk
    assert Membership.objects.filter(user=resident).count() == 1


def test_leaving_deletes_the_membership_and_the_about_you_answers(member):
    AboutYouFactory(user=member, sex="female")
    assert membership_leave(user=member) is True
    assert not Membership.objects.filter(user=member).exists()
    assert not AboutYou.objects.filter(user=member).exists()


def test_leaving_when_not_a_member_changes_nothing(resident, other_resident):
    AboutYouFactory(user=other_resident)
    assert membership_leave(user=resident) is False
    assert AboutYou.objects.filter(user=other_resident).exists()


# --- Landing page ---------------------------------------------------------------


INDEX_CALL_TO_ACTION = {
    "anonymous": "Sign in to join Talk London",
    "resident": "Join Talk London",
    "member": "Leave Talk London",
    "moderator": "Join Talk London",
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_landing_page_invites_non_members_and_links_members(
    client, request, persona, django_assert_max_num_queries
):
    _as(client, request, persona)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("talk_london:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert INDEX_CALL_TO_ACTION[persona] in html
    assert ("Tell us about yourself" in html) == (persona == "member")


def test_landing_page_links_programme_managers_to_the_dashboard(
    client, programme_manager
):
    client.force_login(programme_manager)
    response = client.get(reverse("talk_london:index"))
    assert reverse("talk_london:representativeness") in response.content.decode()


# --- Joining --------------------------------------------------------------------


JOIN_PAGE = {"anonymous": 302, "resident": 200, "member": 302, "moderator": 200}


@pytest.mark.parametrize("persona", PERSONAS)
def test_join_page_is_for_signed_in_people_who_are_not_members(
    client, request, persona
):
    _as(client, request, persona)
    response = client.get(reverse("talk_london:join"))
    assert response.status_code == JOIN_PAGE[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    if persona == "member":
        assert response["Location"] == reverse("talk_london:index")


def test_join_page_explains_the_community_and_its_terms(client, resident):
    client.force_login(resident)
    html = client.get(reverse("talk_london:join")).content.decode()
    assert "The community terms" in html
    assert 'name="agree"' in html


def test_joining_without_agreeing_to_the_terms_shows_an_error(client, resident):
    client.force_login(resident)
    response = client.post(reverse("talk_london:join"), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "Confirm that you agree to the terms to join Talk London" in html
    assert "<title>Error: " in html
    assert not Membership.objects.filter(user=resident).exists()


def test_agreeing_to_the_terms_joins_talk_london(client, resident):
    client.force_login(resident)
    response = client.post(reverse("talk_london:join"), {"agree": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("talk_london:index")
    assert Membership.objects.get(user=resident).terms_accepted_at is not None


# --- Leaving --------------------------------------------------------------------


LEAVE_PAGE = {"anonymous": 302, "resident": 302, "member": 200, "moderator": 302}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_members_see_the_leave_page(client, request, persona):
    _as(client, request, persona)
    response = client.get(reverse("talk_london:leave"))
    assert response.status_code == LEAVE_PAGE[persona]


def test_leave_page_asks_before_anything_is_deleted(client, member):
    client.force_login(member)
    response = client.get(reverse("talk_london:leave"))
    assert "Are you sure you want to leave Talk London?" in response.content.decode()
    assert Membership.objects.filter(user=member).exists()


def test_confirming_leaves_and_deletes_the_answers(client, member):
    AboutYouFactory(user=member, age_band="25-34")
    client.force_login(member)
    response = client.post(reverse("talk_london:leave"))
    assert response.status_code == 302
    assert not Membership.objects.filter(user=member).exists()
    assert not AboutYou.objects.filter(user=member).exists()


# --- Activity -------------------------------------------------------------------


def test_joining_shows_on_your_activity(member):
    titles = [item.title for item in activity_for_user(member)]
    assert "Joined Talk London" in titles


def test_people_who_never_joined_have_no_talk_london_activity(resident):
    assert all(item.section != "Talk London" for item in activity_for_user(resident))


def test_joining_from_a_members_only_survey_goes_back_to_it(client, resident):
    client.force_login(resident)

    response = client.post(
        "/talk-london/join/", {"agree": "on", "next": "/talk-london/surveys/x/"}
    )

    assert response.status_code == 302
    assert response.url == "/talk-london/surveys/x/"


def test_join_ignores_a_next_address_on_another_site(client, resident):
    client.force_login(resident)

    response = client.post(
        "/talk-london/join/", {"agree": "on", "next": "https://evil.example.com/"}
    )

    assert response.url == "/talk-london/"
