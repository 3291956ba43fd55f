"""The lending desk's front page: your sites first, then every site."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from civic.permissions import staff_permission_required
from inclusion.models import Site
from inclusion.services.requests import waiting_list_lengths

PAGE_SIZE = 25


@staff_permission_required("inclusion.run_lending")
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    mine = list(
        Site.objects.filter(staff=request.user, is_active=True).select_related(
            "borough"
        )
    )
    others = (
        Site.objects.filter(is_active=True)
        .exclude(pk__in=[site.pk for site in mine])
        .select_related("borough")
        .order_by("name")
    )
    page = Paginator(others, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = waiting_list_lengths([*mine, *page.object_list])
    return render(
        request,
        "inclusion/staff/home.html",
        {
            "my_sites": [(site, waiting.get(site.pk, 0)) for site in mine],
            "other_sites": [(site, waiting.get(site.pk, 0)) for site in page],
            "page_obj": page,
        },
    )
