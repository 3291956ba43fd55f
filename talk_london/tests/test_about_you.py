"""The "about you" questions: consent, one question per page, check answers,
confirmation, deleting; and that nobody but the member ever sees a row."""

import pytest
from django.contrib import admin
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from talk_london.models import AboutYou
from talk_london.models.about_you import CONSENT_VERSION, PREFER_NOT_TO_SAY
from talk_london.services.about_you import about_you_answer, about_you_consent
from talk_london.tests.factories import AboutYouFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "member", "moderator"]
START = reverse("talk_london:about_you_start")
CHECK = reverse("talk_london:about_you_check")


def q(slug: str) -> str:
    return reverse("talk_london:about_you_question", args=[slug])


def _as(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


# --- Who can answer -------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "url",
    [START, q("age"), CHECK, reverse("talk_london:about_you_delete")],
)
def test_only_members_reach_the_about_you_pages(client, request, persona, url):
    _as(client, request, persona)
    response = client.get(url)
    if persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif persona == "member":
        # The start page shows; the others send a member without consent to it.
        assert response.status_code == (200 if url == START else 302)
        if url != START:
            assert response["Location"] == START
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("talk_london:join")


def test_start_page_explains_why_we_ask_and_that_it_is_optional(client, member):
    client.force_login(member)
    html = client.get(START).content.decode()
    assert "These questions are optional" in html
    assert "groups of 10 or more people" in html
    assert 'name="consent"' in html


def test_starting_without_consent_shows_an_error_and_saves_nothing(client, member):
    client.force_login(member)
    response = client.post(START, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Confirm that you agree to us keeping your answers" in html
    assert not AboutYou.objects.filter(user=member).exists()


def test_consenting_records_when_and_which_statement(client, member):
    client.force_login(member)
    response = client.post(START, {"consent": "on"})
    assert response["Location"] == q("age")
    about_you = AboutYou.objects.get(user=member)
    assert about_you.consent_given_at is not None
    assert about_you.consent_version == CONSENT_VERSION
    assert about_you.confirmed_at is None


# --- One question per page -------------------------------------------------------


@pytest.fixture
def consented(client, member):
    client.force_login(member)
    return about_you_consent(user=member)


def test_every_question_offers_prefer_not_to_say(client, consented):
    about_you_answer(about_you=consented, field="ethnic_group", value="asian")
    for slug in [
        "age",
        "sex",
        "gender-identity",
        "ethnic-group",
        "ethnic-background",
        "disability",
        "working-status",
        "housing",
        "borough",
    ]:
        html = client.get(q(slug)).content.decode()
        assert f'value="{PREFER_NOT_TO_SAY}"' in html, slug
        assert html.count("<h1") == 1, slug


def test_a_question_left_blank_shows_an_error(client, consented):
    response = client.post(q("age"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select your age group, or select &#x27;Prefer not to say&#x27;" in html
    assert 'href="#id_answer"' in html


def test_the_or_divider_is_not_an_answer(client, consented):
    response = client.post(q("sex"), {"answer": "__divider__"})
    assert response.status_code == 200
    consented.refresh_from_db()
    assert consented.sex == ""


def test_answers_go_one_page_after_another(client, consented):
    assert client.post(q("age"), {"answer": "25-34"})["Location"] == q("sex")
    assert client.post(q("sex"), {"answer": "female"})["Location"] == q(
        "gender-identity"
    )
    consented.refresh_from_db()
    assert (consented.age_band, consented.sex) == ("25-34", "female")


def test_the_detailed_ethnic_group_lists_only_the_chosen_group(client, consented):
    response = client.post(q("ethnic-group"), {"answer": "black"})
    assert response["Location"] == q("ethnic-background")
    html = client.get(q("ethnic-background")).content.decode()
    assert 'value="black_african"' in html
    assert 'value="asian_indian"' not in html
    # An answer from another group is refused.
    response = client.post(q("ethnic-background"), {"answer": "asian_indian"})
    assert response.status_code == 200


def test_prefer_not_to_say_skips_the_detailed_ethnic_group(client, consented):
    response = client.post(q("ethnic-group"), {"answer": PREFER_NOT_TO_SAY})
    assert response["Location"] == q("disability")
    assert client.get(q("ethnic-background"))["Location"] == q("ethnic-group")


def test_changing_the_ethnic_group_clears_a_background_that_no_longer_fits(
    client, consented
):
    about_you_answer(about_you=consented, field="ethnic_group", value="white")
    about_you_answer(
        about_you=consented, field="ethnic_background", value="white_irish"
    )
    response = client.post(q("ethnic-group") + "?change=1", {"answer": "mixed"})
    assert response["Location"] == q("ethnic-background") + "?change=1"
    consented.refresh_from_db()
    assert consented.ethnic_background == ""
    response = client.post(
        q("ethnic-background") + "?change=1", {"answer": "mixed_white_asian"}
    )
    assert response["Location"] == CHECK


def test_borough_is_one_of_the_civic_list(client, consented):
    assert client.post(q("borough"), {"answer": "E09000023"})["Location"] == CHECK
    consented.refresh_from_db()
    assert consented.borough_code == "E09000023"
    response = client.post(q("borough"), {"answer": "E07000001"})
    assert response.status_code == 200


def test_an_unknown_question_is_not_found(client, consented):
    assert client.get(q("religion")).status_code == 404


# --- Check answers, confirmation, delete -------------------------------------------


def test_check_your_answers_lists_answers_with_change_links(
    client, consented, django_assert_max_num_queries
):
    about_you_answer(about_you=consented, field="age_band", value="45-54")
    about_you_answer(about_you=consented, field="borough_code", value="E09000023")
    with django_assert_max_num_queries(10):
        response = client.get(CHECK)
    html = response.content.decode()
    assert "45 to 54" in html
    assert "Lewisham" in html
    assert "Not answered" in html
    assert q("age") + "?change=1" in html


def test_confirming_counts_the_answers_and_shows_the_confirmation(client, consented):
    response = client.post(CHECK)
    assert response["Location"] == reverse("talk_london:about_you_done")
    consented.refresh_from_db()
    assert consented.confirmed_at is not None
    html = client.get(response["Location"]).content.decode()
    assert "govuk-panel--confirmation" in html


def test_the_confirmation_page_needs_confirmed_answers(client, consented):
    assert client.get(reverse("talk_london:about_you_done"))["Location"] == START


def test_members_can_delete_their_answers(client, consented):
    url = reverse("talk_london:about_you_delete")
    assert "Are you sure" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not AboutYou.objects.filter(pk=consented.pk).exists()


def test_a_member_only_ever_sees_their_own_answers(client, member, other_resident):
    AboutYouFactory(user=other_resident, age_band="75+")
    client.force_login(member)
    about_you_consent(user=member)
    assert "75 or over" not in client.get(CHECK).content.decode()


# --- Nobody browses individual rows ---------------------------------------------


def test_about_you_has_no_django_admin():
    assert AboutYou not in admin.site._registry


def test_about_you_is_not_a_wagtail_snippet():
    assert AboutYou not in get_snippet_models()


def test_about_you_str_says_nothing_about_the_answers(member):
    about_you = AboutYouFactory(user=member, sex="male", age_band="16-24")
    assert "male" not in str(about_you)
    assert "16" not in str(about_you)
