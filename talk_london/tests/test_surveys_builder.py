"""Staff build surveys in the Wagtail admin."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from talk_london.models import Answer, Question, QuestionOption, Response, Survey
from talk_london.services.surveys import applicable_questions, survey_sync_structure
from tests.fixtures import force_login_with_mfa

from .factories import SurveyFactory, add_question, option

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_talk_london_survey:add"


def _question(kind, text, sort_order, **extra):
    data = {
        "kind": kind,
        "text": text,
        "hint": "",
        "required": "on",
        "options_text": "",
        "ORDER": str(sort_order),
    }
    data.update(extra)
    return data


def _survey_data(questions, slug="parks"):
    now = timezone.localtime()
    return nested_form_data(
        {
            "title": "Parks and green spaces",
            "slug": slug,
            "introduction": "Tell us about your local park.",
            "opens_at": (now - datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M"),
            "closes_at": (now + datetime.timedelta(days=9)).strftime("%Y-%m-%d %H:%M"),
            "audience": "members",
            "estimated_minutes": "4",
            "questions": inline_formset(questions),
        }
    )


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("programme_manager", True),
        ("superuser", True),
        ("moderator", False),
        ("content_editor", False),
    ],
)
def test_who_can_open_the_survey_builder(client, request, persona, allowed):
    force_login_with_mfa(client, request.getfixturevalue(persona))
    response = client.get(reverse(ADD_URL))
    if allowed:
        assert response.status_code == 200
        assert "Questions" in response.content.decode()
    else:
        assert response.status_code in (302, 403)


def test_residents_cannot_reach_the_builder(client, resident):
    client.force_login(resident)
    response = client.get(reverse(ADD_URL))
    assert response.status_code == 403
    assert Survey.objects.count() == 0


def test_talk_london_menu_group_lists_surveys(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Talk London" in page


def test_programme_manager_builds_a_branching_survey(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    data = _survey_data(
        [
            _question(
                "single",
                "Do you visit a park?",
                1,
                options_text="Yes\nNo",
                allow_other="on",
            ),
            _question(
                "ranking",
                "Rank these improvements",
                2,
                options_text="Toilets\nCafés\nBenches",
                show_if_question_number="1",
                show_if_answer="Yes",
            ),
            _question("agreement", "Parks are well kept", 3),
        ]
    )
    response = client.post(reverse(ADD_URL), data)
    assert response.status_code == 302, response.context["form"].errors
    survey = Survey.objects.get(slug="parks")
    q1, q2, q3 = survey.questions.order_by("sort_order")
    assert list(q1.options.values_list("label", "is_other")) == [
        ("Yes", False),
        ("No", False),
        ("Other", True),
    ]
    assert q2.condition_option == option(q1, "Yes")
    assert q3.options.count() == 5  # the five agreement points


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ({"show_if_question_number": "2"}, "Choose an earlier question"),
        ({"show_if_question_number": "3"}, "Choose an earlier question"),
        ({"show_if_question_number": "1"}, "must be a single choice question"),
    ],
)
def test_branching_must_point_at_an_earlier_single_choice_question(
    client, programme_manager, condition, message
):
    force_login_with_mfa(client, programme_manager)
    data = _survey_data(
        [
            _question("short_text", "Your name for the park", 1),
            _question("short_text", "Why?", 2, show_if_answer="Yes", **condition),
        ]
    )
    response = client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Survey.objects.exists()


def test_branching_answer_must_be_one_of_the_options(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    data = _survey_data(
        [
            _question("single", "Do you visit a park?", 1, options_text="Yes\nNo"),
            _question(
                "short_text",
                "Why?",
                2,
                show_if_question_number="1",
                show_if_answer="Maybe",
            ),
        ]
    )
    response = client.post(reverse(ADD_URL), data)
    assert "exactly as typed" in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "extra", "message"),
    [
        ("single", {"options_text": "Only one"}, "Enter at least 2 options"),
        ("ranking", {"options_text": "\n".join("abcdefgh")}, "no more than 7"),
        ("multiple", {"options_text": "A\nA"}, "Each option must be different"),
        ("number", {"min_value": "10", "max_value": "1"}, "must be more than"),
        ("rating", {"min_value": "0", "max_value": "20"}, "up to 11 points"),
        ("short_text", {"show_if_answer": "Yes"}, "or neither"),
        ("single", {"options_text": "A\nOther", "allow_other": "on"}, "adds it"),
    ],
)
def test_question_settings_are_checked(client, programme_manager, kind, extra, message):
    force_login_with_mfa(client, programme_manager)
    response = client.post(
        reverse(ADD_URL), _survey_data([_question(kind, "A question", 1, **extra)])
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_survey_must_close_after_it_opens(client, programme_manager):
    force_login_with_mfa(client, programme_manager)
    data = _survey_data([_question("short_text", "Anything?", 1)])
    data["closes_at"] = data["opens_at"]
    response = client.post(reverse(ADD_URL), data)
    assert "must be after the opening time" in response.content.decode()


def test_editing_options_keeps_chosen_options_and_their_answers(resident):
    survey = SurveyFactory()
    question = add_question(survey, "single", "Pick", options=["Red", "Blue", "Green"])
    response = Response.objects.create(survey=survey, user=resident)
    Answer.objects.create(
        response=response, question=question, option=option(question, "Red")
    )
    red_pk = option(question, "Red").pk

    question.options_text = "Blue\nYellow"
    question.save()
    survey_sync_structure(survey=survey)

    labels = list(
        QuestionOption.objects.filter(question=question, is_active=True).values_list(
            "label", flat=True
        )
    )
    assert labels == ["Blue", "Yellow"]
    # Red was chosen: retired, not deleted. Green was not: deleted.
    assert QuestionOption.objects.get(pk=red_pk).is_active is False
    assert not QuestionOption.objects.filter(label="Green").exists()
    assert Answer.objects.get().option_id == red_pk


def test_nested_branches_follow_their_parent():
    survey = SurveyFactory()
    q1 = add_question(survey, "single", "A?", options=["Yes", "No"])
    q2 = add_question(
        survey,
        "single",
        "B?",
        options=["Yes", "No"],
        show_if_question_number=1,
        show_if_answer="Yes",
    )
    q3 = add_question(
        survey, "short_text", "C?", show_if_question_number=2, show_if_answer="Yes"
    )
    questions = list(Question.objects.filter(survey=survey).prefetch_related("options"))
    yes1, yes2 = option(q1, "Yes").pk, option(q2, "Yes").pk
    assert applicable_questions(questions, set()) == [q1]
    assert applicable_questions(questions, {yes1}) == [q1, q2]
    assert applicable_questions(questions, {yes1, yes2}) == [q1, q2, q3]
    # q2's answer is stale when q1 is no longer "Yes": q3 must not show.
    assert applicable_questions(questions, {yes2}) == [q1]


def test_editing_a_survey_in_the_admin_syncs_its_options(client, programme_manager):
    survey = SurveyFactory(slug="edit-me")
    question = add_question(survey, "single", "Pick one", options=["Red", "Blue"])
    force_login_with_mfa(client, programme_manager)
    edit_url = reverse("wagtailsnippets_talk_london_survey:edit", args=[survey.pk])
    assert client.get(edit_url).status_code == 200
    data = _survey_data(
        [
            {
                **_question("single", "Pick one", 1, options_text="Red\nGreen"),
                "id": str(question.pk),
            }
        ],
        slug="edit-me",
    )
    data["questions-INITIAL_FORMS"] = "1"
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert list(question.options.values_list("label", flat=True)) == ["Red", "Green"]


def test_answered_questions_cannot_be_deleted_or_change_type(
    client, programme_manager, resident
):
    survey = SurveyFactory(slug="answered")
    question = add_question(survey, "single", "Pick one", options=["Red", "Blue"])
    response = Response.objects.create(survey=survey, user=resident)
    Answer.objects.create(
        response=response, question=question, option=option(question, "Red")
    )
    force_login_with_mfa(client, programme_manager)
    edit_url = reverse("wagtailsnippets_talk_london_survey:edit", args=[survey.pk])
    base = {"id": str(question.pk), "options_text": "Red\nBlue"}
    for change, message in [
        ({"kind": "multiple"}, "its type cannot change"),
        ({"DELETE": "1"}, "cannot be deleted"),
    ]:
        data = _survey_data(
            [{**_question("single", "Pick one", 1), **base, **change}], slug="answered"
        )
        data["questions-INITIAL_FORMS"] = "1"
        response = client.post(edit_url, data)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert Answer.objects.filter(question=question).exists()
