"""Open Referral UK: the programme's services as JSON, at stable URLs."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from .. import open_referral


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@require_GET
def service_list(request):
    page = open_referral.parse_page(request.GET)
    if page is None:
        return JsonResponse(
            {"detail": "page and per_page must be whole numbers of 1 or more"},
            status=400,
        )
    response = JsonResponse(open_referral.service_page(page, _base_url(request)))
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def service_detail(request, service_id):
    service = open_referral.service_by_id(service_id, _base_url(request))
    if service is None:
        raise Http404("No such service")
    response = JsonResponse(service)
    response["Access-Control-Allow-Origin"] = "*"
    return response
