"""The offline gateway's own "Enter card details" page.

It stands in for a provider's hosted payment page, and exists only while the
offline gateway is the one configured (docs/crowdfund-payments.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from civic.permissions import verified_email_required
from crowdfund.models import Pledge
from crowdfund.payments import get_gateway
from crowdfund.payments.forms import CardDetailsForm
from crowdfund.payments.offline import TEST_CARDS, OfflineGateway, return_url_for


@verified_email_required
@require_http_methods(["GET", "POST"])
def offline_payment_page(request: HttpRequest, reference: str) -> HttpResponse:
    gateway = get_gateway()
    if not isinstance(gateway, OfflineGateway):
        raise Http404
    # An old reference (the backer started again) is not found: only the
    # pledge's latest payment can be paid.
    pledge = get_object_or_404(
        Pledge.objects.select_related("project"),
        payment_reference=reference,
        backer=request.user,
        status=Pledge.Status.PENDING,
    )
    token = request.GET.get("r", "")
    back_url = return_url_for(token) or reverse(
        "crowdfund:pledge_return", args=[pledge.public_id]
    )
    form = CardDetailsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        gateway.submit_card(pledge, form.cleaned_data["card_number"])
        return redirect(back_url)
    return render(
        request,
        "crowdfund/payments/offline.html",
        {
            "pledge": pledge,
            "form": form,
            "back_url": back_url,
            "test_cards": [
                (" ".join(number[i : i + 4] for i in range(0, 16, 4)), outcome)
                for number, outcome in TEST_CARDS
            ],
        },
    )
