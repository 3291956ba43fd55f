"""Applying to borrow a device online, one question a page, and "Your loan".

The answers live in the session until the applicant submits them on "Check
your answers"; nothing is written before then. Each question page sends
people back to the first question they have not answered yet, so a bookmark
or the back button never shows a page out of order.
"""

from __future__ import annotations

import datetime
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from civic.models import Borough
from civic.permissions import verified_email_required
from inclusion.forms.borrowing import (
    NONE_OF_THESE,
    CircumstancesForm,
    ConsentForm,
    ContactForm,
    DateOfBirthForm,
    SiteForm,
    WhereYouLiveForm,
    WithdrawForm,
)
from inclusion.models import (
    BorrowRequest,
    Circumstance,
    ConfidenceCheck,
    Loan,
    Participant,
    Scheme,
)
from inclusion.selectors import (
    offer_hours_left,
    participant_for_user,
    participant_training_hours,
)
from inclusion.services.eligibility import scheme_eligibility, scheme_who_for
from inclusion.services.participants import participant_save_for_user
from inclusion.services.requests import (
    BorrowRequestError,
    NotEligible,
    borrow_request_create,
    borrow_request_withdraw,
    waiting_list_lengths,
    waiting_position,
)

# Days before the due date from which we ask the end-of-loan questionnaire.
END_QUESTIONNAIRE_DAYS = 7


# --- The answers so far -----------------------------------------------------------


def _key(scheme: Scheme) -> str:
    return f"inclusion_apply_{scheme.slug}"


def _answers(request: HttpRequest, scheme: Scheme) -> dict:
    return dict(request.session.get(_key(scheme), {}))


def _save(request: HttpRequest, scheme: Scheme, **values) -> None:
    answers = _answers(request, scheme)
    answers.update(values)
    request.session[_key(scheme)] = answers


def _open_scheme(slug: str) -> Scheme:
    return get_object_or_404(Scheme.objects.prefetch_related("boroughs"), slug=slug)


def _borough(answers: dict) -> Borough | None:
    if not answers.get("borough"):
        return None
    return Borough.objects.filter(pk=answers["borough"]).first()


def _dob(answers: dict) -> datetime.date | None:
    value = answers.get("date_of_birth")
    return datetime.date.fromisoformat(value) if value else None


def _eligibility(scheme: Scheme, answers: dict):
    return scheme_eligibility(
        scheme=scheme,
        borough=_borough(answers),
        date_of_birth=_dob(answers),
        circumstances=answers.get("circumstances", []),
        on=timezone.localdate(),
    )


# The order of the questions: (answer key, url name).
STEPS = (
    ("borough", "apply_where"),
    ("date_of_birth", "apply_dob"),
    ("circumstances", "apply_circumstances"),
    ("site", "apply_site"),
    ("contact", "apply_contact"),
    ("consent", "apply_consent"),
)


def _first_missing(answers: dict, upto: str) -> str | None:
    """The first unanswered question before ``upto`` (a url name)."""
    for key, name in STEPS:
        if name == upto:
            return None
        if key not in answers:
            return name
    return None


def _guard(request, scheme, step: str):
    """Send people to the start when closed, or to a question they skipped."""
    if not scheme.is_open:
        return redirect("inclusion:apply_start", scheme=scheme.slug)
    answers = _answers(request, scheme)
    missing = _first_missing(answers, step)
    if missing:
        return redirect(f"inclusion:{missing}", scheme=scheme.slug)
    if step in ("apply_site", "apply_contact", "apply_consent", "apply_check"):
        if not _eligibility(scheme, answers).eligible:
            return redirect("inclusion:apply_not_eligible", scheme=scheme.slug)
    return None


def _next(request, scheme, default: str) -> HttpResponse:
    """After an answer: on to ``default``, or back to "Check your answers" when
    the applicant came from there and nothing else needs asking."""
    if request.GET.get("change") and not _first_missing(
        _answers(request, scheme), "apply_check"
    ):
        if not _eligibility(scheme, _answers(request, scheme)).eligible:
            return redirect("inclusion:apply_not_eligible", scheme=scheme.slug)
        return redirect("inclusion:apply_check", scheme=scheme.slug)
    return redirect(f"inclusion:{default}", scheme=scheme.slug)


def _open_request(participant: Participant | None, scheme: Scheme):
    if participant is None:
        return None
    return (
        BorrowRequest.objects.filter(
            participant=participant,
            scheme=scheme,
            status__in=BorrowRequest.OPEN_STATUSES,
        )
        .select_related("site")
        .first()
    )


def _render_step(request, scheme, template, context) -> HttpResponse:
    context = {
        "scheme": scheme,
        "change": bool(request.GET.get("change")),
        **context,
    }
    return render(request, f"inclusion/borrowing/{template}", context)


# --- Start ------------------------------------------------------------------------


@require_safe
def apply_start(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    sites = list(scheme.sites.filter(is_active=True, lends_devices=True))
    waiting = waiting_list_lengths(sites)
    already = _open_request(participant_for_user(request.user), scheme)
    return render(
        request,
        "inclusion/borrowing/start.html",
        {
            "scheme": scheme,
            "who_for": scheme_who_for(scheme, list(scheme.boroughs.all())),
            "sites": [(site, waiting.get(site.pk, 0)) for site in sites],
            "already": already,
        },
    )


# --- The questions ----------------------------------------------------------------


def _participant_initial(request) -> dict:
    participant = participant_for_user(request.user)
    if participant is None:
        return {}
    return {
        "postcode": participant.postcode,
        "borough": participant.borough_id,
        "date_of_birth": participant.date_of_birth.isoformat(),
        "contact": {
            "full_name": participant.full_name,
            "address_line_1": participant.address_line_1,
            "address_line_2": participant.address_line_2,
            "town": participant.town,
            "phone": participant.phone,
            "contact_preference": participant.contact_preference,
        },
    }


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_where(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_where"):
        return redirected
    answers = _answers(request, scheme)
    known = _participant_initial(request)
    initial = {
        "postcode": answers.get("postcode", known.get("postcode", "")),
        "borough": answers.get("borough", known.get("borough")),
    }
    form = WhereYouLiveForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        _save(
            request,
            scheme,
            postcode=form.cleaned_data["postcode"],
            borough=form.cleaned_data["borough"].pk,
        )
        return _next(request, scheme, "apply_dob")
    return _render_step(request, scheme, "where.html", {"form": form})


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_dob(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_dob"):
        return redirected
    answers = _answers(request, scheme)
    known = _participant_initial(request)
    value = answers.get("date_of_birth", known.get("date_of_birth"))
    initial = {"date_of_birth": datetime.date.fromisoformat(value)} if value else {}
    form = DateOfBirthForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        _save(
            request,
            scheme,
            date_of_birth=form.cleaned_data["date_of_birth"].isoformat(),
        )
        return _next(request, scheme, "apply_circumstances")
    return _render_step(request, scheme, "date_of_birth.html", {"form": form})


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_circumstances(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_circumstances"):
        return redirected
    answers = _answers(request, scheme)
    initial = {}
    if "circumstances" in answers:
        initial = {"circumstances": answers["circumstances"] or [NONE_OF_THESE]}
    form = CircumstancesForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        _save(request, scheme, circumstances=form.cleaned_data["circumstances"])
        if not _eligibility(scheme, _answers(request, scheme)).eligible:
            return redirect("inclusion:apply_not_eligible", scheme=scheme.slug)
        return _next(request, scheme, "apply_site")
    return _render_step(request, scheme, "circumstances.html", {"form": form})


@verified_email_required
@require_safe
def apply_not_eligible(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    answers = _answers(request, scheme)
    missing = _first_missing(answers, "apply_site")
    if missing:
        return redirect(f"inclusion:{missing}", scheme=scheme.slug)
    eligibility = _eligibility(scheme, answers)
    if eligibility.eligible:
        return redirect("inclusion:apply_site", scheme=scheme.slug)
    return render(
        request,
        "inclusion/borrowing/not_eligible.html",
        {"scheme": scheme, "eligibility": eligibility, "staff_view": False},
    )


def _sites(scheme: Scheme):
    return scheme.sites.filter(is_active=True, lends_devices=True).order_by("name")


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_site(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_site"):
        return redirected
    sites = _sites(scheme)
    waiting = waiting_list_lengths(sites)
    answers = _answers(request, scheme)
    form = SiteForm(
        request.POST if request.method == "POST" else None,
        sites=sites,
        waiting=waiting,
        initial={"site": answers.get("site")},
    )
    if request.method == "POST" and form.is_valid():
        _save(request, scheme, site=form.cleaned_data["site"].pk)
        return _next(request, scheme, "apply_contact")
    return _render_step(request, scheme, "site.html", {"form": form})


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_contact(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_contact"):
        return redirected
    answers = _answers(request, scheme)
    initial = answers.get("contact") or _participant_initial(request).get(
        "contact", {"town": "London"}
    )
    form = ContactForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        _save(request, scheme, contact=form.cleaned_data)
        return _next(request, scheme, "apply_consent")
    return _render_step(
        request, scheme, "contact.html", {"form": form, "email": request.user.email}
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_consent(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_consent"):
        return redirected
    answers = _answers(request, scheme)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"consent": answers.get("consent", False)},
    )
    if request.method == "POST" and form.is_valid():
        _save(request, scheme, consent=True)
        return redirect("inclusion:apply_check", scheme=scheme.slug)
    return _render_step(request, scheme, "consent.html", {"form": form})


# --- Check your answers, and the confirmation -------------------------------------


def _check_rows(scheme: Scheme, answers: dict, email: str) -> list[dict]:
    def change(name: str) -> str:
        return (
            reverse(f"inclusion:{name}", kwargs={"scheme": scheme.slug}) + "?change=1"
        )

    borough = _borough(answers)
    labels = dict(Circumstance.choices)
    circumstances = [str(labels.get(c, c)) for c in answers["circumstances"]] or [
        _("None of these")
    ]
    site = _sites(scheme).filter(pk=answers["site"]).first()
    contact = answers["contact"]
    address = [
        line
        for line in (
            contact["address_line_1"],
            contact.get("address_line_2"),
            contact["town"],
            answers["postcode"],
        )
        if line
    ]
    preference = dict(Participant.Contact.choices).get(
        contact["contact_preference"], ""
    )
    dob = _dob(answers)
    return [
        {
            "key": _("Where you live"),
            "value": [answers["postcode"], borough.name if borough else ""],
            "href": change("apply_where"),
            "hidden": _("where you live"),
        },
        {
            "key": _("Date of birth"),
            "value": date_format(dob, "j F Y") if dob else "",
            "href": change("apply_dob"),
            "hidden": _("date of birth"),
        },
        {
            "key": _("Circumstances"),
            "value": circumstances,
            "href": change("apply_circumstances"),
            "hidden": _("circumstances"),
        },
        {
            "key": _("Collect from"),
            "value": site.name if site else "",
            "href": change("apply_site"),
            "hidden": _("where you collect from"),
        },
        {
            "key": _("Name"),
            "value": contact["full_name"],
            "href": change("apply_contact"),
            "hidden": _("name"),
        },
        {
            "key": _("Address"),
            "value": address,
            "href": change("apply_contact"),
            "hidden": _("address"),
        },
        {
            "key": _("Phone number"),
            "value": contact.get("phone") or _("Not given"),
            "href": change("apply_contact"),
            "hidden": _("phone number"),
        },
        {"key": _("Email address"), "value": email},
        {
            "key": _("How to contact you"),
            "value": str(preference),
            "href": change("apply_contact"),
            "hidden": _("how to contact you"),
        },
    ]


@verified_email_required
@require_http_methods(["GET", "POST"])
def apply_check(request: HttpRequest, scheme: str) -> HttpResponse:
    scheme = _open_scheme(scheme)
    if redirected := _guard(request, scheme, "apply_check"):
        return redirected
    answers = _answers(request, scheme)
    site = _sites(scheme).filter(pk=answers["site"]).first()
    if site is None:  # the site stopped lending since they chose it
        answers.pop("site")
        request.session[_key(scheme)] = answers
        return redirect("inclusion:apply_site", scheme=scheme.slug)
    error = ""
    if request.method == "POST":
        participant = participant_for_user(request.user)
        already = _open_request(participant, scheme)
        if already is not None:
            # A second submit (double click, second tab): show what was made.
            request.session.pop(_key(scheme), None)
            return redirect("inclusion:apply_done", public_id=already.public_id)
        participant = participant_save_for_user(
            user=request.user,
            data={
                **answers["contact"],
                "postcode": answers["postcode"],
                "borough": _borough(answers),
                "date_of_birth": _dob(answers),
            },
        )
        try:
            made = borrow_request_create(
                scheme=scheme,
                site=site,
                participant=participant,
                circumstances=answers["circumstances"],
            )
        except NotEligible:
            return redirect("inclusion:apply_not_eligible", scheme=scheme.slug)
        except BorrowRequestError as failure:
            if failure.code == "already":
                existing = _open_request(participant, scheme)
                if existing is not None:
                    request.session.pop(_key(scheme), None)
                    return redirect(
                        "inclusion:apply_done", public_id=existing.public_id
                    )
            error = failure.message
        else:
            request.session.pop(_key(scheme), None)
            return redirect("inclusion:apply_done", public_id=made.request.public_id)
    return render(
        request,
        "inclusion/borrowing/check.html",
        {
            "scheme": scheme,
            "rows": _check_rows(scheme, answers, request.user.email),
            "error": error,
        },
    )


def _own_request(request: HttpRequest, public_id) -> BorrowRequest:
    """The signed-in resident's request; anyone else's is not found."""
    return get_object_or_404(
        BorrowRequest.objects.select_related("site", "scheme", "participant"),
        public_id=public_id,
        participant__user=request.user,
    )


@verified_email_required
@require_safe
def apply_done(request: HttpRequest, public_id) -> HttpResponse:
    borrow_request = _own_request(request, public_id)
    return render(
        request,
        "inclusion/borrowing/done.html",
        {
            "borrow_request": borrow_request,
            "position": waiting_position(borrow_request),
        },
    )


# --- Your loan --------------------------------------------------------------------


def _confidence_links(loans: list[Loan], done: set[tuple[int, str]]) -> list[dict]:
    today = timezone.localdate()
    links = []
    for loan in loans:
        if loan.status == Loan.Status.ON_LOAN and (loan.pk, "start") not in done:
            links.append({"loan": loan, "stage": "start"})
        near_end = loan.status == Loan.Status.RETURNED or (
            loan.status == Loan.Status.ON_LOAN
            and loan.due_on - today <= timedelta(days=END_QUESTIONNAIRE_DAYS)
        )
        if near_end and (loan.pk, "end") not in done:
            links.append({"loan": loan, "stage": "end"})
    return links


@verified_email_required
@require_safe
def my_programme(request: HttpRequest) -> HttpResponse:
    participant = participant_for_user(request.user)
    if participant is None:
        return render(
            request,
            "inclusion/borrowing/my_programme_empty.html",
            {"schemes": Scheme.objects.filter(is_open=True)[:20]},
        )
    waiting = list(
        BorrowRequest.objects.filter(
            participant=participant, status=BorrowRequest.Status.WAITING
        ).select_related("site", "scheme")
    )
    places = [(r, waiting_position(r)) for r in waiting]
    active = list(
        Loan.objects.filter(participant=participant, status__in=Loan.ACTIVE_STATUSES)
        .select_related("device", "site")
        .prefetch_related("site__hours")
        .order_by("starts_on")
    )
    # The questionnaire: loans on now, and those returned in the last month.
    recent = list(
        Loan.objects.filter(
            participant=participant,
            status=Loan.Status.RETURNED,
            returned_on__gte=timezone.localdate() - timedelta(days=31),
        )
    )
    loan_ids = [loan.pk for loan in active + recent]
    done = set(
        ConfidenceCheck.objects.filter(loan_id__in=loan_ids).values_list(
            "loan_id", "stage"
        )
    )
    hours = participant_training_hours(participant)
    return render(
        request,
        "inclusion/borrowing/my_programme.html",
        {
            "participant": participant,
            "places": places,
            "loans": active,
            "confidence_links": _confidence_links(active + recent, done),
            "hours": hours,
            "hours_left": offer_hours_left(hours),
        },
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    borrow_request = _own_request(request, public_id)
    if borrow_request.status != BorrowRequest.Status.WAITING:
        if borrow_request.status == BorrowRequest.Status.WITHDRAWN:
            raise Http404
        messages.error(
            request,
            _(
                "A device has already been set aside for you. Contact the library "
                "to cancel."
            ),
        )
        return redirect("inclusion:my_programme")
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            borrow_request_withdraw(borrow_request=borrow_request)
        except BorrowRequestError as failure:
            messages.error(request, failure.message)
        else:
            messages.success(
                request,
                _("You have left the waiting list at %(site)s.")
                % {"site": borrow_request.site.name},
            )
        return redirect("inclusion:my_programme")
    return render(
        request,
        "inclusion/borrowing/withdraw.html",
        {"borrow_request": borrow_request, "form": form},
    )
