"""A lending site's dashboard for staff, and the lists its counts link to."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from civic.permissions import staff_permission_required
from inclusion.models import BorrowRequest, Device, Loan, Site

PAGE_SIZE = 25
LENDING = "inclusion.run_lending"


def lending_site(slug: str) -> Site:
    return get_object_or_404(Site, slug=slug, lends_devices=True)


def _week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    return today, today + datetime.timedelta(days=6)


# What each count on the dashboard links to: a filter over the site's loans.
LOAN_VIEWS = {
    "on_loan": (_("On loan"), lambda today: Q(status=Loan.Status.ON_LOAN)),
    "due_this_week": (
        _("Due back this week"),
        lambda today: Q(status=Loan.Status.ON_LOAN, due_on__range=_week(today)),
    ),
    "overdue": (
        _("Overdue"),
        lambda today: Q(status=Loan.Status.ON_LOAN, due_on__lt=today),
    ),
    "reserved": (
        _("Reserved, waiting to be collected"),
        lambda today: Q(status=Loan.Status.RESERVED),
    ),
}


@staff_permission_required(LENDING)
@require_safe
def site_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    site = lending_site(slug)
    today = timezone.localdate()
    loan_counts = Loan.objects.filter(site=site).aggregate(
        **{
            key: Count("pk", filter=rule(today))
            for key, (_label, rule) in LOAN_VIEWS.items()
        }
    )
    waiting = BorrowRequest.objects.filter(
        site=site, status=BorrowRequest.Status.WAITING
    ).count()
    device_counts = Device.objects.filter(home_site=site).aggregate(
        needs_wipe=Count("pk", filter=Q(needs_wipe=True)),
        **{
            status: Count("pk", filter=Q(status=status))
            for status in Device.Status.values
        },
    )
    loan_rows = [
        {"key": key, "label": label, "count": loan_counts[key]}
        for key, (label, _rule) in LOAN_VIEWS.items()
    ]
    device_rows = [
        {"status": value, "label": label, "count": device_counts[value]}
        for value, label in Device.Status.choices
    ]
    return render(
        request,
        "inclusion/loans/site_dashboard.html",
        {
            "site": site,
            "loan_rows": loan_rows,
            "waiting": waiting,
            "device_rows": device_rows,
            "needs_wipe": device_counts["needs_wipe"],
        },
    )


@staff_permission_required(LENDING)
@require_safe
def site_loans(request: HttpRequest, slug: str, show: str) -> HttpResponse:
    site = lending_site(slug)
    if show not in LOAN_VIEWS:
        raise Http404
    label, rule = LOAN_VIEWS[show]
    loans = (
        Loan.objects.filter(rule(timezone.localdate()), site=site)
        .select_related("participant", "device")
        .order_by("due_on", "pk")
    )
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inclusion/loans/site_loans.html",
        {"site": site, "heading": label, "page_obj": page, "show": show},
    )


@staff_permission_required(LENDING)
@require_safe
def site_devices(request: HttpRequest, slug: str, status: str) -> HttpResponse:
    site = lending_site(slug)
    devices = Device.objects.filter(home_site=site)
    if status == "needs-wipe":
        devices = devices.filter(needs_wipe=True)
        heading = _("Devices needing a data wipe")
    elif status in Device.Status.values:
        devices = devices.filter(status=status)
        heading = Device.Status(status).label
    else:
        raise Http404
    page = Paginator(devices.order_by("asset_tag"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "inclusion/loans/site_devices.html",
        {"site": site, "heading": heading, "page_obj": page},
    )


@staff_permission_required(LENDING)
@require_safe
def waiting_list(request: HttpRequest, slug: str) -> HttpResponse:
    site = lending_site(slug)
    waiting = (
        BorrowRequest.objects.filter(site=site, status=BorrowRequest.Status.WAITING)
        .select_related("participant", "applied_by", "scheme")
        .order_by("applied_at", "id")
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    start = page.start_index()
    rows = [
        {
            "position": start + i,
            "request": borrow,
            "is_next": page.number == 1 and i == 0,
        }
        for i, borrow in enumerate(page.object_list)
    ]
    return render(
        request,
        "inclusion/loans/waiting_list.html",
        {"site": site, "page_obj": page, "rows": rows},
    )
