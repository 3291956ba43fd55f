"""A young person applies to a cohort, one question a page, then sees and can
withdraw their applications.

Answers wait in the session until "Check your answers" is submitted: the
application is made in one go by ``application_submit``. Every page finds the
cohort through ``_open_cohort`` and an application through ``_own_application``
(404 for anyone else's).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from civic.models import Borough
from civic.permissions import verified_email_required
from diversity.forms import talent as talent_forms
from diversity.models import Application, Cohort, Course
from diversity.services import applications as services
from diversity.services.eligibility import talent_eligibility

PAGE_SIZE = 20
MONITORING_STEPS = (
    "sex",
    "gender",
    "ethnic-group",
    "disability",
    "care-leaver",
    "free-school-meals",
)


@dataclass(frozen=True)
class Step:
    key: str
    form: type[forms.Form]
    title: str  # the page's title and <h1> when it is not the field's label
    template: str = "diversity/talent/apply/question.html"


STEPS = (
    Step("name", talent_forms.NameForm, gettext_lazy("What is your name?")),
    Step(
        "date-of-birth",
        talent_forms.DateOfBirthForm,
        gettext_lazy("What is your date of birth?"),
    ),
    Step("where", talent_forms.WhereForm, gettext_lazy("Where you live or study")),
    Step(
        "why", talent_forms.WhyForm, gettext_lazy("Why do you want to do this course?")
    ),
    Step(
        "equality",
        talent_forms.EqualityIntroForm,
        gettext_lazy("Equality questions"),
        "diversity/talent/apply/equality_intro.html",
    ),
    Step(
        "equality-consent",
        talent_forms.ConsentForm,
        gettext_lazy("How we use your answers"),
        "diversity/talent/apply/equality_consent.html",
    ),
    Step("sex", talent_forms.SexForm, gettext_lazy("What is your sex?")),
    Step(
        "gender",
        talent_forms.GenderForm,
        gettext_lazy(
            "Is the gender you identify with the same as your sex registered at birth?"
        ),
    ),
    Step(
        "ethnic-group",
        talent_forms.EthnicGroupForm,
        gettext_lazy("What is your ethnic group?"),
    ),
    Step(
        "disability",
        talent_forms.DisabilityForm,
        gettext_lazy("Do you have a long-term health condition or illness?"),
    ),
    Step(
        "care-leaver",
        talent_forms.CareLeaverForm,
        gettext_lazy("Have you ever been in care?"),
    ),
    Step(
        "free-school-meals",
        talent_forms.FreeSchoolMealsForm,
        gettext_lazy("Did you get free school meals at any time at school?"),
    ),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}
FIRST_STEP = STEPS[0].key


# --- Answers in the session ------------------------------------------------------


def _session_key(cohort: Cohort) -> str:
    return f"diversity.apply.{cohort.pk}"


def _answers(request: HttpRequest, cohort: Cohort) -> dict:
    return dict(request.session.get(_session_key(cohort), {}))


def _save_answers(request: HttpRequest, cohort: Cohort, answers: dict) -> None:
    request.session[_session_key(cohort)] = answers


def _fields(step: Step) -> list[str]:
    return list(step.form.base_fields)


def _needed(step: Step, answers: dict) -> bool:
    if step.key == "equality-consent":
        return answers.get("choice") == "answer"
    if step.key in MONITORING_STEPS:
        return answers.get("choice") == "answer" and answers.get("consent") == "yes"
    return True


def _answered(step: Step, answers: dict) -> bool:
    return all(field in answers for field in _fields(step))


def _next_url(cohort: Cohort, answers: dict) -> str:
    """The first page still to answer, or "Check your answers"."""
    for step in STEPS:
        if _needed(step, answers) and not _answered(step, answers):
            return _step_url(cohort, step.key)
    return reverse("diversity:apply_check", args=[cohort.course.slug, cohort.pk])


def _first_gap_before(step_key: str, answers: dict) -> str | None:
    for step in STEPS:
        if step.key == step_key:
            return None
        if _needed(step, answers) and not _answered(step, answers):
            return step.key
    return None


def _previous_url(cohort: Cohort, step_key: str, answers: dict) -> str:
    previous = None
    for step in STEPS:
        if step.key == step_key:
            break
        if _needed(step, answers):
            previous = step.key
    if previous is None:
        return reverse("diversity:apply_start", args=[cohort.course.slug, cohort.pk])
    return _step_url(cohort, previous)


def _step_url(cohort: Cohort, key: str) -> str:
    return reverse("diversity:apply_step", args=[cohort.course.slug, cohort.pk, key])


def _to_session(data: dict) -> dict:
    stored = {}
    for key, value in data.items():
        if isinstance(value, datetime.date):
            value = value.isoformat()
        elif isinstance(value, Borough):
            value = value.slug
        elif value is None:
            value = ""
        stored[key] = value
    return stored


def _initial(step: Step, answers: dict) -> dict:
    initial = {f: answers[f] for f in _fields(step) if f in answers}
    if initial.get("date_of_birth"):
        initial["date_of_birth"] = datetime.date.fromisoformat(initial["date_of_birth"])
    return initial


def _date_of_birth(answers: dict) -> datetime.date | None:
    value = answers.get("date_of_birth")
    return datetime.date.fromisoformat(value) if value else None


def _borough(answers: dict) -> Borough | None:
    slug = answers.get("borough")
    return Borough.objects.filter(slug=slug).first() if slug else None


def _eligibility(cohort: Cohort, answers: dict, *, check_london: bool):
    return talent_eligibility(
        date_of_birth=_date_of_birth(answers),
        starts_on=cohort.starts_on,
        borough=_borough(answers) if check_london else None,
        connection=answers.get("connection"),
        check_london=check_london,
    )


# --- Access ---------------------------------------------------------------------


def _cohort(slug: str, cohort_id: int) -> Cohort:
    """A cohort of a published course, still to start; anything else is not found."""
    return get_object_or_404(
        Cohort.objects.select_related("course__provider", "course__borough"),
        pk=cohort_id,
        course__slug=slug,
        course__status=Course.Status.PUBLISHED,
    )


def _refusal(request: HttpRequest, cohort: Cohort) -> HttpResponse | None:
    """Already applied: to that application. Closed: say so."""
    existing = Application.objects.filter(cohort=cohort, applicant=request.user).first()
    if existing is not None:
        messages.info(
            request, _("You have already applied for this course start date.")
        )
        return redirect("diversity:my_application", public_id=existing.public_id)
    if not services.cohort_is_open(cohort):
        return render(
            request,
            "diversity/talent/apply/closed.html",
            {"cohort": cohort, "course": cohort.course},
            status=403,
        )
    return None


def _own_application(request: HttpRequest, public_id) -> Application:
    return get_object_or_404(
        Application.objects.select_related(
            "cohort__course__provider", "cohort__course__borough", "borough"
        ),
        public_id=public_id,
        applicant=request.user,
    )


# --- Pages ----------------------------------------------------------------------


@verified_email_required
@require_safe
def apply_start(request: HttpRequest, slug: str, cohort: int) -> HttpResponse:
    cohort = _cohort(slug, cohort)
    if refusal := _refusal(request, cohort):
        return refusal
    return render(
        request,
        "diversity/talent/apply/start.html",
        {
            "cohort": cohort,
            "course": cohort.course,
            "full": cohort.places_left == 0,
            "first_url": _step_url(cohort, FIRST_STEP),
        },
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_step(request: HttpRequest, slug: str, cohort: int, step: str) -> HttpResponse:
    cohort = _cohort(slug, cohort)
    if step not in STEPS_BY_KEY:
        raise Http404
    if refusal := _refusal(request, cohort):
        return refusal
    current = STEPS_BY_KEY[step]
    answers = _answers(request, cohort)
    if gap := _first_gap_before(step, answers):
        return redirect(_step_url(cohort, gap))
    if not _needed(current, answers):
        return redirect(_next_url(cohort, answers))
    if (
        _past_eligibility(step)
        and not _eligibility(cohort, answers, check_london=True).eligible
    ):
        return redirect(
            "diversity:apply_not_eligible", slug=cohort.course.slug, cohort=cohort.pk
        )
    form = current.form(
        request.POST if request.method == "POST" else None,
        initial=_initial(current, answers),
    )
    if request.method == "POST" and form.is_valid():
        answers.update(_to_session(form.cleaned_data))
        if step == "equality" and answers["choice"] == "skip":
            _forget_monitoring(answers, keep_choice=True)
        if step == "equality-consent" and answers["consent"] == "no":
            _forget_monitoring(answers, keep_choice=True, keep_consent=True)
        _save_answers(request, cohort, answers)
        if step in ("date-of-birth", "where"):
            eligibility = _eligibility(cohort, answers, check_london=step == "where")
            if not eligibility.eligible:
                return redirect(
                    "diversity:apply_not_eligible",
                    slug=cohort.course.slug,
                    cohort=cohort.pk,
                )
            if step == "date-of-birth" and not _answered(
                STEPS_BY_KEY["where"], answers
            ):
                return redirect(_step_url(cohort, "where"))
        return redirect(_next_url(cohort, answers))
    return render(
        request,
        current.template,
        {
            "cohort": cohort,
            "course": cohort.course,
            "form": form,
            "step": current,
            "title": current.title,
            "single": len(form.fields) == 1,
            "back_url": _previous_url(cohort, step, answers),
        },
    )


def _past_eligibility(step_key: str) -> bool:
    """Pages after "where": only someone eligible gets this far."""
    keys = [step.key for step in STEPS]
    return keys.index(step_key) > keys.index("where")


def _forget_monitoring(answers: dict, *, keep_choice: bool, keep_consent=False):
    fields = [f for key in MONITORING_STEPS for f in _fields(STEPS_BY_KEY[key])]
    if not keep_consent:
        fields.append("consent")
    if not keep_choice:
        fields.append("choice")
    for field in fields:
        answers.pop(field, None)


@verified_email_required
@require_safe
def apply_not_eligible(request: HttpRequest, slug: str, cohort: int) -> HttpResponse:
    cohort = _cohort(slug, cohort)
    answers = _answers(request, cohort)
    if not _date_of_birth(answers):
        return redirect("diversity:apply_start", slug=slug, cohort=cohort.pk)
    eligibility = _eligibility(
        cohort, answers, check_london=_answered(STEPS_BY_KEY["where"], answers)
    )
    if eligibility.eligible:
        return redirect(_next_url(cohort, answers))
    return render(
        request,
        "diversity/talent/apply/not_eligible.html",
        {
            "cohort": cohort,
            "course": cohort.course,
            "eligibility": eligibility,
            "change_dob_url": _step_url(cohort, "date-of-birth"),
            "change_where_url": _step_url(cohort, "where"),
        },
    )


def _summary_rows(cohort: Cohort, answers: dict, borough: Borough | None):
    def change(key):
        return _step_url(cohort, key)

    born = _date_of_birth(answers)
    connections = dict(talent_forms.WhereForm.base_fields["connection"].choices)
    details = [
        (_("Name"), answers["full_name"], change("name")),
        (
            _("Date of birth"),
            date_format(born, "j F Y") if born else "",
            change("date-of-birth"),
        ),
        (
            _("Connection to London"),
            str(connections.get(answers["connection"], "")),
            change("where"),
        ),
        (_("Postcode"), answers["postcode"], change("where")),
        (
            _("Borough"),
            borough.name if borough else _("Not in London"),
            change("where"),
        ),
        (_("Why you want to do this course"), answers["why"], change("why")),
    ]
    if answers.get("choice") != "answer":
        equality = [(_("Equality questions"), _("Skipped"), change("equality"))]
    elif answers.get("consent") != "yes":
        equality = [
            (
                _("Equality questions"),
                _("You did not agree"),
                change("equality-consent"),
            )
        ]
    else:
        equality = [
            (_("Equality questions"), _("You agreed"), change("equality-consent"))
        ]
        for key in MONITORING_STEPS:
            step = STEPS_BY_KEY[key]
            (field_name,) = _fields(step)
            field = step.form.base_fields[field_name]
            equality.append(
                (
                    step.title,
                    str(dict(field.choices).get(answers.get(field_name), "")),
                    change(key),
                )
            )
    return details, equality


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_check(request: HttpRequest, slug: str, cohort: int) -> HttpResponse:
    cohort = _cohort(slug, cohort)
    answers = _answers(request, cohort)
    if request.method == "POST" and not answers:
        # Sent twice: the first one made the application.
        existing = Application.objects.filter(
            cohort=cohort, applicant=request.user
        ).first()
        if existing is not None:
            return redirect(
                "diversity:application_confirmation", public_id=existing.public_id
            )
    if refusal := _refusal(request, cohort):
        return refusal
    next_url = _next_url(cohort, answers)
    if not next_url.endswith("/check/"):
        return redirect(next_url)
    borough = _borough(answers)
    if request.method == "POST":
        monitoring = None
        if answers.get("choice") == "answer" and answers.get("consent") == "yes":
            monitoring = {f: answers.get(f, "") for f in services.MONITORING_FIELDS}
        try:
            application = services.application_submit(
                cohort=cohort,
                applicant=request.user,
                answers={
                    "full_name": answers["full_name"],
                    "date_of_birth": _date_of_birth(answers),
                    "postcode": answers["postcode"],
                    "borough": borough,
                    "connection": answers["connection"],
                    "why": answers["why"],
                },
                monitoring=monitoring,
            )
        except services.ApplicationError as error:
            if error.code == services.ALREADY_APPLIED:
                request.session.pop(_session_key(cohort), None)
                messages.info(request, error.message)
                return redirect(
                    "diversity:my_application", public_id=error.application.public_id
                )
            if error.code == services.NOT_ELIGIBLE:
                return redirect(
                    "diversity:apply_not_eligible", slug=slug, cohort=cohort.pk
                )
            return render(
                request,
                "diversity/talent/apply/closed.html",
                {"cohort": cohort, "course": cohort.course},
                status=403,
            )
        request.session.pop(_session_key(cohort), None)
        return redirect(
            "diversity:application_confirmation", public_id=application.public_id
        )
    details, equality = _summary_rows(cohort, answers, borough)
    return render(
        request,
        "diversity/talent/apply/check.html",
        {
            "cohort": cohort,
            "course": cohort.course,
            "details": details,
            "equality": equality,
            "back_url": _previous_url(cohort, "__check__", answers),
        },
    )


@verified_email_required
@require_safe
def application_confirmation(request: HttpRequest, public_id) -> HttpResponse:
    application = _own_application(request, public_id)
    return render(
        request,
        "diversity/talent/apply/confirmation.html",
        {"application": application, "cohort": application.cohort},
    )


# --- Your applications ----------------------------------------------------------

STATUS_EXPLAINED = {
    Application.Status.SUBMITTED: gettext_lazy(
        "The training provider has your application and will tell you whether "
        "they can offer you a place."
    ),
    Application.Status.ACCEPTED: gettext_lazy(
        "You have been offered a place on this course. The training provider "
        "will contact you about the first day."
    ),
    Application.Status.WAITLISTED: gettext_lazy(
        "The course is full for now. You are on the waiting list and will be "
        "offered a place if one comes free."
    ),
    Application.Status.NOT_ACCEPTED: gettext_lazy(
        "The training provider could not offer you a place this time. You can "
        "apply for another course or start date."
    ),
    Application.Status.WITHDRAWN: gettext_lazy("You withdrew this application."),
}


@verified_email_required
@require_safe
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = (
        Application.objects.filter(applicant=request.user)
        .select_related("cohort__course__provider")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "diversity/talent/my_applications.html", {"page_obj": page})


@verified_email_required
@require_safe
def my_application(request: HttpRequest, public_id) -> HttpResponse:
    application = _own_application(request, public_id)
    return render(
        request,
        "diversity/talent/my_application.html",
        {
            "application": application,
            "cohort": application.cohort,
            "course": application.cohort.course,
            "explained": STATUS_EXPLAINED[application.status],
            "can_withdraw": services.can_withdraw(application),
            "today": timezone.localdate(),
        },
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    application = _own_application(request, public_id)
    if not services.can_withdraw(application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("diversity:my_application", public_id=application.public_id)
    form = talent_forms.ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, applicant=request.user
            )
        except services.ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have withdrawn your application."))
        return redirect("diversity:my_application", public_id=application.public_id)
    return render(
        request,
        "diversity/talent/withdraw.html",
        {
            "application": application,
            "cohort": application.cohort,
            "course": application.cohort.course,
            "form": form,
        },
    )
