"""Project verification in the Wagtail admin: the queue of submitted projects,
the review screen with everything an officer needs to check, and the
decisions (approve, ask for changes, reject; later, mark completed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from civic.admin_views import permission_denied
from crowdfund.forms.projects_admin import RejectForm, RequestChangesForm
from crowdfund.models import Project, TeamMember
from crowdfund.services import projects as services

QUEUE_PAGE_SIZE = 25
app_name = "crowdfund_review"


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.REVIEW_PERMISSION)


class _ReviewerOnly:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.REVIEW_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class ReviewQueueView(_ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "crowdfund/admin/review_queue.html"
    page_title = gettext_lazy("Projects to review")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": _("Projects to review")}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        waiting = (
            Project.objects.filter(status=Project.Status.IN_REVIEW)
            .select_related("funding_round", "organisation", "borough")
            .order_by("submitted_at", "pk")
        )
        page = Paginator(waiting, QUEUE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        delivering = (
            Project.objects.filter(status=Project.Status.DELIVERING)
            .select_related("organisation")
            .order_by("closed_at", "pk")[:QUEUE_PAGE_SIZE]
        )
        context.update(
            projects=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            delivering=list(delivering),
        )
        return context


class ReviewProjectView(_ReviewerOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "crowdfund/admin/review_project.html"
    header_icon = "tasks"

    def get_project(self) -> Project:
        return get_object_or_404(
            Project.objects.select_related(
                "funding_round", "organisation", "borough", "theme", "created_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_title(self):
        return _("Review: %(title)s") % {"title": self.project.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("crowdfund_review:queue"),
                "label": _("Projects to review"),
            },
            {"url": "", "label": self.project.title},
        ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.REVIEW_PERMISSION):
            return permission_denied(request)
        self.project = self.get_project()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, changes_form=None, reject_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.project
        lines = list(project.cost_lines.all())
        costs = sum(line.amount_pence for line in lines)
        context.update(
            project=project,
            lines=lines,
            budget=services.budget_for(project, costs_pence=costs),
            team=list(
                TeamMember.objects.filter(project=project).select_related("user")
            ),
            images=list(project.images.all()),
            needs=list(project.needs.all()),
            changes_form=changes_form or RequestChangesForm(),
            reject_form=reject_form or RejectForm(),
            deadline_if_approved=services.campaign_deadline(
                project=project, live_at=timezone.now()
            ),
            city_hall_total=project.city_hall_pledges.filter(
                status__in=["active", "paid"]
            ).aggregate(total=Sum("amount_pence"))["total"]
            or 0,
        )
        return context

    def post(self, request, *args, **kwargs):
        project = self.project
        action = request.POST.get("action")
        changes_form = reject_form = None
        try:
            if action == "approve":
                services.project_approve(project=project, officer=request.user)
                messages.success(
                    request,
                    _("“%(title)s” is approved and its campaign is live.")
                    % {"title": project.title},
                )
                return redirect("crowdfund_review:queue")
            if action == "request_changes":
                changes_form = RequestChangesForm(request.POST)
                if changes_form.is_valid():
                    services.project_request_changes(
                        project=project,
                        officer=request.user,
                        message=changes_form.cleaned_data["message"],
                    )
                    messages.success(
                        request,
                        _("“%(title)s” has been sent back to the team.")
                        % {"title": project.title},
                    )
                    return redirect("crowdfund_review:queue")
            elif action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.project_reject(
                        project=project,
                        officer=request.user,
                        reason=reject_form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _("“%(title)s” has not been approved. The team has been told.")
                        % {"title": project.title},
                    )
                    return redirect("crowdfund_review:queue")
            elif action == "complete":
                services.project_complete(project=project, officer=request.user)
                messages.success(
                    request,
                    _("“%(title)s” is marked completed.") % {"title": project.title},
                )
                return redirect("crowdfund_review:queue")
            else:
                raise Http404
        except services.ProjectError as error:
            messages.error(request, error.message)
            return redirect("crowdfund_review:project", pk=project.pk)
        messages.error(request, _("The decision could not be saved. See below."))
        context = self.get_context_data(
            changes_form=changes_form, reject_form=reject_form
        )
        return self.render_to_response(context, status=400)


urlpatterns = [
    path("", ReviewQueueView.as_view(), name="queue"),
    path("<int:pk>/", ReviewProjectView.as_view(), name="project"),
]
