"""The landing page and the public course finder."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from civic.caching import cache_for_anonymous
from diversity.caching import COURSES
from diversity.forms.talent import CourseFilterForm
from diversity.models import Cohort, Course, Subject

PAGE_SIZE = 10


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "diversity/index.html")


def _open_cohorts(today, starts_from=None):
    """Cohorts still taking applications (full ones too: their waiting list)."""
    cohorts = Cohort.objects.filter(
        applications_close_on__gte=today, starts_on__gt=today
    )
    if starts_from:
        cohorts = cohorts.filter(starts_on__gte=starts_from)
    return cohorts


@cache_for_anonymous(COURSES)
@require_safe
def course_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = CourseFilterForm(request.GET or None)
    filters = form.filters()
    cohorts = _open_cohorts(today, filters.get("starts_from"))
    courses = (
        Course.objects.filter(status=Course.Status.PUBLISHED)
        .filter(Exists(cohorts.filter(course=OuterRef("pk"))))
        .annotate(
            next_start=Subquery(
                cohorts.filter(course=OuterRef("pk"))
                .order_by("starts_on")
                .values("starts_on")[:1]
            )
        )
        .select_related("provider", "borough")
        .order_by("next_start", "title", "pk")
    )
    if borough := filters.get("borough"):
        courses = courses.filter(borough=borough)
    if subjects := filters.get("subject"):
        courses = courses.filter(subject__in=subjects)
    if modes := filters.get("mode"):
        courses = courses.filter(delivery_mode__in=modes)
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "diversity/talent/course_list.html",
        {"form": form, "page_obj": page, "filtered": bool(filters)},
    )


@cache_for_anonymous(COURSES)
@require_safe
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    today = timezone.localdate()
    course = get_object_or_404(
        Course.objects.select_related("provider", "borough").prefetch_related(
            "industry_partners",
            Prefetch(
                "cohorts",
                queryset=Cohort.objects.filter(starts_on__gt=today).order_by(
                    "starts_on", "pk"
                ),
                to_attr="future_cohorts",
            ),
        ),
        slug=slug,
        status=Course.Status.PUBLISHED,
    )
    cohorts = [
        {
            "cohort": cohort,
            "open": cohort.applications_close_on >= today,
            "full": cohort.places_left == 0,
        }
        for cohort in course.future_cohorts
    ]
    return render(
        request,
        "diversity/talent/course_detail.html",
        {
            "course": course,
            "cohorts": cohorts,
            "subject": Subject(course.subject).label,
        },
    )
