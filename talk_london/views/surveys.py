"""The respondent's journey: start page, one question a page, check your
answers, confirmation. Works without JavaScript; answers are saved page by
page so people can leave and come back."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from civic.permissions import verified_email_required
from talk_london.forms.surveys import answer_form
from talk_london.models.surveys import Audience, Question, QuestionKind, Survey
from talk_london.selectors import is_member
from talk_london.selectors_surveys import Journey, journey_load, survey_results
from talk_london.services.surveys import (
    SurveyError,
    answer_save,
    response_start,
    response_submit,
)

PAGE_SIZE = 20


def _question_url(survey: Survey, question: Question, *, change: bool = False) -> str:
    url = reverse("talk_london:survey_question", args=[survey.slug, question.pk])
    return url + "?change=1" if change else url


def _check_url(survey: Survey) -> str:
    return reverse("talk_london:survey_check", args=[survey.slug])


def _start_url(survey: Survey) -> str:
    return reverse("talk_london:survey_start", args=[survey.slug])


def _may_answer(request: HttpRequest, survey: Survey) -> bool:
    return survey.audience != Audience.MEMBERS or is_member(request.user)


def _members_only(request: HttpRequest, survey: Survey) -> HttpResponse:
    return render(
        request, "talk_london/surveys/members_only.html", {"survey": survey}, status=403
    )


def _where_next(journey: Journey) -> str:
    question = journey.first_unanswered()
    if question is not None:
        return _question_url(journey.survey, question)
    return _check_url(journey.survey)


@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = Survey.objects.open_now().order_by("closes_at", "pk")
    page = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "talk_london/surveys/list.html", {"page_obj": page})


@require_safe
def survey_start(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    response = None
    if request.user.is_authenticated:
        response = survey.responses.filter(user=request.user).first()
    return render(
        request,
        "talk_london/surveys/start.html",
        {
            "survey": survey,
            "response": response,
            "question_count": survey.questions.count(),
        },
    )


@verified_email_required
def survey_begin(request: HttpRequest, slug: str) -> HttpResponse:
    """ "Start now" and "Continue where you left off" both land here."""
    survey = get_object_or_404(Survey, slug=slug)
    if not _may_answer(request, survey):
        return _members_only(request, survey)
    try:
        response = response_start(survey=survey, user=request.user)
    except SurveyError as error:
        messages.error(request, error.message)
        return redirect(_start_url(survey))
    if response.is_submitted:
        return redirect("talk_london:survey_done", slug=survey.slug)
    return redirect(_where_next(journey_load(survey=survey, user=request.user)))


def _journey_or_redirect(request, slug):
    survey = get_object_or_404(Survey, slug=slug)
    if not _may_answer(request, survey):
        return None, _members_only(request, survey)
    journey = journey_load(survey=survey, user=request.user)
    if journey.response is None:
        return None, redirect(_start_url(survey))
    if journey.response.is_submitted:
        return None, redirect("talk_london:survey_done", slug=survey.slug)
    return journey, None


@verified_email_required
@require_http_methods(["GET", "POST"])
def survey_question(request: HttpRequest, slug: str, question_pk: int) -> HttpResponse:
    journey, refusal = _journey_or_redirect(request, slug)
    if refusal:
        return refusal
    survey = journey.survey
    shown = journey.shown
    question = next((q for q in shown if q.pk == question_pk), None)
    if question is None:
        # Not in this survey, or a branch this person is not on.
        return redirect(_where_next(journey))
    changing = request.GET.get("change") == "1"
    options = list(question.options.all())
    form = answer_form(
        question,
        options,
        data=request.POST if request.method == "POST" else None,
        answers=journey.answers.get(question.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer_save(
                response=journey.response, question=question, value=form.answer_value()
            )
        except SurveyError as error:
            messages.error(request, error.message)
            return redirect(_start_url(survey))
        journey = journey_load(survey=survey, user=request.user)
        if changing:
            # Back to the check page, unless the change opened a new branch.
            following = journey.first_unanswered()
            if following is not None:
                return redirect(_question_url(survey, following, change=True))
            return redirect(_check_url(survey))
        following = journey.next_unanswered(after=question)
        if following is None:
            return redirect(_check_url(survey))
        return redirect(_question_url(survey, following))

    index = shown.index(question)
    if changing:
        back_url = _check_url(survey)
    elif index:
        back_url = _question_url(survey, shown[index - 1])
    else:
        back_url = _start_url(survey)
    return render(
        request,
        "talk_london/surveys/question.html",
        {
            "survey": survey,
            "question": question,
            "form": form,
            "number": index + 1,
            "total": len(shown),
            "back_url": back_url,
            "changing": changing,
            "is_ranking": question.kind == QuestionKind.RANKING,
        },
    )


def _summary_value(question: Question, answers) -> list[str]:
    """The answer as lines for the summary list."""
    if not answers or not any(
        a.option_id or a.text_value or a.number_value is not None or a.borough_id
        for a in answers
    ):
        return [_("Not answered")]
    if question.kind == QuestionKind.RANKING:
        return [f"{a.rank}. {a.option.label}" for a in answers]
    if question.kind == QuestionKind.MULTIPLE:
        return [a.option.label for a in answers]
    answer = answers[0]
    if answer.option_id:
        if answer.option.is_other and answer.text_value:
            return [f"{answer.option.label}: {answer.text_value}"]
        return [answer.option.label]
    if answer.borough_id:
        return [answer.borough.name]
    if answer.number_value is not None:
        return [str(answer.number_value)]
    return answer.text_value.splitlines() or [answer.text_value]


@verified_email_required
@require_http_methods(["GET", "POST"])
def survey_check(request: HttpRequest, slug: str) -> HttpResponse:
    journey, refusal = _journey_or_redirect(request, slug)
    if refusal:
        return refusal
    survey = journey.survey
    if request.method == "POST":
        try:
            response_submit(response=journey.response)
        except SurveyError as error:
            if error.code == "submitted":
                return redirect("talk_london:survey_done", slug=survey.slug)
            messages.error(request, error.message)
            if error.code == "incomplete":
                return redirect(_check_url(survey))
            return redirect(_start_url(survey))
        return redirect("talk_london:survey_done", slug=survey.slug)
    shown = journey.shown
    rows = [
        {
            "key": question.text,
            "value": _summary_value(question, journey.answers.get(question.pk)),
            "href": _question_url(survey, question, change=True),
            "missing": question.required and not journey.has_real_answer(question),
        }
        for question in shown
    ]
    return render(
        request,
        "talk_london/surveys/check.html",
        {
            "survey": survey,
            "rows": rows,
            "complete": not any(row["missing"] for row in rows),
            "back_url": _question_url(survey, shown[-1])
            if shown
            else _start_url(survey),
        },
    )


@require_safe
@verified_email_required
def survey_done(request: HttpRequest, slug: str) -> HttpResponse:
    survey = get_object_or_404(Survey, slug=slug)
    response = survey.responses.filter(user=request.user, status="submitted").first()
    if response is None:
        return redirect(_start_url(survey))
    return render(
        request,
        "talk_london/surveys/done.html",
        {"survey": survey, "response": response, "now": timezone.now()},
    )


@require_safe
def survey_published_results(request: HttpRequest, slug: str) -> HttpResponse:
    """ "What you told us": public once staff publish it for a closed survey."""
    survey = get_object_or_404(Survey, slug=slug, results_published=True)
    if not survey.has_closed:
        raise Http404
    respondents, results = survey_results(survey=survey)
    shown = [
        result
        for result in results
        if result.question.show_in_published_results and result.rows
    ]
    return render(
        request,
        "talk_london/surveys/published_results.html",
        {
            "survey": survey,
            "respondents": respondents,
            "results": shown,
            "ranking": QuestionKind.RANKING,
            "multiple": QuestionKind.MULTIPLE,
        },
    )
