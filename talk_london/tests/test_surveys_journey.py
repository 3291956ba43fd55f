import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from civic.tests.factories import UserFactory
from talk_london.models import Answer, Response
from talk_london.models.surveys import ResponseStatus

from .factories import MembershipFactory, SurveyFactory, add_question, option

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    """Q1 travel mode (single, with Other); Q2 only for cyclists; Q3 rating."""
    survey = SurveyFactory(slug="transport", title="Getting around")
    q1 = add_question(
        survey,
        "single",
        "How do you usually travel?",
        options=["Bus", "Bike", "Car"],
        allow_other=True,
    )
    q2 = add_question(
        survey,
        "multiple",
        "What would make cycling safer?",
        options=["Segregated lanes", "Lower speed limits", "Better lighting"],
        max_choices=2,
        show_if_question_number=1,
        show_if_answer="Bike",
    )
    q3 = add_question(
        survey,
        "rating",
        "How satisfied are you with your journey?",
        low_label="Very unhappy",
        high_label="Very happy",
    )
    survey.q = (q1, q2, q3)
    return survey


def question_url(survey, question, change=False):
    url = reverse("talk_london:survey_question", args=[survey.slug, question.pk])
    return url + ("?change=1" if change else "")


def begin(client, survey):
    return client.get(reverse("talk_london:survey_begin", args=[survey.slug]))


def test_start_page_is_public_and_offers_start_now(client, survey):
    response = client.get(survey.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Getting around" in page
    assert "Start now" in page
    assert "About 5 minutes" in page


def test_closed_survey_says_so_and_offers_no_start(client, resident):
    survey = SurveyFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(resident)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "This survey is closed" in page
    assert "Start now" not in page
    response = begin(client, survey)
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_survey_not_yet_open_says_when_it_opens(client, resident):
    survey = SurveyFactory(
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    client.force_login(resident)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "This survey opens on" in page
    assert "Start now" not in page
    begin(client, survey)
    assert not Response.objects.exists()


def test_anonymous_person_is_asked_to_sign_in(client, survey):
    response = begin(client, survey)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or "login" in response["Location"]


def test_unverified_person_is_asked_to_confirm_email(
    client, unverified_resident, survey
):
    client.force_login(unverified_resident)
    response = begin(client, survey)
    assert response["Location"] == reverse("civic:verify_email_needed")


@pytest.mark.parametrize(
    ("persona", "member", "status"),
    [("resident", False, 403), ("resident", True, 302), ("moderator", False, 403)],
)
def test_members_only_survey_refuses_non_members_with_a_join_offer(
    client, request, persona, member, status
):
    user = request.getfixturevalue(persona)
    if member:
        MembershipFactory(user=user)
    survey = SurveyFactory(audience="members")
    add_question(survey, "short_text", "Anything else?")
    client.force_login(user)
    response = begin(client, survey)
    assert response.status_code == status
    if status == 403:
        assert "Join Talk London" in response.content.decode()
        assert not Response.objects.exists()


def test_full_journey_with_branching_check_answers_and_submit(client, resident, survey):
    q1, q2, q3 = survey.q
    client.force_login(resident)
    response = begin(client, survey)
    assert response["Location"] == question_url(survey, q1)

    page = client.get(question_url(survey, q1)).content.decode()
    assert "Question 1 of 2" in page
    response = client.post(question_url(survey, q1), {"answer": option(q1, "Bike").pk})
    assert response["Location"] == question_url(survey, q2)

    page = client.get(question_url(survey, q2)).content.decode()
    assert "Question 2 of 3" in page
    response = client.post(
        question_url(survey, q2),
        {
            "answer": [
                option(q2, "Segregated lanes").pk,
                option(q2, "Better lighting").pk,
            ]
        },
    )
    assert response["Location"] == question_url(survey, q3)
    response = client.post(question_url(survey, q3), {"answer": "4"})
    check_url = reverse("talk_london:survey_check", args=[survey.slug])
    assert response["Location"] == check_url

    page = client.get(check_url).content.decode()
    assert "Segregated lanes" in page and "Better lighting" in page
    assert question_url(survey, q2, change=True).replace("&", "&amp;") in page

    response = client.post(check_url)
    assert response["Location"] == reverse(
        "talk_london:survey_done", args=[survey.slug]
    )
    saved = Response.objects.get()
    assert saved.status == ResponseStatus.SUBMITTED
    page = client.get(response["Location"]).content.decode()
    assert "Answers sent" in page


def test_changing_an_earlier_answer_drops_answers_that_no_longer_apply(
    client, resident, survey
):
    q1, q2, q3 = survey.q
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bike").pk})
    client.post(
        question_url(survey, q2), {"answer": [option(q2, "Better lighting").pk]}
    )
    client.post(question_url(survey, q3), {"answer": "3"})
    assert Answer.objects.filter(question=q2).exists()

    response = client.post(
        question_url(survey, q1, change=True), {"answer": option(q1, "Bus").pk}
    )
    assert response["Location"] == reverse(
        "talk_london:survey_check", args=[survey.slug]
    )
    assert not Answer.objects.filter(question=q2).exists()
    # The branch is gone: its page sends people on.
    response = client.get(question_url(survey, q2))
    assert response.status_code == 302


def test_change_that_opens_a_branch_asks_the_new_question_then_returns_to_check(
    client, resident, survey
):
    q1, q2, q3 = survey.q
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Car").pk})
    client.post(question_url(survey, q3), {"answer": "2"})
    response = client.post(
        question_url(survey, q1, change=True), {"answer": option(q1, "Bike").pk}
    )
    assert response["Location"] == question_url(survey, q2, change=True)
    response = client.post(
        question_url(survey, q2, change=True),
        {"answer": [option(q2, "Better lighting").pk]},
    )
    assert response["Location"] == reverse(
        "talk_london:survey_check", args=[survey.slug]
    )


def test_leaving_and_coming_back_resumes_at_the_first_unanswered_question(
    client, resident, survey
):
    q1, q2, q3 = survey.q
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bus").pk})
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "Continue where you left off" in page
    assert begin(client, survey)["Location"] == question_url(survey, q3)


def test_other_answer_needs_its_text(client, resident, survey):
    q1 = survey.q[0]
    client.force_login(resident)
    begin(client, survey)
    response = client.post(question_url(survey, q1), {"answer": option(q1, "Other").pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter your other answer" in page
    assert "govuk-error-summary" in page
    assert "<title>Error:" in page
    client.post(
        question_url(survey, q1), {"answer": option(q1, "Other").pk, "other": "Walk"}
    )
    answer = Answer.objects.get(question=q1)
    assert (answer.option.label, answer.text_value) == ("Other", "Walk")


def test_too_many_choices_is_an_error(client, resident, survey):
    q1, q2, _q3 = survey.q
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bike").pk})
    response = client.post(
        question_url(survey, q2), {"answer": [o.pk for o in q2.options.all()]}
    )
    assert "Select no more than 2 options" in response.content.decode()


def test_submitted_response_cannot_be_changed(client, resident, survey):
    q1, _q2, q3 = survey.q
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bus").pk})
    client.post(question_url(survey, q3), {"answer": "5"})
    client.post(reverse("talk_london:survey_check", args=[survey.slug]))
    response = client.post(question_url(survey, q1), {"answer": option(q1, "Car").pk})
    assert response["Location"] == reverse(
        "talk_london:survey_done", args=[survey.slug]
    )
    assert Answer.objects.get(question=q1).option.label == "Bus"
    # A second submit (double click, other tab) lands on the confirmation too.
    response = client.post(reverse("talk_london:survey_check", args=[survey.slug]))
    assert response["Location"] == reverse(
        "talk_london:survey_done", args=[survey.slug]
    )
    assert Response.objects.count() == 1


def test_missing_required_answer_blocks_sending(client, resident, survey):
    q1 = survey.q[0]
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bus").pk})
    check_url = reverse("talk_london:survey_check", args=[survey.slug])
    page = client.get(check_url).content.decode()
    assert "Not answered" in page
    assert "Send answers" not in page
    response = client.post(check_url, follow=True)
    assert "before you send your answers" in response.content.decode()
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


def test_survey_that_closes_mid_journey_refuses_answers_and_sending(
    client, resident, survey
):
    q1, _q2, q3 = survey.q
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bus").pk})
    client.post(question_url(survey, q3), {"answer": "5"})
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.opens_at = timezone.now() - datetime.timedelta(days=3)
    survey.save()

    response = client.post(
        question_url(survey, q1), {"answer": option(q1, "Car").pk}, follow=True
    )
    page = response.content.decode()
    assert "We cannot accept any more answers" in page
    assert Answer.objects.get(question=q1).option.label == "Bus"
    response = client.post(
        reverse("talk_london:survey_check", args=[survey.slug]), follow=True
    )
    assert "We cannot accept any more answers" in response.content.decode()
    assert Response.objects.get().status == ResponseStatus.IN_PROGRESS


def test_other_people_cannot_see_or_change_my_answers(
    client, resident, other_resident, survey
):
    q1 = survey.q[0]
    client.force_login(resident)
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bike").pk})
    client.force_login(other_resident)
    # No response yet: the question page sends them to the start page.
    response = client.get(question_url(survey, q1))
    assert response["Location"] == survey.get_absolute_url()
    begin(client, survey)
    page = client.get(question_url(survey, q1)).content.decode()
    assert "checked" not in page
    assert Response.objects.count() == 2


def _answer_first_two(client, survey):
    q1, q2, _q3 = survey.q
    begin(client, survey)
    client.post(question_url(survey, q1), {"answer": option(q1, "Bike").pk})
    client.post(
        question_url(survey, q2), {"answer": [option(q2, "Better lighting").pk]}
    )


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_journey_query_counts_do_not_grow_with_other_peoples_answers(
    client, resident, survey, django_assert_max_num_queries
):
    q3 = survey.q[2]
    check_url = reverse("talk_london:survey_check", args=[survey.slug])
    others = UserFactory.create_batch(2)
    for person in others:
        client.force_login(person)
        _answer_first_two(client, survey)
    client.force_login(resident)
    _answer_first_two(client, survey)
    few = [
        _count_queries(client, question_url(survey, q3)),
        _count_queries(client, check_url),
    ]

    for person in UserFactory.create_batch(20):
        client.force_login(person)
        _answer_first_two(client, survey)
    client.force_login(resident)
    many = [
        _count_queries(client, question_url(survey, q3)),
        _count_queries(client, check_url),
    ]
    assert few == many
    with django_assert_max_num_queries(14):
        client.get(question_url(survey, q3))


def test_survey_list_shows_open_surveys_only(client, survey):
    SurveyFactory(
        title="Old one",
        opens_at=timezone.now() - datetime.timedelta(days=10),
        closes_at=timezone.now() - datetime.timedelta(days=1),
    )
    page = client.get(reverse("talk_london:survey_list")).content.decode()
    assert "Getting around" in page
    assert "Old one" not in page


@pytest.mark.parametrize("page", ["begin", "question", "check", "done"])
def test_answering_pages_need_sign_in_and_a_verified_email(
    client, unverified_resident, survey, page
):
    urls = {
        "begin": reverse("talk_london:survey_begin", args=[survey.slug]),
        "question": question_url(survey, survey.q[0]),
        "check": reverse("talk_london:survey_check", args=[survey.slug]),
        "done": reverse("talk_london:survey_done", args=[survey.slug]),
    }
    response = client.get(urls[page])
    assert response.status_code == 302
    assert "login" in response["Location"]
    client.force_login(unverified_resident)
    response = client.get(urls[page])
    assert response["Location"] == reverse("civic:verify_email_needed")
    assert not Response.objects.exists()


@pytest.mark.parametrize("page", ["question", "check", "done"])
def test_pages_after_start_send_people_without_a_response_to_the_start(
    client, other_resident, survey, page
):
    urls = {
        "question": question_url(survey, survey.q[0]),
        "check": reverse("talk_london:survey_check", args=[survey.slug]),
        "done": reverse("talk_london:survey_done", args=[survey.slug]),
    }
    client.force_login(other_resident)
    response = client.get(urls[page])
    assert response["Location"] == survey.get_absolute_url()


def test_members_only_question_pages_refuse_someone_who_left(client, resident):
    membership = MembershipFactory(user=resident)
    survey = SurveyFactory(audience="members")
    question = add_question(survey, "short_text", "Anything else?")
    client.force_login(resident)
    begin(client, survey)
    membership.delete()
    response = client.post(question_url(survey, question), {"answer": "Hello"})
    assert response.status_code == 403
    assert not Answer.objects.exists()
