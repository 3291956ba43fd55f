"""Survey results for staff, in the Wagtail admin (so the admin's sign-in and
authenticator-code rules apply)."""

from __future__ import annotations

import csv

from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from talk_london.models.surveys import QuestionKind, Survey
from talk_london.selectors_surveys import survey_export_rows, survey_results

RESULTS_PERMISSION = "talk_london.view_survey"

app_name = "talk_london_surveys"


class ResultsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "talk_london/surveys/admin_results.html"
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(RESULTS_PERMISSION):
            return TemplateResponse(
                request,
                "civic/admin/permission_denied.html",
                {
                    "page_title": _("You do not have permission"),
                    "header_icon": "warning",
                },
                status=403,
            )
        self.survey = get_object_or_404(Survey, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Results: %(title)s") % {"title": self.survey.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailsnippets_talk_london_survey:list"),
                "label": _("Surveys"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        respondents, results = survey_results(survey=self.survey)
        context.update(
            survey=self.survey,
            respondents=respondents,
            results=results,
            kinds=QuestionKind,
        )
        return context


class _Echo:
    def write(self, value):
        return value


def _safe_cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def export_csv(request, pk: int):
    if not request.user.has_perm(RESULTS_PERMISSION):
        return ResultsView.as_view()(request, pk=pk)  # the same 403 page
    survey = get_object_or_404(Survey, pk=pk)
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (
            writer.writerow([_safe_cell(cell) for cell in row])
            for row in survey_export_rows(survey=survey)
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{survey.slug}.csv"'
    return response


urlpatterns = [
    path("<int:pk>/results/", ResultsView.as_view(), name="results"),
    path("<int:pk>/results.csv", export_csv, name="export"),
]
