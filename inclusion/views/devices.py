"""A device's page for staff: status, current loan, wipes, incidents."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from civic.permissions import staff_permission_required
from inclusion.forms.loans import IncidentForm, WipeForm
from inclusion.models import Device, DeviceIncident, DeviceWipe, Loan
from inclusion.services.devices import device_report_incident, device_wipe_record
from inclusion.services.loans import LoanError

LENDING = "inclusion.run_lending"
HISTORY = 20  # the most recent wipes and incidents; the admin has the rest


def _device(asset_tag: str) -> Device:
    return get_object_or_404(
        Device.objects.select_related("home_site"), asset_tag=asset_tag
    )


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def device_detail(request: HttpRequest, asset_tag: str) -> HttpResponse:
    device = _device(asset_tag)
    if request.method == "POST" and not device.needs_wipe:
        # Someone else recorded the wipe a moment ago.
        messages.info(request, _("This device does not need a data wipe."))
        return redirect("inclusion:device_detail", asset_tag=device.asset_tag)
    form = WipeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device_wipe_record(
                device=device, staff=request.user, notes=form.cleaned_data["notes"]
            )
        except LoanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Data wipe recorded. %(tag)s can be lent again.")
                % {"tag": device.asset_tag}
                if device.status == Device.Status.BEING_WIPED
                else _("Data wipe recorded."),
            )
            return redirect("inclusion:device_detail", asset_tag=device.asset_tag)
    current = (
        Loan.objects.filter(device=device, status__in=Loan.ACTIVE_STATUSES)
        .select_related("participant")
        .first()
    )
    wipes = list(
        DeviceWipe.objects.filter(device=device).select_related("wiped_by")[:HISTORY]
    )
    incidents = list(
        DeviceIncident.objects.filter(device=device).select_related("reported_by")[
            :HISTORY
        ]
    )
    return render(
        request,
        "inclusion/loans/device_detail.html",
        {
            "device": device,
            "current": current,
            "wipes": wipes,
            "incidents": incidents,
            "form": form if device.needs_wipe else None,
        },
    )


@staff_permission_required(LENDING)
@require_http_methods(["GET", "POST"])
def device_incident(request: HttpRequest, asset_tag: str) -> HttpResponse:
    """Report a device on the shelf (or on loan) lost or damaged."""
    device = _device(asset_tag)
    current = Loan.objects.filter(
        device=device, status__in=Loan.ACTIVE_STATUSES
    ).first()
    form = IncidentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            device_report_incident(
                device=device,
                loan=current,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                staff=request.user,
            )
        except LoanError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The incident has been recorded."))
            return redirect("inclusion:device_detail", asset_tag=device.asset_tag)
    return render(
        request,
        "inclusion/loans/incident.html",
        {"device": device, "loan": current, "form": form},
    )
