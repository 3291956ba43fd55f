"""Open data about the Civic Innovation Challenge, at stable addresses."""

import csv

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from challenges import open_data as data

# Spreadsheet programs run a cell starting with these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


@require_safe
def open_data(request):
    return render(
        request,
        "challenges/open_data/index.html",
        {
            "datasets": data.DATASETS,
            "licence": data.LICENCE,
            "licence_url": data.LICENCE_URL,
        },
    )


@require_safe
@cache_control(public=True, max_age=300)
def open_data_json(request):
    response = JsonResponse(
        data.open_data_document(), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@cache_control(public=True, max_age=300)
def open_data_csv(request, dataset):
    if dataset not in data.DATASETS:
        raise Http404
    columns, rows = data.csv_rows(dataset)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="civic-innovation-challenge-{dataset}.csv"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_safe_cell(value) for value in row])
    return response
