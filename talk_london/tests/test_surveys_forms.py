"""Each question type's answer form: GOV.UK error messages and clean values."""

import pytest

from civic.models import Borough
from talk_london.forms.surveys import answer_form

from .factories import SurveyFactory, add_question

pytestmark = pytest.mark.django_db


def _form(question, data):
    return answer_form(question, list(question.options.all()), data=data)


def _errors(question, data):
    form = _form(question, data)
    assert not form.is_valid()
    return [message for messages in form.errors.values() for message in messages]


@pytest.fixture
def survey():
    return SurveyFactory()


@pytest.mark.parametrize(
    ("kind", "fields", "data", "message"),
    [
        ("single", {"options": ["A", "B"]}, {}, "Select an option"),
        ("agreement", {}, {}, "Select how much you agree"),
        ("multiple", {"options": ["A", "B"]}, {}, "Select at least one option"),
        ("short_text", {}, {"answer": " "}, "Enter your answer"),
        ("short_text", {}, {"answer": "x" * 201}, "200 characters or fewer"),
        (
            "long_text",
            {"max_length": 20},
            {"answer": "x" * 21},
            "20 characters or fewer",
        ),
        ("number", {}, {}, "Enter a number"),
        ("number", {}, {"answer": "ten"}, "Enter a whole number, like 12"),
        (
            "number",
            {"min_value": 1, "max_value": 10},
            {"answer": "11"},
            "Enter a number between 1 and 10",
        ),
        (
            "number",
            {"min_value": 0},
            {"answer": "-1"},
            "Enter a number that is 0 or more",
        ),
        ("rating", {}, {}, "Select a rating"),
        ("rating", {}, {"answer": "6"}, "Select a valid choice"),
        ("borough", {}, {}, "Select a borough"),
        ("borough", {}, {"answer": "999999"}, "Select a borough"),
    ],
)
def test_answer_errors_read_like_gov_uk(survey, kind, fields, data, message):
    question = add_question(survey, kind, **fields)
    assert any(message in error for error in _errors(question, data))


def test_multiple_choice_limit(survey):
    question = add_question(survey, "multiple", options=["A", "B", "C"], max_choices=2)
    pks = [str(o.pk) for o in question.options.all()]
    assert "Select no more than 2 options" in _errors(question, {"answer": pks})
    assert _form(question, {"answer": pks[:2]}).is_valid()


def test_ranking_needs_every_option_ranked_once(survey):
    question = add_question(survey, "ranking", options=["A", "B", "C"])
    a, b, c = question.options.all()
    assert "Rank every option" in _errors(question, {})
    assert "Rank every option" in _errors(
        question, {f"rank_{a.pk}": "1", f"rank_{b.pk}": "2"}
    )
    assert "Give each option a different rank" in _errors(
        question, {f"rank_{a.pk}": "1", f"rank_{b.pk}": "1", f"rank_{c.pk}": "2"}
    )
    form = _form(
        question, {f"rank_{a.pk}": "3", f"rank_{b.pk}": "1", f"rank_{c.pk}": "2"}
    )
    assert form.is_valid()
    assert [o.label for o in form.answer_value().options] == ["B", "C", "A"]


def test_optional_questions_may_be_left_blank(survey):
    for kind, fields in [
        ("single", {"options": ["A", "B"]}),
        ("multiple", {"options": ["A", "B"]}),
        ("number", {}),
        ("rating", {}),
        ("ranking", {"options": ["A", "B"]}),
        ("borough", {}),
        ("long_text", {}),
    ]:
        question = add_question(survey, kind, required=False, **fields)
        form = _form(question, {})
        assert form.is_valid(), (kind, form.errors)
        value = form.answer_value()
        assert value.options == [] and value.number is None and not value.text


def test_rating_labels_its_ends(survey):
    question = add_question(
        survey, "rating", min_value=1, max_value=5, low_label="Poor", high_label="Great"
    )
    labels = [label for _value, label in _form(question, None).fields["answer"].choices]
    assert labels == ["1 – Poor", "2", "3", "4", "5 – Great"]
    form = _form(question, {"answer": "5"})
    assert form.is_valid()
    assert form.answer_value().number == 5


def test_borough_answer_is_the_borough(survey):
    question = add_question(survey, "borough")
    borough = Borough.objects.get(name="Camden")
    form = _form(question, {"answer": str(borough.pk)})
    assert form.is_valid()
    assert form.answer_value().borough_id == borough.pk
