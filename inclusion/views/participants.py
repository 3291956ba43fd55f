"""Residents' records: "Your details" for residents, and the staff desk's
search, new record, record page and applying for someone (assisted digital)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from civic.permissions import staff_permission_required, verified_email_required
from inclusion.forms.borrowing import AssistedApplyForm, WithdrawForm
from inclusion.forms.participants import (
    ErasureConfirmForm,
    ParticipantDetailsForm,
    ParticipantSearchForm,
    StaffParticipantEditForm,
    StaffParticipantForm,
)
from inclusion.models import Booking, BorrowRequest, Loan, Participant, Scheme
from inclusion.selectors import (
    offer_hours_left,
    participant_for_user,
    participant_training_hours,
)
from inclusion.services.eligibility import scheme_who_for
from inclusion.services.erasure import (
    Erasure,
    participant_erase,
    participant_export_by_staff,
)
from inclusion.services.participants import (
    PARTICIPANT_FIELDS,
    participant_consent_how,
    participant_create_assisted,
    participant_save_for_user,
    participant_update_by_staff,
)
from inclusion.services.participants import (
    participant_search as participants_matching,
)
from inclusion.services.requests import (
    BorrowRequestError,
    NotEligible,
    borrow_request_create,
    borrow_request_withdraw,
    waiting_list_lengths,
)

PAGE_SIZE = 20
RUN_LENDING = "inclusion.run_lending"


# --- Your details (residents) -----------------------------------------------------


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@verified_email_required
@require_http_methods(["GET", "POST"])
def your_details(request: HttpRequest) -> HttpResponse:
    participant = participant_for_user(request.user)
    initial = {"town": "London", "contact_preference": Participant.Contact.EMAIL}
    if participant is not None:
        initial = {name: getattr(participant, name) for name in PARTICIPANT_FIELDS}
    form = ParticipantDetailsForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    next_url = _safe_next(request)
    if request.method == "POST" and form.is_valid():
        participant_save_for_user(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your details have been saved."))
        return redirect(next_url or reverse("inclusion:my_programme"))
    return render(
        request,
        "inclusion/participants/your_details.html",
        {
            "form": form,
            "next": next_url,
            "is_new": participant is None,
            "email": request.user.email,
        },
    )


# --- Staff: find, create, look at a record ----------------------------------------


def _participant_for_staff(public_id) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("borough", "created_by", "user"),
        public_id=public_id,
    )


@staff_permission_required(RUN_LENDING)
@require_safe
def participant_search(request: HttpRequest) -> HttpResponse:
    form = ParticipantSearchForm(request.GET or None)
    query = ""
    page = None
    if form.is_valid():
        query = form.cleaned_data["q"]
        if query:
            page = Paginator(
                participants_matching(query).order_by("full_name", "pk"), PAGE_SIZE
            ).get_page(request.GET.get("page"))
    return render(
        request,
        "inclusion/participants/search.html",
        {"form": form, "query": query, "page_obj": page},
    )


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def participant_create(request: HttpRequest) -> HttpResponse:
    form = StaffParticipantForm(
        request.POST if request.method == "POST" else None,
        initial={"town": "London", "contact_preference": Participant.Contact.LETTER},
    )
    if request.method == "POST" and form.is_valid():
        participant = participant_create_assisted(
            staff=request.user,
            data=form.cleaned_data,
            consent_how=form.cleaned_data["consent_how"],
        )
        messages.success(
            request,
            _("Record created for %(name)s.") % {"name": participant.full_name},
        )
        return redirect("inclusion:participant_detail", public_id=participant.public_id)
    return render(request, "inclusion/participants/create.html", {"form": form})


@staff_permission_required(RUN_LENDING)
@require_safe
def participant_detail(request: HttpRequest, public_id) -> HttpResponse:
    participant = _participant_for_staff(public_id)
    requests = list(
        BorrowRequest.objects.filter(participant=participant)
        .select_related("scheme", "site", "applied_by")
        .order_by("-applied_at")[:50]
    )
    loans = list(
        Loan.objects.filter(participant=participant)
        .select_related("device", "site")
        .order_by("-starts_on")[:50]
    )
    bookings = list(
        Booking.objects.filter(participant=participant)
        .select_related("session__course", "session__site")
        .order_by("-session__starts_at")[:50]
    )
    now = timezone.now()
    for booking in bookings:
        booking.can_cancel = (
            booking.status in (Booking.Status.BOOKED, Booking.Status.WAITLISTED)
            and booking.session.starts_at > now
        )
    hours = participant_training_hours(participant)
    return render(
        request,
        "inclusion/participants/detail.html",
        {
            "participant": participant,
            "requests": requests,
            "loans": loans,
            "bookings": bookings,
            "hours": hours,
            "hours_left": offer_hours_left(hours),
            "consent_how": participant_consent_how(participant)
            if participant.created_by_id
            else "",
            "schemes": list(Scheme.objects.filter(is_open=True)[:20]),
        },
    )


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, public_id) -> HttpResponse:
    participant = _participant_for_staff(public_id)
    has_account = participant.user_id is not None
    initial = {name: getattr(participant, name) for name in PARTICIPANT_FIELDS}
    initial["email"] = participant.email
    form = StaffParticipantEditForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        has_account=has_account,
    )
    if request.method == "POST" and form.is_valid():
        participant_update_by_staff(
            participant=participant, staff=request.user, data=form.cleaned_data
        )
        messages.success(
            request,
            _("Record updated for %(name)s.")
            % {"name": form.cleaned_data["full_name"]},
        )
        return redirect("inclusion:participant_detail", public_id=participant.public_id)
    return render(
        request,
        "inclusion/participants/edit.html",
        {"form": form, "participant": participant, "has_account": has_account},
    )


# --- Staff: a resident's data rights (they may have no account) -------------------


def _live_participant(public_id) -> Participant:
    participant = _participant_for_staff(public_id)
    if participant.erased_at is not None:
        raise Http404("This record has been erased.")
    return participant


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET"])
def participant_data(request: HttpRequest, public_id) -> HttpResponse:
    """A copy of everything held about the resident (a subject access
    request made at the desk), as a JSON file; the download is logged."""
    participant = _live_participant(public_id)
    data = participant_export_by_staff(participant=participant, staff=request.user)
    response = JsonResponse(
        data, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = (
        f'attachment; filename="get-online-record-{participant.public_id}.json"'
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def participant_erase_view(request: HttpRequest, public_id) -> HttpResponse:
    participant = _live_participant(public_id)
    device_out = Loan.objects.filter(
        participant=participant, status=Loan.Status.ON_LOAN
    ).exists()
    form = ErasureConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = participant_erase(participant=participant, by=request.user)
        if outcome is Erasure.WAITING:
            messages.success(
                request,
                _(
                    "Their record will be erased when the device on loan comes "
                    "back. Until then it stays so that the device can be returned."
                ),
            )
            return redirect(
                "inclusion:participant_detail", public_id=participant.public_id
            )
        messages.success(request, _("The resident's record has been erased."))
        return redirect("inclusion:participant_search")
    return render(
        request,
        "inclusion/participants/erase.html",
        {"participant": participant, "form": form, "device_out": device_out},
    )


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def staff_request_withdraw(request: HttpRequest, public_id, request_id) -> HttpResponse:
    """Take a resident off a lending waiting list, for them (they asked at the
    desk or by phone)."""
    participant = _participant_for_staff(public_id)
    borrow_request = get_object_or_404(
        BorrowRequest.objects.select_related("scheme", "site"),
        public_id=request_id,
        participant=participant,
        status=BorrowRequest.Status.WAITING,
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            borrow_request_withdraw(borrow_request=borrow_request, staff=request.user)
        except BorrowRequestError as failure:
            messages.error(request, failure.message)
        else:
            messages.success(
                request,
                _("%(name)s has left the waiting list at %(site)s.")
                % {"name": participant.full_name, "site": borrow_request.site.name},
            )
        return redirect("inclusion:participant_detail", public_id=participant.public_id)
    return render(
        request,
        "inclusion/participants/request_withdraw.html",
        {"participant": participant, "borrow_request": borrow_request, "form": form},
    )


# --- Staff: apply for a resident --------------------------------------------------


def _last_circumstances(participant: Participant, scheme: Scheme) -> list[str]:
    """What they told us last time they applied, to read back to them."""
    last = (
        BorrowRequest.objects.filter(participant=participant, scheme=scheme)
        .order_by("-applied_at")
        .values_list("circumstances", flat=True)
        .first()
    )
    if last is None:
        return []
    return list(last) or ["none"]


@staff_permission_required(RUN_LENDING)
@require_http_methods(["GET", "POST"])
def assisted_apply(request: HttpRequest, public_id, scheme: str) -> HttpResponse:
    participant = _participant_for_staff(public_id)
    scheme = get_object_or_404(
        Scheme.objects.prefetch_related("boroughs"), slug=scheme, is_open=True
    )
    sites = scheme.sites.filter(is_active=True, lends_devices=True).order_by("name")
    waiting = waiting_list_lengths(sites)
    mine = list(
        request.user.inclusion_sites.filter(pk__in=sites).values_list("pk", flat=True)
    )
    form = AssistedApplyForm(
        request.POST if request.method == "POST" else None,
        sites=sites,
        waiting=waiting,
        initial={
            "site": mine[0] if mine else None,
            "circumstances": _last_circumstances(participant, scheme),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = borrow_request_create(
                scheme=scheme,
                site=form.cleaned_data["site"],
                participant=participant,
                circumstances=form.cleaned_data["circumstances"],
                staff=request.user,
                consent_note=form.cleaned_data["consent_note"],
            )
        except NotEligible as failure:
            return render(
                request,
                "inclusion/borrowing/not_eligible.html",
                {
                    "scheme": scheme,
                    "eligibility": failure.eligibility,
                    "staff_view": True,
                    "participant": participant,
                },
            )
        except BorrowRequestError as failure:
            form.add_error(None, failure.message)
        else:
            messages.success(
                request,
                _("%(name)s is number %(position)s on the waiting list at %(site)s.")
                % {
                    "name": participant.full_name,
                    "position": made.position,
                    "site": made.request.site.name,
                },
            )
            return redirect(
                "inclusion:participant_detail", public_id=participant.public_id
            )
    return render(
        request,
        "inclusion/participants/assisted_apply.html",
        {
            "participant": participant,
            "scheme": scheme,
            "who_for": scheme_who_for(scheme, list(scheme.boroughs.all())),
            "form": form,
            "now": timezone.now(),
        },
    )
