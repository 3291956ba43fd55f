"""Challenge managers in the Wagtail admin: assessors, the moderation view,
the panel's decisions, pitches and pilots (so the admin's sign-in and
authenticator-code rules apply)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from civic.admin_views import permission_denied

from . import access
from .forms.assessment import AssignForm, FinalDecisionForm, PitchForm, ShortlistForm
from .forms.pilots import MilestoneFormSet, OutcomeForm, PilotStartForm
from .models import Application, Assignment, Challenge, Milestone, Pilot
from .selectors_assessment import application_summary, moderation_rows
from .services import assessment as services
from .services import pilots as pilot_services
from .views import posted_pk

app_name = "challenges_assessment"


def _hide_scores_from(user, summary) -> str:
    """Why ``user`` may not see this application's scores ("" if they may).

    A manager can also be assigned as an assessor (from the Assessors group or
    the challenge owner). The rules for assessors still hold for them here: a
    conflicted assessor never sees the application, and nobody sees the other
    assessors' scores before submitting their own."""
    own = next((a for a in summary.assignments if a.assessor_id == user.pk), None)
    if own is None:
        return ""
    if own.has_conflict:
        return "conflict"
    if own.submitted_at is None:
        return "unsubmitted"
    return ""


class _ManagerView(WagtailAdminTemplateMixin, TemplateView):
    """Challenge managers only; everyone else gets a real 403."""

    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        # Refuse before looking anything up, so that whether an id exists is
        # not told to staff who may not use these screens.
        if not access.is_challenge_manager(request.user):
            return permission_denied(request)
        self.load(request, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, request, **kwargs) -> None:
        pass

    def index_crumb(self):
        return {
            "url": reverse("challenges_assessment:index"),
            "label": _("Challenge assessment"),
        }

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, self.index_crumb()]


class IndexView(_ManagerView):
    template_name = "challenges/admin/assessment_index.html"
    page_title = gettext_lazy("Challenge assessment")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["challenges"] = (
            Challenge.objects.select_related("owner")
            .annotate(
                submitted=Count(
                    "applications",
                    filter=Q(applications__status__in=services.ASSESSABLE),
                )
            )
            .order_by("-application_deadline")
        )
        return context


class PanelView(_ManagerView):
    """The moderation view for one challenge, with assessors to assign."""

    template_name = "challenges/admin/assessment_panel.html"

    def load(self, request, **kwargs) -> None:
        self.challenge = get_object_or_404(
            Challenge.objects.select_related("owner"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return _("Assessment: %(title)s") % {"title": self.challenge.title}

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        criteria, rows = moderation_rows(challenge=self.challenge)
        assessors = list(services.eligible_assessors(challenge=self.challenge))
        for row in rows:
            row.scores_hidden = _hide_scores_from(self.request.user, row)
            row.assign_form = (
                AssignForm(assessors=assessors, prefix=f"a{row.application.pk}")
                if row.application.status == Application.Status.SUBMITTED
                else None
            )
        context.update(
            challenge=self.challenge,
            criteria=criteria,
            rows=rows,
            assessors=assessors,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "assign":
                application = get_object_or_404(
                    Application,
                    pk=posted_pk(request, "application"),
                    challenge=self.challenge,
                )
                form = AssignForm(
                    request.POST,
                    assessors=services.eligible_assessors(challenge=self.challenge),
                    prefix=f"a{application.pk}",
                )
                if not form.is_valid():
                    messages.error(request, _("Choose an assessor."))
                else:
                    assessor = form.cleaned_data["assessor"]
                    services.assignment_create(
                        application=application,
                        assessor=assessor,
                        assigned_by=request.user,
                    )
                    messages.success(
                        request,
                        _("%(name)s is assessing %(reference)s. We have emailed them.")
                        % {
                            "name": assessor.get_full_name(),
                            "reference": application.reference,
                        },
                    )
            elif action == "unassign":
                assignment = get_object_or_404(
                    Assignment.objects.select_related("assessor", "application"),
                    pk=posted_pk(request, "assignment"),
                    application__challenge=self.challenge,
                )
                services.assignment_remove(
                    assignment=assignment, removed_by=request.user
                )
                messages.success(
                    request,
                    _("%(name)s no longer assesses %(reference)s.")
                    % {
                        "name": assignment.assessor.get_full_name()
                        if assignment.assessor
                        else _("A former assessor"),
                        "reference": assignment.application.reference,
                    },
                )
            else:
                return permission_denied(request)
        except services.AssessmentError as error:
            messages.error(request, error.message)
        return redirect("challenges_assessment:panel", pk=self.challenge.pk)


class ApplicationView(_ManagerView):
    """One application's scores and the panel's decisions on it."""

    template_name = "challenges/admin/assessment_application.html"

    def load(self, request, **kwargs) -> None:
        self.application = get_object_or_404(
            Application.objects.select_related(
                "challenge__programme", "organisation"
            ).filter(status__in=services.ASSESSABLE),
            public_id=kwargs["public_id"],
        )
        # A manager who declared a conflict on it is refused, as everywhere.
        if not access.can_view_application(request.user, self.application):
            raise Http404
        self.forms = {}

    def get_page_title(self):
        return _("%(startup)s (%(reference)s)") % {
            "startup": self.application.organisation.name,
            "reference": self.application.reference,
        }

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {
                "url": reverse(
                    "challenges_assessment:panel", args=[self.application.challenge_id]
                ),
                "label": self.application.challenge.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.application.status
        criteria, summary = application_summary(application=self.application)
        summary.scores_hidden = _hide_scores_from(self.request.user, summary)
        pitch = getattr(self.application, "pitch", None)
        pitch_initial = (
            {
                "date": pitch.starts_at.date(),
                "time": pitch.starts_at.time(),
                "place": pitch.place,
                "details": pitch.details,
            }
            if pitch
            else None
        )
        context.update(
            application=self.application,
            criteria=criteria,
            row=summary,
            pitch=pitch,
            pilot=Pilot.objects.filter(application=self.application).first(),
            shortlist_form=self.forms.get("shortlist")
            or (ShortlistForm() if status == Application.Status.SUBMITTED else None),
            pitch_form=self.forms.get("pitch")
            or (
                PitchForm(initial=pitch_initial)
                if status == Application.Status.SHORTLISTED
                else None
            ),
            final_form=self.forms.get("final")
            or (
                FinalDecisionForm()
                if status == Application.Status.SHORTLISTED
                else None
            ),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        application = self.application
        try:
            if action == "shortlist":
                form = ShortlistForm(request.POST)
                if not form.is_valid():
                    self.forms["shortlist"] = form
                    return self.render_to_response(self.get_context_data())
                services.application_shortlist(
                    application=application,
                    decided_by=request.user,
                    shortlisted=form.cleaned_data["decision"] == "shortlisted",
                    feedback=form.cleaned_data["feedback"],
                )
                messages.success(
                    request,
                    _("Decision recorded. We have emailed the startup."),
                )
            elif action == "pitch":
                form = PitchForm(request.POST)
                if not form.is_valid():
                    self.forms["pitch"] = form
                    return self.render_to_response(self.get_context_data())
                services.pitch_invite(
                    application=application,
                    invited_by=request.user,
                    starts_at=form.starts_at(),
                    place=form.cleaned_data["place"],
                    details=form.cleaned_data["details"],
                )
                messages.success(request, _("Invitation to pitch sent to the startup."))
            elif action == "final":
                form = FinalDecisionForm(request.POST)
                if not form.is_valid():
                    self.forms["final"] = form
                    return self.render_to_response(self.get_context_data())
                services.application_final_decide(
                    application=application,
                    decided_by=request.user,
                    winner=form.cleaned_data["decision"] == "winner",
                    feedback=form.cleaned_data["feedback"],
                )
                messages.success(
                    request, _("Final decision recorded. We have emailed the startup.")
                )
            else:
                return permission_denied(request)
        except services.AssessmentError as error:
            messages.error(request, error.message)
        return redirect(
            "challenges_assessment:application", public_id=application.public_id
        )


class PilotStartView(_ManagerView):
    template_name = "challenges/admin/assessment_pilot_start.html"

    def load(self, request, **kwargs) -> None:
        self.application = get_object_or_404(
            Application.objects.select_related("challenge__programme", "organisation"),
            public_id=kwargs["public_id"],
            status=Application.Status.WINNER,
        )

    def get_page_title(self):
        return _("Start a pilot: %(startup)s") % {
            "startup": self.application.organisation.name
        }

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        if Pilot.objects.filter(application=self.application).exists():
            return redirect("challenges_assessment:pilot", pk=self.application.pilot.pk)
        return self.render_forms(
            PilotStartForm(
                initial={
                    "award": self.application.challenge.programme.testing_fund_pence
                    / 100
                }
            ),
            MilestoneFormSet(prefix="milestones"),
        )

    def render_forms(self, form, formset, error=""):
        context = self.get_context_data(
            application=self.application,
            form=form,
            formset=formset,
            fund_pence=self.application.challenge.programme.testing_fund_pence,
            error=error,
        )
        return self.render_to_response(context)

    def post(self, request, *args, **kwargs):
        form = PilotStartForm(request.POST)
        formset = MilestoneFormSet(request.POST, prefix="milestones")
        if not (form.is_valid() and formset.is_valid()):
            return self.render_forms(form, formset)
        milestones = [m for m in (f.milestone() for f in formset.forms) if m]
        try:
            pilot = pilot_services.pilot_start(
                application=self.application,
                started_by=request.user,
                award_pence=form.award_pence(),
                started_on=form.cleaned_data["started_on"],
                milestones=milestones,
            )
        except pilot_services.PilotError as error:
            return self.render_forms(form, formset, error=error.message)
        messages.success(
            request, _("The pilot has started. We have emailed the startup.")
        )
        return redirect("challenges_assessment:pilot", pk=pilot.pk)


class PilotView(_ManagerView):
    template_name = "challenges/admin/assessment_pilot.html"

    def load(self, request, **kwargs) -> None:
        self.pilot = get_object_or_404(
            Pilot.objects.select_related(
                "application__organisation", "application__challenge"
            ),
            pk=kwargs["pk"],
        )
        self.outcome_form = None

    def get_page_title(self):
        return _("Pilot: %(startup)s") % {
            "startup": self.pilot.application.organisation.name
        }

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            pilot=self.pilot,
            milestones=list(self.pilot.milestones.all()),
            reports=list(
                self.pilot.reports.select_related("milestone").order_by("-created_at")
            ),
            sessions=list(self.pilot.mentoring_sessions.all()),
            outcome_form=self.outcome_form
            or OutcomeForm(initial={"outcome_summary": self.pilot.outcome_summary}),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "approve":
                milestone = get_object_or_404(
                    Milestone, pk=posted_pk(request, "milestone"), pilot=self.pilot
                )
                pilot_services.milestone_approve(
                    milestone=milestone, approved_by=request.user
                )
                messages.success(
                    request,
                    _("Milestone “%(title)s” approved.") % {"title": milestone.title},
                )
            elif action == "complete":
                self.outcome_form = OutcomeForm(request.POST)
                if not self.outcome_form.is_valid():
                    return self.render_to_response(self.get_context_data())
                pilot_services.pilot_complete(
                    pilot=self.pilot,
                    completed_by=request.user,
                    outcome_summary=self.outcome_form.cleaned_data["outcome_summary"],
                )
                messages.success(request, _("The pilot is complete."))
            else:
                return permission_denied(request)
        except pilot_services.PilotError as error:
            messages.error(request, error.message)
        return redirect("challenges_assessment:pilot", pk=self.pilot.pk)


urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("<int:pk>/", PanelView.as_view(), name="panel"),
    path(
        "applications/<uuid:public_id>/",
        ApplicationView.as_view(),
        name="application",
    ),
    path(
        "applications/<uuid:public_id>/pilot/",
        PilotStartView.as_view(),
        name="pilot_start",
    ),
    path("pilots/<int:pk>/", PilotView.as_view(), name="pilot"),
]
