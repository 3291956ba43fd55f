"""Demo surveys: one open now (every question type, with branching) and one
closed with some answers, so the results screen has something to show.

Idempotent: a survey whose slug exists is left alone.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from civic.models import User
from talk_london.models.surveys import (
    Answer,
    Question,
    Response,
    ResponseStatus,
    Survey,
)
from talk_london.services.surveys import survey_sync_structure

LIVE = {
    "slug": "getting-around-london",
    "title": "Getting around London",
    "introduction": (
        "City Hall is planning the next Transport Strategy. Tell us how you "
        "travel today and what would make your journeys better."
    ),
    "audience": "signed_in",
    "estimated_minutes": 6,
    "questions": [
        {
            "kind": "single",
            "text": "How do you usually travel to work or study?",
            "options": ["Bus", "Tube or train", "Cycle", "Walk", "Car"],
            "allow_other": True,
        },
        {
            "kind": "multiple",
            "text": "What would make cycling safer for you?",
            "hint": "Select all that apply.",
            "options": [
                "Separate cycle lanes",
                "Lower speed limits",
                "Secure cycle parking",
                "Better lighting",
            ],
            "max_choices": 3,
            "show_if_question_number": 1,
            "show_if_answer": "Cycle",
        },
        {
            "kind": "number",
            "text": "How many minutes does your usual journey take?",
            "min_value": 1,
            "max_value": 300,
        },
        {
            "kind": "rating",
            "text": "How satisfied are you with your usual journey?",
            "min_value": 1,
            "max_value": 5,
            "low_label": "Very dissatisfied",
            "high_label": "Very satisfied",
        },
        {
            "kind": "agreement",
            "text": "Public transport in London is good value for money.",
        },
        {
            "kind": "ranking",
            "text": "Rank these improvements, most important first",
            "options": [
                "More frequent buses",
                "Cheaper fares",
                "Step-free stations",
                "Cleaner air",
            ],
        },
        {"kind": "borough", "text": "Which borough do you live in?"},
        {
            "kind": "short_text",
            "text": "Which route or station would you improve first?",
            "required": False,
        },
        {
            "kind": "long_text",
            "text": "Is there anything else you want to tell us?",
            "required": False,
            "max_length": 1000,
        },
    ],
}

CLOSED = {
    "slug": "your-high-street",
    "title": "Your high street",
    "introduction": "What brings you to your local high street, and what keeps you away?",
    "audience": "signed_in",
    "estimated_minutes": 3,
    "you_said": (
        "Most of you visit your high street every week. You want more places "
        "to sit and more independent shops, and many of you do not feel safe "
        "there after dark."
    ),
    "we_did": (
        "We have funded new benches and lighting on 12 high streets through "
        "the High Streets for All fund, and a pop-up shop scheme for "
        "independent traders."
    ),
    "results_published": True,
    "questions": [
        {
            "kind": "single",
            "text": "How often do you visit your local high street?",
            "show_in_published_results": True,
            "options": ["Every day", "Every week", "Every month", "Less often"],
        },
        {
            "kind": "multiple",
            "text": "What would bring you there more often?",
            "show_in_published_results": True,
            "options": ["Independent shops", "Places to sit", "Markets", "Events"],
        },
        {
            "kind": "agreement",
            "text": "My high street feels safe.",
            "show_in_published_results": True,
        },
        {"kind": "rating", "text": "Rate your high street overall"},
    ],
}


def _create(spec: dict, *, opens_at, closes_at) -> Survey:
    survey = Survey.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        introduction=spec["introduction"],
        audience=spec["audience"],
        estimated_minutes=spec["estimated_minutes"],
        you_said=spec.get("you_said", ""),
        we_did=spec.get("we_did", ""),
        results_published=spec.get("results_published", False),
        opens_at=opens_at,
        closes_at=closes_at,
    )
    for position, question in enumerate(spec["questions"]):
        fields = {k: v for k, v in question.items() if k != "options"}
        Question.objects.create(
            survey=survey,
            sort_order=position,
            options_text="\n".join(question.get("options", [])),
            **fields,
        )
    survey_sync_structure(survey=survey)
    return survey


def _answer_closed_survey(survey: Survey) -> int:
    """Every demo account answered the closed survey, in a fixed pattern."""
    questions = list(
        survey.questions.order_by("sort_order").prefetch_related("options")
    )
    people = list(User.objects.filter(email__endswith="@example.org").order_by("email"))
    rows = []
    for i, person in enumerate(people):
        response = Response.objects.create(
            survey=survey,
            user=person,
            status=ResponseStatus.SUBMITTED,
            submitted_at=survey.closes_at - datetime.timedelta(days=1, hours=i),
        )
        often, bring, safe, rating = questions
        often_opts = list(often.options.all())
        bring_opts = list(bring.options.all())
        safe_opts = list(safe.options.all())
        rows.append(Answer(response=response, question=often, option=often_opts[i % 4]))
        rows.append(
            Answer(response=response, question=bring, option=bring_opts[i % 4], rank=1)
        )
        if i % 2:  # odd i: bring_opts[i % 4] is never bring_opts[0]
            rows.append(
                Answer(response=response, question=bring, option=bring_opts[0], rank=2)
            )
        rows.append(Answer(response=response, question=safe, option=safe_opts[i % 5]))
        rows.append(Answer(response=response, question=rating, number_value=i % 5 + 1))
    Answer.objects.bulk_create(rows)
    return len(people)


def seed(stdout) -> None:
    now = timezone.now()
    if not Survey.objects.filter(slug=LIVE["slug"]).exists():
        _create(
            LIVE,
            opens_at=now - datetime.timedelta(days=3),
            closes_at=now + datetime.timedelta(days=60),
        )
        stdout.write(f"  survey: {LIVE['title']} (open)")
    if not Survey.objects.filter(slug=CLOSED["slug"]).exists():
        survey = _create(
            CLOSED,
            opens_at=now - datetime.timedelta(days=60),
            closes_at=now - datetime.timedelta(days=7),
        )
        count = _answer_closed_survey(survey)
        stdout.write(f"  survey: {CLOSED['title']} (closed, {count} responses)")
