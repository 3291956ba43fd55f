"""Joining and leaving Talk London: an explicit opt-in, and an easy way out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from talk_london.forms.membership import JoinForm, LeaveForm
from talk_london.selectors import is_member
from talk_london.services.membership import membership_join, membership_leave


def _safe_next(request) -> str:
    """Where to go after joining: back to the survey that asked, if it is ours."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@login_required
def join(request):
    next_url = _safe_next(request)
    if is_member(request.user):
        return redirect(next_url or "talk_london:index")
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        membership_join(user=request.user)
        messages.success(request, _("You have joined Talk London"))
        return redirect(next_url or "talk_london:index")
    return render(
        request,
        "talk_london/membership/join.html",
        {"form": form, "next_url": next_url},
    )


@login_required
def leave(request):
    if not is_member(request.user):
        return redirect("talk_london:index")
    form = LeaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        membership_leave(user=request.user)
        messages.success(
            request,
            _("You have left Talk London. We have deleted your 'about you' answers"),
        )
        return redirect("talk_london:index")
    return render(request, "talk_london/membership/leave.html", {"form": form})
