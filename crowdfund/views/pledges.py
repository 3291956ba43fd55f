"""The backer's side of a pledge: the form, the return from the payment page,
the confirmation, "Your pledges" and cancelling."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from civic.permissions import verified_email_required
from civic.ratelimit import rate_limit
from crowdfund.forms.pledges import CancelPledgeForm, PledgeForm
from crowdfund.models import Pledge, Project
from crowdfund.payments import IN_PROGRESS, Outcome
from crowdfund.services.pledges import (
    PledgeError,
    pledge_cancel,
    pledge_confirm,
    pledge_create,
    pledge_payment_start,
)

PAGE_SIZE = 20


def _public_project(slug: str) -> Project:
    project = get_object_or_404(Project, slug=slug, is_hidden=False)
    if project.status not in Project.PUBLIC:
        raise Http404
    return project


def _own_pledge(request: HttpRequest, public_id) -> Pledge:
    """The signed-in person's pledge; anyone else's is not found."""
    return get_object_or_404(
        Pledge.objects.select_related("project"),
        public_id=public_id,
        backer=request.user,
    )


def _return_url(request: HttpRequest, pledge: Pledge) -> str:
    return request.build_absolute_uri(
        reverse("crowdfund:pledge_return", args=[pledge.public_id])
    )


def _to_payment_page(request: HttpRequest, pledge: Pledge) -> HttpResponse:
    try:
        next_url = pledge_payment_start(
            pledge=pledge, return_url=_return_url(request, pledge)
        )
    except PledgeError as error:
        messages.error(request, error.message)
        return redirect("crowdfund:pledge_detail", public_id=pledge.public_id)
    return redirect(next_url)


@verified_email_required
@require_http_methods(["GET", "POST"])
@rate_limit("pledge")
def pledge_start(request: HttpRequest, slug: str) -> HttpResponse:
    project = _public_project(slug)
    if not project.is_open_for_pledges():
        return render(
            request, "crowdfund/pledges/closed.html", {"project": project}, status=403
        )
    form = PledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = pledge_create(
                project=project,
                backer=request.user,
                amount_pence=data["amount"],
                is_anonymous=data["is_anonymous"],
                message=data["message"],
                idempotency_key=data["idempotency_key"],
            )
        except PledgeError as error:
            if error.code == "closed":
                return render(
                    request,
                    "crowdfund/pledges/closed.html",
                    {"project": project},
                    status=403,
                )
            form.add_error(None, error.message)
        else:
            if made.pledge.status != Pledge.Status.PENDING:
                # The form was sent again after the payment went through.
                return redirect(
                    "crowdfund:pledge_detail", public_id=made.pledge.public_id
                )
            return _to_payment_page(request, made.pledge)
    return render(
        request, "crowdfund/pledges/start.html", {"project": project, "form": form}
    )


@verified_email_required
@require_POST
@rate_limit("pledge")
def pledge_pay(request: HttpRequest, public_id) -> HttpResponse:
    """ "Try again": a new payment for a pledge that is still waiting."""
    pledge = _own_pledge(request, public_id)
    if pledge.status != Pledge.Status.PENDING:
        return redirect("crowdfund:pledge_detail", public_id=pledge.public_id)
    return _to_payment_page(request, pledge)


@verified_email_required
def pledge_return(request: HttpRequest, public_id) -> HttpResponse:
    """Where the payment page sends the backer back to."""
    pledge = _own_pledge(request, public_id)
    if pledge.status == Pledge.Status.PENDING:
        result = pledge_confirm(pledge=pledge)
        pledge.refresh_from_db()
        if pledge.status == Pledge.Status.PENDING:
            if result.outcome == Outcome.DECLINED:
                template = "crowdfund/pledges/declined.html"
            elif result.outcome == IN_PROGRESS:
                template = "crowdfund/pledges/not_finished.html"
            else:
                template = "crowdfund/pledges/not_confirmed.html"
            return render(
                request,
                template,
                {"pledge": pledge, "project": pledge.project},
            )
    return redirect("crowdfund:pledge_detail", public_id=pledge.public_id)


@verified_email_required
@require_safe
def pledge_detail(request: HttpRequest, public_id) -> HttpResponse:
    pledge = _own_pledge(request, public_id)
    return render(
        request,
        "crowdfund/pledges/detail.html",
        {
            "pledge": pledge,
            "project": pledge.project,
            "can_cancel": _can_cancel(pledge),
        },
    )


def _can_cancel(pledge: Pledge) -> bool:
    return (
        pledge.status in (Pledge.Status.PENDING, Pledge.Status.CONFIRMED)
        and pledge.project.is_open_for_pledges()
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def pledge_cancel_view(request: HttpRequest, public_id) -> HttpResponse:
    pledge = _own_pledge(request, public_id)
    if not _can_cancel(pledge):
        messages.error(request, _("This pledge can no longer be cancelled."))
        return redirect("crowdfund:pledge_detail", public_id=pledge.public_id)
    form = CancelPledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge_cancel(pledge=pledge, backer=request.user)
        except PledgeError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Your pledge has been cancelled. You will not be charged.")
            )
        return redirect("crowdfund:pledge_detail", public_id=pledge.public_id)
    return render(
        request,
        "crowdfund/pledges/cancel.html",
        {"pledge": pledge, "project": pledge.project, "form": form},
    )


@verified_email_required
@require_safe
def my_pledges(request: HttpRequest) -> HttpResponse:
    pledges = (
        Pledge.objects.filter(backer=request.user)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(pledges, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "crowdfund/pledges/my_pledges.html", {"page_obj": page})
