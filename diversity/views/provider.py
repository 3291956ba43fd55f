"""The provider portal: a training provider's courses (built section by
section), cohorts, applicants and decisions, completion and outcomes.

Only members of the provider organisation see any of it: anyone else gets
404, so these pages never reveal which providers or applicants exist. Reading
needs a signed-in member; changing anything needs a verified email too. The
equality monitoring answers are never loaded here.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from civic.models import Organisation
from civic.permissions import has_verified_email
from diversity.forms.provider import (
    ApplicantFilterForm,
    CohortForm,
    CompletionForm,
    CourseDetailsForm,
    CourseLocationForm,
    DecisionForm,
    JobRolesForm,
    OutcomeForm,
    PartnerForm,
    PlacesForm,
    ReleaseForm,
    course_initial,
)
from diversity.models import MAX_AGE, MIN_AGE, Application, Cohort, Course, Outcome
from diversity.services import courses as course_services
from diversity.services import decisions
from diversity.services.courses import CourseError
from diversity.services.decisions import DecisionError

PAGE_SIZE = 25
PROVIDER_TYPES = (Organisation.Type.TRAINING_PROVIDER, Organisation.Type.EDUCATION)
DRAFT_SESSION_KEY = "diversity-course-draft-{org}"


def _provider_orgs(user):
    return Organisation.objects.filter(
        type__in=PROVIDER_TYPES, is_hidden=False, memberships__user=user
    )


def provider_page(view):
    """Signed in, a member of the provider in the URL (else 404), and a
    verified email for anything but reading."""

    @wraps(view)
    def wrapper(request, org, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        provider = _provider_orgs(request.user).filter(slug=org).first()
        if provider is None:
            raise Http404
        if request.method not in ("GET", "HEAD") and not has_verified_email(
            request.user
        ):
            messages.info(
                request,
                _(
                    "Confirm your email address before you continue. "
                    "We have sent you a link."
                ),
            )
            return redirect("civic:verify_email_needed")
        return view(request, provider, *args, **kwargs)

    return wrapper


def _course(provider: Organisation, slug: str, *, prefetch: bool = False) -> Course:
    queryset = Course.objects.filter(provider=provider).select_related("borough")
    if prefetch:
        queryset = queryset.prefetch_related("industry_partners", "cohorts")
    return get_object_or_404(queryset, slug=slug)


def _application(provider: Organisation, public_id) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "cohort__course__provider", "borough", "decided_by"
        ).prefetch_related("outcomes"),
        public_id=public_id,
        cohort__course__provider=provider,
    )


def _render(request, template: str, provider, **context) -> HttpResponse:
    return render(
        request, f"diversity/provider/{template}", {"provider": provider, **context}
    )


# --- Home and dashboard -----------------------------------------------------------


@require_safe
def provider_home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    providers = list(_provider_orgs(request.user).order_by("name"))
    return render(
        request,
        "diversity/provider/home.html",
        {"providers": providers},
    )


@provider_page
@require_safe
def provider_dashboard(request: HttpRequest, provider: Organisation) -> HttpResponse:
    cohorts = Cohort.objects.annotate(
        waiting=Count("applications", filter=Q(applications__status="waitlisted")),
        new=Count("applications", filter=Q(applications__status="submitted")),
    ).order_by("starts_on", "id")
    courses = (
        Course.objects.filter(provider=provider)
        .select_related("borough")
        .prefetch_related(Prefetch("cohorts", queryset=cohorts))
        .order_by("title", "pk")
    )
    page_obj = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "dashboard.html",
        provider,
        courses=page_obj.object_list,
        page_obj=page_obj,
        today=timezone.localdate(),
    )


# --- Creating a course: details, then where and how ---------------------------------


@provider_page
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest, provider: Organisation) -> HttpResponse:
    key = DRAFT_SESSION_KEY.format(org=provider.pk)
    form = CourseDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=request.session.get(key),
    )
    if request.method == "POST" and form.is_valid():
        request.session[key] = form.cleaned_data
        return redirect("diversity:course_create_location", org=provider.slug)
    return _render(request, "course_details.html", provider, form=form, course=None)


@provider_page
@require_http_methods(["GET", "POST"])
def course_create_location(
    request: HttpRequest, provider: Organisation
) -> HttpResponse:
    key = DRAFT_SESSION_KEY.format(org=provider.pk)
    details = request.session.get(key)
    if not details or not CourseDetailsForm(data=details).is_valid():
        return redirect("diversity:course_create", org=provider.slug)
    form = CourseLocationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        course = course_services.course_create(
            provider=provider,
            by=request.user,
            details=_clean(CourseDetailsForm, details),
            location=form.cleaned_data,
        )
        del request.session[key]
        messages.success(request, _("Course saved as a draft"))
        return redirect(
            "diversity:provider_course", org=provider.slug, slug=course.slug
        )
    return _render(request, "course_location.html", provider, form=form, course=None)


def _clean(form_class, data: dict) -> dict:
    form = form_class(data=data)
    form.is_valid()
    return form.cleaned_data


# --- A course's task list and sections ----------------------------------------------


@provider_page
@require_safe
def provider_course(
    request: HttpRequest, provider: Organisation, slug: str
) -> HttpResponse:
    course = _course(provider, slug, prefetch=True)
    sections = course_services.course_sections(course)
    return _render(
        request,
        "course.html",
        provider,
        course=course,
        sections=sections,
        complete_count=sum(sections.values()),
        min_age=MIN_AGE,
        max_age=MAX_AGE,
    )


SECTION_FORMS = {
    "details": (CourseDetailsForm, "course_details.html"),
    "location": (CourseLocationForm, "course_location.html"),
    "jobs": (JobRolesForm, "course_jobs.html"),
}


def _section(request, provider, slug, section: str) -> HttpResponse:
    course = _course(provider, slug)
    form_class, template = SECTION_FORMS[section]
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial=course_initial(course),
    )
    if request.method == "POST" and form.is_valid():
        try:
            course_services.course_update(
                course=course, section=section, data=form.cleaned_data
            )
        except CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Section saved"))
            return redirect(
                "diversity:provider_course", org=provider.slug, slug=course.slug
            )
    return _render(request, template, provider, form=form, course=course)


@provider_page
@require_http_methods(["GET", "POST"])
def course_details(request, provider, slug):
    return _section(request, provider, slug, "details")


@provider_page
@require_http_methods(["GET", "POST"])
def course_location(request, provider, slug):
    return _section(request, provider, slug, "location")


@provider_page
@require_http_methods(["GET", "POST"])
def course_jobs(request, provider, slug):
    return _section(request, provider, slug, "jobs")


@provider_page
@require_http_methods(["GET", "POST"])
def course_partners(request, provider, slug):
    course = _course(provider, slug, prefetch=True)
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course_services.partner_add(course=course, **form.cleaned_data)
        except CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Industry partner added"))
            return redirect("diversity:course_partners", org=provider.slug, slug=slug)
    return _render(request, "course_partners.html", provider, form=form, course=course)


@provider_page
@require_POST
def partner_remove(request, provider, slug, pk: int):
    course = _course(provider, slug)
    partner = get_object_or_404(course.industry_partners, pk=pk)
    try:
        course_services.partner_remove(partner=partner)
    except CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Industry partner removed"))
    return redirect("diversity:course_partners", org=provider.slug, slug=slug)


@provider_page
@require_http_methods(["GET", "POST"])
def course_cohorts(request, provider, slug):
    course = _course(provider, slug, prefetch=True)
    form = CohortForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            course_services.cohort_add(course=course, **form.cleaned_data)
        except CourseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Start date added"))
            return redirect("diversity:course_cohorts", org=provider.slug, slug=slug)
    return _render(
        request,
        "course_cohorts.html",
        provider,
        form=form,
        course=course,
        today=timezone.localdate(),
    )


@provider_page
@require_http_methods(["GET", "POST"])
def cohort_places(request, provider, slug, pk: int):
    course = _course(provider, slug)
    cohort = get_object_or_404(course.cohorts, pk=pk)
    form = PlacesForm(
        request.POST if request.method == "POST" else None,
        initial={"capacity": cohort.capacity},
    )
    if request.method == "POST" and form.is_valid():
        try:
            course_services.cohort_change_places(
                cohort=cohort, capacity=form.cleaned_data["capacity"]
            )
        except CourseError as error:
            form.add_error("capacity", error.message)
        else:
            messages.success(request, _("Number of places changed"))
            return redirect("diversity:course_cohorts", org=provider.slug, slug=slug)
    return _render(
        request, "cohort_places.html", provider, form=form, course=course, cohort=cohort
    )


@provider_page
@require_POST
def cohort_remove(request, provider, slug, pk: int):
    course = _course(provider, slug)
    cohort = get_object_or_404(course.cohorts, pk=pk)
    try:
        course_services.cohort_remove(cohort=cohort)
    except CourseError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Start date removed"))
    return redirect("diversity:course_cohorts", org=provider.slug, slug=slug)


SECTION_URLS = {
    "location": "diversity:course_location",
    "partners": "diversity:course_partners",
    "jobs": "diversity:course_jobs",
    "cohorts": "diversity:course_cohorts",
}


@provider_page
@require_http_methods(["GET", "POST"])
def course_publish(request, provider, slug):
    course = _course(provider, slug, prefetch=True)
    if request.method == "POST":
        try:
            course_services.course_publish(course=course, by=request.user)
        except CourseError:
            pass  # the page lists what is missing
        else:
            messages.success(request, _("Course published"))
            return redirect(
                "diversity:provider_course", org=provider.slug, slug=course.slug
            )
    missing = [
        {
            "text": course_services.MISSING_MESSAGES[key],
            "href": reverse(SECTION_URLS[key], args=[provider.slug, course.slug]),
        }
        for key in course_services.course_missing_keys(course)
    ]
    return _render(
        request, "course_publish.html", provider, course=course, missing=missing
    )


@provider_page
@require_http_methods(["GET", "POST"])
def course_withdraw(request, provider, slug):
    course = _course(provider, slug)
    if course.status != Course.Status.PUBLISHED:
        return redirect("diversity:provider_course", org=provider.slug, slug=slug)
    if request.method == "POST":
        course_services.course_withdraw(course=course, by=request.user)
        messages.success(request, _("Course withdrawn"))
        return redirect("diversity:provider_course", org=provider.slug, slug=slug)
    return _render(request, "course_withdraw.html", provider, course=course)


# --- Applicants and decisions -------------------------------------------------------


@provider_page
@require_safe
def cohort_applicants(request, provider, pk: int):
    cohort = get_object_or_404(
        Cohort.objects.select_related("course"), pk=pk, course__provider=provider
    )
    form = ApplicantFilterForm(request.GET or None)
    applications = (
        cohort.applications.select_related("borough")
        .only(
            "public_id",
            "full_name",
            "status",
            "submitted_at",
            "completion",
            "borough__name",
            "cohort_id",
        )
        .order_by("submitted_at", "id")
    )
    status = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        if status:
            applications = applications.filter(status=status)
    page_obj = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "applicants.html",
        provider,
        cohort=cohort,
        course=cohort.course,
        form=form,
        status=status,
        page_obj=page_obj,
    )


def _application_context(application: Application) -> dict:
    cohort = application.cohort
    today = timezone.localdate()
    outcomes = {o.months_after: o for o in application.outcomes.all()}
    milestones = [
        {
            "months": months,
            "due": decisions.outcome_due_on(cohort, months),
            "open": today >= decisions.outcome_due_on(cohort, months),
            "outcome": outcomes.get(months),
        }
        for months in (3, 6)
    ]
    return {
        "application": application,
        "cohort": cohort,
        "course": cohort.course,
        "age": application.age_on(cohort.starts_on),
        "started": today >= cohort.starts_on,
        "course_end": decisions.course_end(cohort),
        "milestones": milestones,
    }


@provider_page
@require_http_methods(["GET", "POST"])
def provider_application(request, provider, public_id):
    application = _application(provider, public_id)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == DecisionForm.ACCEPT:
                decisions.application_accept(application=application, by=request.user)
                done = _("Place offered. We have emailed the applicant")
            elif decision == DecisionForm.WAITLIST:
                decisions.application_waitlist(application=application, by=request.user)
                done = _("Put on the waiting list. We have emailed the applicant")
            else:
                decisions.application_decline(
                    application=application,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
                done = _("Application declined. We have emailed the applicant")
        except DecisionError as error:
            form.add_error("decision", error.message)
        else:
            messages.success(request, done)
            return redirect(
                "diversity:provider_application",
                org=provider.slug,
                public_id=application.public_id,
            )
    return _render(
        request,
        "application.html",
        provider,
        form=form,
        **_application_context(application),
    )


@provider_page
@require_http_methods(["GET", "POST"])
def application_release(request, provider, public_id):
    application = _application(provider, public_id)
    if application.status != Application.Status.ACCEPTED:
        raise Http404
    form = ReleaseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            decisions.application_release_place(
                application=application,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
            )
        except DecisionError as error:
            form.add_error("to_status", error.message)
        else:
            messages.success(request, _("Place released"))
            return redirect(
                "diversity:provider_application",
                org=provider.slug,
                public_id=application.public_id,
            )
    return _render(
        request,
        "release.html",
        provider,
        form=form,
        **_application_context(application),
    )


@provider_page
@require_http_methods(["GET", "POST"])
def application_completion(request, provider, public_id):
    application = _application(provider, public_id)
    context = _application_context(application)
    if application.status != Application.Status.ACCEPTED or not context["started"]:
        raise Http404
    form = CompletionForm(
        request.POST if request.method == "POST" else None,
        initial={"completion": application.completion},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.completion_record(
                application=application,
                by=request.user,
                completion=form.cleaned_data["completion"],
            )
        except DecisionError as error:
            form.add_error("completion", error.message)
        else:
            messages.success(request, _("Completion recorded"))
            return redirect(
                "diversity:provider_application",
                org=provider.slug,
                public_id=application.public_id,
            )
    return _render(request, "completion.html", provider, form=form, **context)


@provider_page
@require_http_methods(["GET", "POST"])
def application_outcome(request, provider, public_id, months: int):
    application = _application(provider, public_id)
    context = _application_context(application)
    milestone = next((m for m in context["milestones"] if m["months"] == months), None)
    if (
        milestone is None
        or not milestone["open"]
        or application.status != Application.Status.ACCEPTED
    ):
        raise Http404
    existing: Outcome | None = milestone["outcome"]
    initial = (
        {
            "kind": existing.kind,
            "in_tech_role": "yes" if existing.in_tech_role else "no",
        }
        if existing
        else {}
    )
    form = OutcomeForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.outcome_record(
                application=application,
                by=request.user,
                months_after=months,
                kind=form.cleaned_data["kind"],
                in_tech_role=bool(form.cleaned_data.get("in_tech_role")),
            )
        except DecisionError as error:
            form.add_error("kind", error.message)
        else:
            messages.success(request, _("Outcome recorded"))
            return redirect(
                "diversity:provider_application",
                org=provider.slug,
                public_id=application.public_id,
            )
    return _render(
        request, "outcome.html", provider, form=form, milestone=milestone, **context
    )
