"""The lending desk for staff: allocate a device, a loan's page and its
actions (collection, extension, return, cancelling a reservation), the
overdue list and the letters to print."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from civic.permissions import staff_permission_required
from inclusion.forms.loans import (
    AllocateForm,
    CancelReservationForm,
    CollectForm,
    ExtendForm,
    MarkPostedForm,
    OverdueFilterForm,
    ReturnForm,
)
from inclusion.models import BorrowRequest, Device, Loan, LoanReminder, Site
from inclusion.services.loans import (
    LoanError,
    loan_allocate,
    loan_cancel_reservation,
    loan_collect,
    loan_extend,
    loan_return,
    next_waiting,
    participant_uses_email,
)
from inclusion.services.reminders import letter_mark_posted

LENDING = "inclusion.run_lending"
PAGE_SIZE = 25


def _loan(public_id) -> Loan:
    return get_object_or_404(
        Loan.objects.select_related("participant", "device", "site", "request"),
        public_id=public_id,
    )


def _available_devices(site_id: int):
    return Device.objects.filter(
        home_site_id=site_id, status=Device.Status.AVAILABLE, needs_wipe=False
    ).order_by("asset_tag")


# --- Allocate -------------------------------------------------------------------


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def allocate(request: HttpRequest, public_id) -> HttpResponse:
    borrow = get_object_or_404(
        BorrowRequest.objects.select_related("participant", "site", "scheme"),
        public_id=public_id,
    )
    if borrow.status != BorrowRequest.Status.WAITING:
        messages.error(
            request,
            _("%(name)s is no longer on the waiting list.")
            % {"name": borrow.participant.full_name},
        )
        return redirect("inclusion:waiting_list", slug=borrow.site.slug)
    first = next_waiting(borrow.site_id)
    needs_reason = first is not None and first.pk != borrow.pk
    devices = _available_devices(borrow.site_id)
    form = AllocateForm(
        request.POST if request.method == "POST" else None,
        devices=devices,
        needs_reason=needs_reason,
    )
    context = {
        "borrow": borrow,
        "site": borrow.site,
        "form": form,
        "next_request": first if needs_reason else None,
        "any_devices": devices.exists(),
    }
    action = request.POST.get("action")
    if request.method == "POST" and form.is_valid() and action != "change":
        if action != "confirm":
            # Check your answers before anything is saved.
            context["collection_at"] = form.collection_at()
            return render(request, "inclusion/loans/allocate_confirm.html", context)
        try:
            made = loan_allocate(
                request=borrow,
                device=form.cleaned_data["device"],
                collection_at=form.collection_at(),
                staff=request.user,
                reason=form.cleaned_data.get("reason", ""),
            )
        except LoanError as error:
            form.add_error(None, error.message)
        else:
            if made.emailed:
                note = _("We have emailed %(name)s to say it is ready to collect.")
            else:
                note = _(
                    "%(name)s does not get email from us: print the collection "
                    "letter or phone them."
                )
            messages.success(
                request,
                _("Device allocated.")
                + " "
                + note % {"name": borrow.participant.full_name},
            )
            return redirect("inclusion:loan_detail", public_id=made.loan.public_id)
    return render(request, "inclusion/loans/allocate.html", context)


# --- A loan and its actions -----------------------------------------------------


@staff_permission_required(LENDING)
@require_safe
def loan_detail(request: HttpRequest, public_id) -> HttpResponse:
    loan = _loan(public_id)
    reminders = list(LoanReminder.objects.filter(loan=loan).order_by("created_at"))
    return render(
        request,
        "inclusion/loans/loan_detail.html",
        {
            "loan": loan,
            "participant": loan.participant,
            "device": loan.device,
            "reminders": reminders,
            "is_reserved": loan.status == Loan.Status.RESERVED,
            "is_on_loan": loan.status == Loan.Status.ON_LOAN,
            "uses_email": participant_uses_email(loan.participant),
        },
    )


def _loan_action(
    request: HttpRequest,
    public_id,
    *,
    form_class,
    template: str,
    status: str,
    initial=None,
    act,
    done: str,
) -> HttpResponse:
    """GET shows the form; POST validates it and calls one service."""
    loan = _loan(public_id)
    if loan.status != status:
        messages.error(request, _("You cannot do that to this loan now."))
        return redirect("inclusion:loan_detail", public_id=loan.public_id)
    form = form_class(
        request.POST if request.method == "POST" else None,
        initial=initial(loan) if initial else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            act(loan, form.cleaned_data)
        except LoanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done)
            return redirect("inclusion:loan_detail", public_id=loan.public_id)
    return render(request, template, {"loan": loan, "form": form})


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def collect(request: HttpRequest, public_id) -> HttpResponse:
    return _loan_action(
        request,
        public_id,
        form_class=CollectForm,
        template="inclusion/loans/collect.html",
        status=Loan.Status.RESERVED,
        # The usual case: collected on the day booked, for the full 28 days.
        initial=lambda loan: {"starts_on": loan.starts_on, "due_on": loan.due_on},
        act=lambda loan, data: loan_collect(
            loan=loan,
            staff=request.user,
            starts_on=data["starts_on"],
            due_on=data["due_on"],
        ),
        done=_("Collection recorded. The loan has started."),
    )


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def extend(request: HttpRequest, public_id) -> HttpResponse:
    return _loan_action(
        request,
        public_id,
        form_class=ExtendForm,
        template="inclusion/loans/extend.html",
        status=Loan.Status.ON_LOAN,
        act=lambda loan, data: loan_extend(
            loan=loan, staff=request.user, days=data["days"]
        ),
        done=_("Loan extended."),
    )


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def record_return(request: HttpRequest, public_id) -> HttpResponse:
    return _loan_action(
        request,
        public_id,
        form_class=ReturnForm,
        template="inclusion/loans/return.html",
        status=Loan.Status.ON_LOAN,
        initial=lambda loan: {"returned_on": timezone.localdate()},
        act=lambda loan, data: loan_return(
            loan=loan, staff=request.user, returned_on=data["returned_on"]
        ),
        done=_("Return recorded. Wipe the device's data before it is lent again."),
    )


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def cancel_reservation(request: HttpRequest, public_id) -> HttpResponse:
    return _loan_action(
        request,
        public_id,
        form_class=CancelReservationForm,
        template="inclusion/loans/cancel.html",
        status=Loan.Status.RESERVED,
        act=lambda loan, data: loan_cancel_reservation(
            loan=loan, staff=request.user, reason=data["reason"]
        ),
        done=_("Reservation cancelled. They are back on the waiting list."),
    )


@staff_permission_required(LENDING)
@require_safe
def collection_letter(request: HttpRequest, public_id) -> HttpResponse:
    """A printable "your device is ready to collect" letter."""
    loan = _loan(public_id)
    if loan.status != Loan.Status.RESERVED:
        messages.error(request, _("This device has already been collected."))
        return redirect("inclusion:loan_detail", public_id=loan.public_id)
    return render(
        request,
        "inclusion/letters/collection.html",
        {"loan": loan, "participant": loan.participant, "site": loan.site},
    )


# --- Overdue and letters --------------------------------------------------------


@staff_permission_required(LENDING)
@require_safe
def overdue_list(request: HttpRequest) -> HttpResponse:
    sites = Site.objects.filter(lends_devices=True).order_by("name")
    form = OverdueFilterForm(request.GET or None, sites=sites)
    loans = (
        Loan.objects.filter(status=Loan.Status.ON_LOAN, due_on__lt=timezone.localdate())
        .select_related("participant", "device", "site")
        .order_by("due_on", "pk")
    )
    site = None
    if form.is_valid() and form.cleaned_data["site"]:
        site = form.cleaned_data["site"]
        loans = loans.filter(site=site)
    page = Paginator(loans, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [{"loan": loan, "days": (today - loan.due_on).days} for loan in page]
    return render(
        request,
        "inclusion/loans/overdue.html",
        {"form": form, "page_obj": page, "rows": rows, "site": site},
    )


def _letters():
    # A letter about a due date that has moved (the loan was extended) or a
    # device that is back no longer needs posting.
    return LoanReminder.objects.filter(
        channel=LoanReminder.Channel.LETTER,
        printed_at__isnull=True,
        loan__status=Loan.Status.ON_LOAN,
        due_on=F("loan__due_on"),
    ).select_related("loan__participant", "loan__site", "loan__device")


@staff_permission_required(LENDING)
@require_safe
def letters(request: HttpRequest) -> HttpResponse:
    page = Paginator(_letters().order_by("created_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "inclusion/loans/letters.html", {"page_obj": page})


@staff_permission_required(LENDING)
@require_safe
def letter_print(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(
        LoanReminder.objects.select_related(
            "loan__participant", "loan__site", "loan__device"
        ),
        pk=pk,
        channel=LoanReminder.Channel.LETTER,
    )
    return render(
        request,
        "inclusion/letters/reminder.html",
        {
            "reminder": reminder,
            "loan": reminder.loan,
            "participant": reminder.loan.participant,
            "site": reminder.loan.site,
            "form": MarkPostedForm(),
        },
    )


@staff_permission_required(LENDING)
@require_POST
def letter_mark_posted_view(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(
        LoanReminder, pk=pk, channel=LoanReminder.Channel.LETTER
    )
    if letter_mark_posted(reminder=reminder, staff=request.user):
        messages.success(request, _("Letter marked as posted."))
    else:
        messages.info(request, _("This letter was already marked as posted."))
    return redirect("inclusion:letters")
