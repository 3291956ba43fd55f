"""The Tech Talent Charter's pages: public (home, signatories, benchmark,
open data), signing (one question per page, check your answers) and a
signatory's own dashboard and yearly figures.

A signatory's pages are found through ``_signatory_for_member``, which
answers 404 to anyone who is not a member of the organisation, as if it did
not exist; the signing pages through ``_organisation_to_sign`` (owners only).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from civic.caching import cache_for_anonymous
from civic.models import Organisation, OrganisationMembership
from civic.permissions import verified_email_required
from diversity import open_data, selectors_charter
from diversity.caching import CHARTER
from diversity.forms.charter import (
    ChooseOrganisationForm,
    ConfirmForm,
    ContactForm,
    OrganisationDetailsForm,
    PledgesForm,
    SponsorForm,
    SubmissionForm,
)
from diversity.models import ReportingYear, Sector, Signatory, SizeBand, Submission
from diversity.services import charter as charter_services
from diversity.services.charter import (
    CharterError,
    SignatoryDetails,
    current_pledge_versions,
    organisations_that_can_sign,
)
from diversity.services.submissions import (
    FIGURES,
    SubmissionError,
    submission_save,
    year_is_closed,
    year_is_open,
)

PAGE_SIZE = 20
SESSION_KEY = "diversity_charter_sign"


def _reference() -> dict:
    return {
        "uk_tech": selectors_charter.UK_TECH_WOMEN_PERCENT,
        "uk_all": selectors_charter.UK_ALL_JOBS_WOMEN_PERCENT,
        "source": selectors_charter.REFERENCE_SOURCE,
    }


# --- Public -----------------------------------------------------------------------


@cache_for_anonymous(CHARTER)
@require_safe
def charter_home(request: HttpRequest) -> HttpResponse:
    year = selectors_charter.latest_benchmark_year()
    return render(
        request,
        "diversity/charter/home.html",
        {
            "pledges": current_pledge_versions(),
            "year": year,
            "benchmark": selectors_charter.benchmark_for(year) if year else None,
            "signatory_count": selectors_charter.signatory_count(),
            "reference": _reference(),
        },
    )


@cache_for_anonymous(CHARTER)
@require_safe
def signatory_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    sector = request.GET.get("sector", "")
    if sector not in Sector.values:
        sector = ""
    signatories = selectors_charter.public_signatories(search=search, sector=sector)
    page = Paginator(signatories, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "diversity/charter/signatory_list.html",
        {
            "page_obj": page,
            "search": search,
            "sector": sector,
            "sectors": Sector.choices,
        },
    )


def _bars(groups, attr="women_percent"):
    from civic.charts import Bar

    bars = []
    for group in groups:
        value = getattr(group, attr)
        bars.append(
            Bar(
                label=str(group.label),
                value=value,
                text=f"{value}%" if value is not None else _("not shown"),
            )
        )
    return bars


@cache_for_anonymous(CHARTER)
@require_safe
def benchmark(request: HttpRequest, year: int) -> HttpResponse:
    from civic.charts import Bar, bar_chart

    reporting_year = get_object_or_404(ReportingYear, year=year)
    result = selectors_charter.benchmark_for(reporting_year)
    overall = result.overall
    reference = _reference()
    comparison = [
        Bar(
            label=_("Charter signatories, %(year)s") % {"year": year},
            value=overall.women_percent,
            text=(
                f"{overall.women_percent}%"
                if overall.women_percent is not None
                else _("not shown")
            ),
        ),
        Bar(
            label=_("UK digital tech workforce"),
            value=reference["uk_tech"],
            text=f"{reference['uk_tech']}%",
        ),
        Bar(
            label=_("All UK jobs"),
            value=reference["uk_all"],
            text=f"{reference['uk_all']}%",
        ),
    ]
    return render(
        request,
        "diversity/charter/benchmark.html",
        {
            "year": reporting_year,
            "benchmark": result,
            "reference": reference,
            "is_closed": year_is_closed(reporting_year),
            "overall_groups": [result.overall],
            "suppression_rule": selectors_charter.SUPPRESSION_RULE,
            "years": list(
                ReportingYear.objects.order_by("-year").values_list("year", flat=True)
            ),
            "comparison_chart": bar_chart(
                comparison,
                title=_("Share of women in tech roles"),
                max_value=100,
                chart_id="chart-comparison",
            ),
            "sector_chart": bar_chart(
                _bars(result.by_sector),
                title=_("Share of women in tech roles, by sector"),
                max_value=100,
                chart_id="chart-sector",
            ),
            "size_chart": bar_chart(
                _bars(result.by_size),
                title=_("Share of women in tech roles, by size of organisation"),
                max_value=100,
                chart_id="chart-size",
            ),
        },
    )


@require_safe
def open_data_csv(request: HttpRequest, year: int) -> HttpResponse:
    reporting_year = get_object_or_404(ReportingYear, year=year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tech-talent-charter-{year}.csv"'
    )
    open_data.write_csv(response, open_data.year_data(reporting_year, request))
    return response


@require_safe
def open_data_json(request: HttpRequest, year: int) -> HttpResponse:
    from django.http import JsonResponse

    reporting_year = get_object_or_404(ReportingYear, year=year)
    return JsonResponse(
        open_data.year_data(reporting_year, request),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


# --- Signing ----------------------------------------------------------------------

STEPS = ("organisation", "sponsor", "contact", "pledges")
STEP_FORMS = {
    "organisation": OrganisationDetailsForm,
    "sponsor": SponsorForm,
    "contact": ContactForm,
}


def _answers(request: HttpRequest, organisation: Organisation) -> dict:
    stored = request.session.get(SESSION_KEY) or {}
    if stored.get("org") != organisation.slug:
        stored = {"org": organisation.slug}
    return stored


def _save_answers(request: HttpRequest, answers: dict) -> None:
    request.session[SESSION_KEY] = answers
    request.session.modified = True


def _organisation_to_sign(request: HttpRequest, slug: str) -> Organisation:
    """An organisation the person owns; anyone else's is not found."""
    organisation = get_object_or_404(Organisation, slug=slug, is_hidden=False)
    if organisation.role_of(request.user) != OrganisationMembership.Role.OWNER:
        raise Http404
    return organisation


def _already_signed(request, organisation) -> HttpResponse | None:
    if Signatory.objects.filter(organisation=organisation).exists():
        return render(
            request,
            "diversity/charter/sign_already.html",
            {"organisation": organisation},
        )
    return None


def _next_missing(answers: dict) -> str | None:
    return next((step for step in STEPS if step not in answers), None)


def _step_url(organisation: Organisation, step: str) -> str:
    if step == "check":
        return reverse("diversity:charter_sign_check", args=[organisation.slug])
    return reverse("diversity:charter_sign_step", args=[organisation.slug, step])


@verified_email_required
@require_http_methods(["GET", "POST"])
def charter_sign(request: HttpRequest) -> HttpResponse:
    """Start: which organisation is signing (or why nobody can)."""
    organisations = organisations_that_can_sign(request.user)
    if not organisations:
        owned = Organisation.objects.filter(
            memberships__user=request.user,
            memberships__role=OrganisationMembership.Role.OWNER,
        ).exists()
        return render(
            request, "diversity/charter/sign_cannot.html", {"owns_any": owned}
        )
    if len(organisations) == 1 and request.method == "GET":
        return render(
            request,
            "diversity/charter/sign_start.html",
            {"organisation": organisations[0]},
        )
    form = ChooseOrganisationForm(
        request.POST if request.method == "POST" else None,
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
    )
    if request.method == "POST" and len(organisations) == 1:
        return redirect(_step_url(organisations[0], "organisation"))
    if request.method == "POST" and form.is_valid():
        return redirect(_step_url(form.cleaned_data["organisation"], "organisation"))
    return render(request, "diversity/charter/sign_choose.html", {"form": form})


@verified_email_required
@require_http_methods(["GET", "POST"])
def charter_sign_step(request: HttpRequest, org: str, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    organisation = _organisation_to_sign(request, org)
    if (refusal := _already_signed(request, organisation)) is not None:
        return refusal
    answers = _answers(request, organisation)
    index = STEPS.index(step)
    missing = _next_missing(answers)
    if missing is not None and STEPS.index(missing) < index:
        return redirect(_step_url(organisation, missing))
    changing = request.GET.get("change") == "1"
    back_url = (
        _step_url(organisation, "check")
        if changing
        else (
            _step_url(organisation, STEPS[index - 1])
            if index
            else reverse("diversity:charter_sign")
        )
    )
    if step == "pledges":
        versions = current_pledge_versions()
        initial = {
            PledgesForm.field_name(v): True
            for v in versions
            if v.pk in (answers.get("pledges") or [])
        }
        form = PledgesForm(
            request.POST if request.method == "POST" else None,
            versions=versions,
            initial=initial,
        )
    else:
        form = STEP_FORMS[step](
            request.POST if request.method == "POST" else None,
            initial=answers.get(step),
        )
    if request.method == "POST" and form.is_valid():
        if step == "pledges":
            answers[step] = form.accepted_version_ids()
        else:
            answers[step] = form.cleaned_data
        _save_answers(request, answers)
        following = _next_missing(answers) or "check"
        if not changing and index + 1 < len(STEPS):
            following = STEPS[index + 1]
        return redirect(_step_url(organisation, following))
    return render(
        request,
        f"diversity/charter/sign_{step}.html",
        {"organisation": organisation, "form": form, "back_url": back_url},
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def charter_sign_check(request: HttpRequest, org: str) -> HttpResponse:
    organisation = _organisation_to_sign(request, org)
    if (refusal := _already_signed(request, organisation)) is not None:
        return refusal
    answers = _answers(request, organisation)
    missing = _next_missing(answers)
    if missing is not None:
        return redirect(_step_url(organisation, missing))
    versions = current_pledge_versions()
    if sorted(v.pk for v in versions) != sorted(answers["pledges"]):
        messages.error(
            request,
            _(
                "The wording of the pledges has changed since you started. "
                "Read them again and accept each one."
            ),
        )
        answers.pop("pledges")
        _save_answers(request, answers)
        return redirect(_step_url(organisation, "pledges"))
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        details = SignatoryDetails(
            **answers["organisation"], **answers["sponsor"], **answers["contact"]
        )
        try:
            charter_services.charter_sign(
                organisation=organisation,
                user=request.user,
                details=details,
                accepted_version_ids=answers["pledges"],
            )
        except CharterError as error:
            if error.code == "already_signed":
                return render(
                    request,
                    "diversity/charter/sign_already.html",
                    {"organisation": organisation},
                )
            messages.error(request, error.message)
            answers.pop("pledges", None)
            _save_answers(request, answers)
            return redirect(_step_url(organisation, "pledges"))
        request.session.pop(SESSION_KEY, None)
        return redirect("diversity:charter_sign_done", org=organisation.slug)
    details = answers["organisation"]
    return render(
        request,
        "diversity/charter/sign_check.html",
        {
            "organisation": organisation,
            "form": form,
            "answers": answers,
            "sector": Sector(details["sector"]).label,
            "size_band": SizeBand(details["size_band"]).label,
            "pledges": versions,
            "urls": {
                step: _step_url(organisation, step) + "?change=1" for step in STEPS
            },
        },
    )


@verified_email_required
@require_safe
def charter_sign_done(request: HttpRequest, org: str) -> HttpResponse:
    signatory = get_object_or_404(
        Signatory.objects.select_related("organisation"),
        organisation__slug=org,
        organisation__memberships__user=request.user,
    )
    return render(request, "diversity/charter/sign_done.html", {"signatory": signatory})


# --- A signatory's own pages ------------------------------------------------------


def _signatory_for_member(request: HttpRequest, slug: str) -> Signatory:
    signatory = (
        Signatory.objects.select_related("organisation")
        .filter(
            organisation__slug=slug,
            organisation__memberships__user=request.user,
        )
        .first()
    )
    if signatory is None:
        raise Http404
    return signatory


def _comparison(benchmark, submission: Submission, signatory: Signatory) -> list[dict]:
    """Yours against all signatories, your sector and your size band; a hidden
    group says so rather than showing a figure."""
    own = (
        round(100 * submission.women / submission.tech_headcount, 1)
        if (submission.tech_headcount)
        else None
    )
    rows = [
        {"label": _("Your organisation"), "percent": own, "suppressed": False},
    ]
    for label, group in (
        (_("All signatories"), benchmark.overall),
        (
            _("Your sector: %(sector)s") % {"sector": signatory.get_sector_display()},
            benchmark.sector(signatory.sector),
        ),
        (
            _("Your size band: %(size)s") % {"size": signatory.get_size_band_display()},
            benchmark.size(signatory.size_band),
        ),
    ):
        rows.append(
            {
                "label": label,
                "percent": group.women_percent,
                "suppressed": group.suppressed,
            }
        )
    return rows


@login_required
@require_safe
def signatory_dashboard(request: HttpRequest, org: str) -> HttpResponse:
    signatory = _signatory_for_member(request, org)
    acceptances = signatory.acceptances.select_related("pledge_version__pledge")
    submissions = {s.year_id: s for s in signatory.submissions.select_related("year")}
    years = list(ReportingYear.objects.order_by("-year")[:10])
    rows = [
        {
            "year": year,
            "submission": submissions.get(year.pk),
            "is_open": year_is_open(year),
            "is_closed": year_is_closed(year),
        }
        for year in years
    ]
    latest = next((r for r in rows if r["submission"]), None)
    comparison = None
    if latest is not None:
        result = selectors_charter.benchmark_for(latest["year"])
        comparison = _comparison(result, latest["submission"], signatory)
    return render(
        request,
        "diversity/charter/dashboard.html",
        {
            "signatory": signatory,
            "organisation": signatory.organisation,
            "acceptances": acceptances,
            "rows": rows,
            "latest": latest,
            "comparison": comparison,
            "reference": _reference(),
        },
    )


def _submission_rows(submission: Submission | None) -> list[tuple[str, int]]:
    if submission is None:
        return []
    return [
        (
            Submission._meta.get_field(name).verbose_name.capitalize(),
            getattr(submission, name),
        )
        for name in FIGURES
    ]


@login_required
@require_http_methods(["GET", "POST"])
def submission_edit(request: HttpRequest, org: str, year: int) -> HttpResponse:
    signatory = _signatory_for_member(request, org)
    reporting_year = get_object_or_404(ReportingYear, year=year)
    submission = Submission.objects.filter(
        signatory=signatory, year=reporting_year
    ).first()
    context = {
        "signatory": signatory,
        "organisation": signatory.organisation,
        "year": reporting_year,
        "submission": submission,
        "submission_rows": _submission_rows(submission),
    }
    if not year_is_open(reporting_year) or signatory.withdrawn_at is not None:
        return render(
            request,
            "diversity/charter/submission_locked.html",
            {**context, "is_closed": year_is_closed(reporting_year)},
            status=403 if request.method == "POST" else 200,
        )
    if request.method == "POST":
        return _submission_post(request, signatory, reporting_year, context)
    initial = (
        {name: getattr(submission, name) for name in FIGURES} if submission else None
    )
    form = SubmissionForm(initial=initial)
    return render(
        request, "diversity/charter/submission_edit.html", {**context, "form": form}
    )


@verified_email_required
def _submission_post(request, signatory, reporting_year, context) -> HttpResponse:
    form = SubmissionForm(request.POST)
    if form.is_valid():
        try:
            submission_save(
                signatory=signatory,
                year=reporting_year,
                user=request.user,
                figures=form.cleaned_data,
            )
        except SubmissionError as error:
            return render(
                request,
                "diversity/charter/submission_locked.html",
                {**context, "is_closed": True, "message": error.message},
                status=403,
            )
        messages.success(
            request,
            _("Your figures for %(year)s have been saved.")
            % {"year": reporting_year.year},
        )
        return redirect(
            "diversity:signatory_dashboard", org=signatory.organisation.slug
        )
    return render(
        request, "diversity/charter/submission_edit.html", {**context, "form": form}
    )
