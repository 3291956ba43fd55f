"""The pilot page: the startup reports progress, the delivery partner logs
mentoring, and everyone involved sees where it has got to."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from civic.permissions import has_verified_email
from civic.templatetags.govuk import pence

from .. import access
from ..forms.pilots import FinalReportForm, MentoringForm, ProgressReportForm
from ..models import Milestone, Pilot
from ..services import pilots as services
from . import posted_pk


def _get_pilot(request, public_id) -> Pilot:
    pilot = get_object_or_404(
        Pilot.objects.select_related(
            "application__challenge__programme__delivery_partner",
            "application__challenge__owner",
            "application__organisation",
        ),
        public_id=public_id,
    )
    if not access.can_view_pilot(request.user, pilot):
        raise Http404
    return pilot


def pilot_detail(request, public_id):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    pilot = _get_pilot(request, public_id)
    user = request.user
    is_startup = access.is_startup_member(user, pilot.application)
    is_partner = access.is_delivery_partner_member(user, pilot)
    active = pilot.status == Pilot.Status.ACTIVE
    report_form = ProgressReportForm(pilot=pilot) if is_startup and active else None
    final_form = (
        FinalReportForm(initial={"final_report": pilot.final_report})
        if is_startup and active
        else None
    )
    mentoring_form = MentoringForm() if is_partner and active else None

    if request.method == "POST":
        if not has_verified_email(user):
            return redirect("civic:verify_email_needed")
        action = request.POST.get("action")
        try:
            if action == "report" and report_form is not None:
                report_form = ProgressReportForm(request.POST, pilot=pilot)
                if report_form.is_valid():
                    services.progress_report_post(
                        pilot=pilot,
                        author=user,
                        body=report_form.cleaned_data["body"],
                        milestone=report_form.cleaned_data["milestone"],
                    )
                    messages.success(request, _("Your progress report is posted."))
                    return redirect("challenges:pilot_detail", public_id=public_id)
            elif action == "ready" and is_startup and active:
                milestone = get_object_or_404(
                    Milestone, pk=posted_pk(request, "milestone"), pilot=pilot
                )
                services.milestone_mark_ready(milestone=milestone, by=user)
                messages.success(
                    request,
                    _("We have told the challenge manager the milestone is ready."),
                )
                return redirect("challenges:pilot_detail", public_id=public_id)
            elif action == "final" and final_form is not None:
                final_form = FinalReportForm(request.POST)
                if final_form.is_valid():
                    services.final_report_submit(
                        pilot=pilot,
                        author=user,
                        body=final_form.cleaned_data["final_report"],
                    )
                    messages.success(request, _("Your final outcome report is sent."))
                    return redirect("challenges:pilot_detail", public_id=public_id)
            elif action == "mentoring" and mentoring_form is not None:
                mentoring_form = MentoringForm(request.POST)
                if mentoring_form.is_valid():
                    services.mentoring_session_log(
                        pilot=pilot, logged_by=user, **mentoring_form.cleaned_data
                    )
                    messages.success(request, _("The mentoring session is logged."))
                    return redirect("challenges:pilot_detail", public_id=public_id)
            else:
                raise PermissionDenied
        except services.PilotError as error:
            messages.error(request, error.message)
            return redirect("challenges:pilot_detail", public_id=public_id)

    return render(
        request,
        "challenges/pilots/detail.html",
        {
            "pilot": pilot,
            "application": pilot.application,
            "summary_rows": [
                (_("Status"), pilot.get_status_display()),
                (_("Testing fund awarded"), pence(pilot.award_pence)),
                (_("Started"), date_format(pilot.started_on, "j F Y")),
                (_("Startup"), pilot.application.organisation.name),
                (_("Challenge owner"), pilot.application.challenge.owner.name),
            ],
            "milestones": list(pilot.milestones.all()),
            "reports": list(
                pilot.reports.select_related("author", "milestone").order_by(
                    "-created_at", "-pk"
                )
            ),
            "sessions": list(pilot.mentoring_sessions.all()),
            "is_startup": is_startup,
            "is_manager": access.is_challenge_manager(user),
            "report_form": report_form,
            "final_form": final_form,
            "mentoring_form": mentoring_form,
        },
    )
