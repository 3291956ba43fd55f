"""Joining and leaving Talk London: an explicit opt-in, and an easy way out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from talk_london.forms.membership import JoinForm, LeaveForm
from talk_london.selectors import is_member
from talk_london.services.membership import membership_join, membership_leave


@login_required
def join(request):
    if is_member(request.user):
        return redirect("talk_london:index")
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        membership_join(user=request.user)
        messages.success(request, _("You have joined Talk London"))
        return redirect("talk_london:index")
    return render(request, "talk_london/membership/join.html", {"form": form})


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
