"""Survey results for staff, in the Wagtail admin (so the admin's sign-in and
authenticator-code rules apply)."""

from __future__ import annotations

import logging
from datetime import timedelta

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from talk_london.models import ExportJob
from talk_london.models.surveys import Question, QuestionKind, Survey
from talk_london.representativeness import SMALL_NUMBER
from talk_london.selectors_breakdowns import (
    breakdown_choices,
    survey_results_broken_down,
)
from talk_london.selectors_surveys import (
    responses_by_day,
    survey_results,
    text_answers,
)
from talk_london.services.exports import export_file_path, export_request

RESULTS_PERMISSION = "talk_london.view_survey"

app_name = "talk_london_surveys"


class _SurveyAdminView(WagtailAdminTemplateMixin, TemplateView):
    """Staff with the survey permission; everyone else gets a real 403."""

    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RESULTS_PERMISSION):
            return permission_denied(request)
        self.survey = get_object_or_404(Survey, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def results_title(self) -> str:
        return _("Results: %(title)s") % {"title": self.survey.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_talk_london_survey:list"),
                "label": _("Surveys"),
            },
        ]


class ResultsView(_SurveyAdminView):
    template_name = "talk_london/surveys/admin_results.html"

    def get_page_title(self):
        return self.results_title()

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": self.results_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = BreakdownForm(self.request.GET or None)
        breakdown = form.cleaned_data["by"] if form.is_valid() else ""
        respondents, results, breakdowns, by_day = cached_results(
            self.survey, breakdown
        )
        for result in results:
            result.breakdown = breakdowns.get(result.question.pk)
        context.update(
            survey=self.survey,
            respondents=respondents,
            results=results,
            kinds=QuestionKind,
            by_day=_every_day(by_day),
            breakdown_form=form if form.is_bound else BreakdownForm(),
            breakdown=breakdown,
            breakdown_label=dict(breakdown_choices()).get(breakdown, ""),
            small_number=SMALL_NUMBER,
        )
        return context


logger = logging.getLogger(__name__)
RESULTS_CACHE_SECONDS = 60 * 60


def survey_area(survey_id: int) -> str:
    return f"talk_london:survey:{survey_id}"


def cached_results(survey: Survey, breakdown: str):
    """The results screen's figures, computed once per change of the survey's
    submitted responses and kept in the shared cache (Redis). A closed survey
    with 50,000 responses takes about 0.4 s to aggregate; staff reading it
    again, or several at once, should not each pay that. Any submitted,
    changed or deleted response bumps the survey's version
    (``talk_london.caching``), so the figures are never stale; without a
    cache they are computed every time."""
    from django.core.cache import cache

    from civic.caching import area_versions

    versions = area_versions((survey_area(survey.pk),))
    key = (
        f"talk_london:results:{survey.pk}:{versions[0]}:{breakdown or '-'}"
        if versions
        else None
    )
    if key:
        try:
            found = cache.get(key)
        except Exception:  # the cache is down: compute
            found = None
        if found is not None:
            return found
    breakdowns = {}
    by_day = responses_by_day(survey=survey)
    if breakdown:
        respondents, results, breakdowns = survey_results_broken_down(
            survey=survey, field_name=breakdown
        )
    else:
        respondents, results = survey_results(
            survey=survey, respondents=sum(n for _day, n in by_day)
        )
    value = (respondents, results, breakdowns, by_day)
    if key:
        try:
            cache.set(key, value, RESULTS_CACHE_SECONDS)
        except Exception:
            logger.warning("results cache unavailable", exc_info=True)
    return value


def _every_day(by_day: list[tuple]) -> list[tuple]:
    """Days with no responses as 0, so the chart's time axis is even."""
    if not by_day:
        return []
    counts = dict(by_day)
    first, last = by_day[0][0], by_day[-1][0]
    return [
        (first + timedelta(days=i), counts.get(first + timedelta(days=i), 0))
        for i in range((last - first).days + 1)
    ]


class BreakdownForm(forms.Form):
    by = forms.ChoiceField(
        label=_l("Break down by"), choices=breakdown_choices, required=False
    )


class TextAnswersView(_SurveyAdminView):
    """One question's written answers, paged and searchable."""

    template_name = "talk_london/surveys/admin_text_answers.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RESULTS_PERMISSION):
            return permission_denied(request)
        self.question = get_object_or_404(
            Question.objects.filter(
                survey_id=kwargs["pk"],
                kind__in=(QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT),
            ),
            pk=kwargs["question_pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Answers: %(text)s") % {"text": self.question.text}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse("talk_london_surveys:results", args=[self.survey.pk]),
                "label": self.results_title(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").strip()[:100]
        paginator = Paginator(
            text_answers(question=self.question, search=search), self.paginate_by
        )
        context.update(
            survey=self.survey,
            question=self.question,
            search=search,
            page_obj=paginator.get_page(self.request.GET.get("p")),
        )
        return context


def permission_denied(request):
    return TemplateResponse(
        request,
        "civic/admin/permission_denied.html",
        {"page_title": _("You do not have permission"), "header_icon": "warning"},
        status=403,
    )


class ExportStatusView(WagtailAdminTemplateMixin, TemplateView):
    """Progress of one export, refreshed by a link (or a meta refresh while it
    runs): no JavaScript needed."""

    header_icon = "download"
    template_name = "talk_london/surveys/admin_export.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RESULTS_PERMISSION):
            return permission_denied(request)
        self.job = get_object_or_404(
            ExportJob.objects.select_related("survey"), pk=kwargs["job_pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Export: %(title)s") % {"title": self.job.survey.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_talk_london_survey:list"),
                "label": _("Surveys"),
            },
            {
                "url": reverse(
                    "talk_london_surveys:results", args=[self.job.survey_id]
                ),
                "label": _("Results: %(title)s") % {"title": self.job.survey.title},
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(job=self.job, survey=self.job.survey, statuses=ExportJob.Status)
        return context


@require_POST
def export_request_view(request, pk: int):
    if not request.user.has_perm(RESULTS_PERMISSION):
        return permission_denied(request)
    survey = get_object_or_404(Survey, pk=pk)
    job = export_request(survey=survey, user=request.user)
    return redirect("talk_london_surveys:export_status", job_pk=job.pk)


@require_safe
def export_download(request, job_pk: int):
    """The file lives outside the web root; only this view hands it out."""
    if not request.user.has_perm(RESULTS_PERMISSION):
        return permission_denied(request)
    job = get_object_or_404(
        ExportJob.objects.select_related("survey"),
        pk=job_pk,
        status=ExportJob.Status.DONE,
    )
    path = export_file_path(job)
    if not job.file_path or not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{job.survey.slug}-answers.csv",
        content_type="text/csv; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("<int:pk>/results/", ResultsView.as_view(), name="results"),
    path("<int:pk>/export/", export_request_view, name="export"),
    path("exports/<int:job_pk>/", ExportStatusView.as_view(), name="export_status"),
    path("exports/<int:job_pk>/download/", export_download, name="export_download"),
    path(
        "<int:pk>/questions/<int:question_pk>/answers/",
        TextAnswersView.as_view(),
        name="text_answers",
    ),
]
