"""The team's side of a project: starting one, the task list, each section
of the plan, and checking and submitting it.

Only the project's team sees these pages; anyone else gets a 404, so the
existence of a draft is not revealed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from civic.permissions import verified_email_required
from civic.uploads import capped_uploads
from crowdfund.forms.projects import (
    DESCRIBE_ORDER,
    DESCRIBE_STEPS,
    MAX_IMAGE_BYTES,
    CostLineForm,
    ImageForm,
    NeedForm,
    PermissionsForm,
    ProjectNameForm,
)
from crowdfund.models import CostLine, Need, Project, ProjectImage, TeamMember
from crowdfund.services import projects as services
from crowdfund.services import team as team_services

PROJECTS_PER_PAGE = 20


# --- access helpers -------------------------------------------------------------


def posted(request):
    """The submitted data, or None for a GET: an empty POST still shows errors."""
    return request.POST if request.method == "POST" else None


def get_project_for_team(request, slug: str) -> Project:
    """The project, if the person is on its team; a 404 for anyone else."""
    if not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Project.objects.select_related("funding_round"),
        slug=slug,
        team__user=request.user,
    )


def _editable_or_redirect(request, project: Project):
    """None if the plan can be edited; otherwise a redirect to the task list."""
    if project.is_editable:
        return None
    messages.info(
        request,
        _("You cannot change this project now: it is %(status)s")
        % {"status": project.get_status_display().lower()},
    )
    return redirect("crowdfund:project_tasks", slug=project.slug)


def _tasks_url(project: Project) -> str:
    return reverse("crowdfund:project_tasks", kwargs={"slug": project.slug})


# --- start and list -------------------------------------------------------------


@require_safe
def project_start(request):
    funding_round = services.open_round()
    return render(
        request,
        "crowdfund/projects/start.html",
        {"funding_round": funding_round},
    )


@verified_email_required
def project_create(request):
    funding_round = services.open_round()
    if funding_round is None:
        return redirect("crowdfund:project_start")
    form = ProjectNameForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(
                funding_round=funding_round,
                creator=request.user,
                title=form.cleaned_data["title"],
            )
        except services.ProjectError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your project has been saved as a draft."))
            return redirect("crowdfund:project_tasks", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/form_page.html",
        {
            "form": form,
            "page_heading": _("What is your project called?"),
            "heading_field": "title",
            "caption": funding_round.name,
            "back_url": reverse("crowdfund:project_start"),
            "button": _("Save and continue"),
        },
    )


@verified_email_required
@require_safe
def my_projects(request):
    projects = (
        Project.objects.filter(team__user=request.user)
        .select_related("funding_round")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "crowdfund/projects/my_projects.html",
        {"page_obj": page, "projects": page.object_list},
    )


# --- the task list ----------------------------------------------------------------


def _tasks(project: Project, statuses: dict, counts: dict) -> list[dict]:
    def url(name):
        return reverse(f"crowdfund:{name}", kwargs={"slug": project.slug})

    editable = project.is_editable

    def status(name):
        if not editable:
            return (
                "completed"
                if statuses.get(name) == "completed"
                else {"text": _("Not needed")}
            )
        return statuses[name]

    def optional(count):
        # The hint already says "Optional"; saying it again as the status made
        # screen readers announce "Images, Optional, Optional".
        if count:
            return "completed"
        if editable:
            return {"text": _("Not yet started")}
        return {"text": _("None added")}

    complete = all(statuses[name] == "completed" for name in services.REQUIRED_SECTIONS)
    return [
        {
            "title": _("Describe your project"),
            "href": reverse(
                "crowdfund:project_describe",
                kwargs={"slug": project.slug, "step": "name"},
            )
            if editable
            else "",
            "status": status(services.DESCRIBE),
        },
        {
            "title": _("Images"),
            "href": url("project_images") if editable else "",
            "hint": _("Optional"),
            "status": optional(counts["images"]),
        },
        {
            "title": _("Budget"),
            "href": url("project_budget") if editable else "",
            "status": status(services.BUDGET),
        },
        {
            "title": _("Team"),
            "href": url("project_team") if editable else "",
            "status": status(services.TEAM),
        },
        {
            "title": _("Permissions and insurance"),
            "href": url("project_permissions") if editable else "",
            "status": status(services.PERMISSIONS),
        },
        {
            "title": _("Other help you need"),
            "href": url("project_needs") if editable else "",
            "hint": _("Optional"),
            "status": optional(counts["needs"]),
        },
        {
            "title": _("Check and submit"),
            "href": url("project_check") if editable else "",
            "status": ("incomplete" if complete else "cannot_start")
            if editable
            else {"text": project.get_status_display()},
        },
    ]


@verified_email_required
@require_safe
def project_tasks(request, slug):
    project = get_project_for_team(request, slug)
    counts = Project.objects.filter(pk=project.pk).aggregate(
        costs=Count("cost_lines", distinct=True),
        images=Count("images", distinct=True),
        needs=Count("needs", distinct=True),
    )
    statuses = services.section_statuses(project, cost_count=counts["costs"])
    tasks = _tasks(project, statuses, counts)
    completed = sum(
        1 for name in services.REQUIRED_SECTIONS if statuses[name] == "completed"
    )
    return render(
        request,
        "crowdfund/projects/tasks.html",
        {
            "project": project,
            "tasks": tasks,
            "completed": completed,
            "required": len(services.REQUIRED_SECTIONS),
        },
    )


# --- describe your project ----------------------------------------------------------


@verified_email_required
def project_describe(request, slug, step):
    project = get_project_for_team(request, slug)
    if step not in DESCRIBE_STEPS:
        raise Http404
    if response := _editable_or_redirect(request, project):
        return response
    form_class, title, fields = DESCRIBE_STEPS[step]
    kwargs = {}
    if step == "theme":
        kwargs["funding_round"] = project.funding_round
    initial = {name: getattr(project, name) for name in fields}
    form = form_class(posted(request), initial=initial, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project, fields={n: form.cleaned_data[n] for n in fields}
            )
        except services.ProjectError as error:
            messages.error(request, error.message)
            return redirect("crowdfund:project_tasks", slug=project.slug)
        index = DESCRIBE_ORDER.index(step)
        if index + 1 < len(DESCRIBE_ORDER):
            return redirect(
                "crowdfund:project_describe",
                slug=project.slug,
                step=DESCRIBE_ORDER[index + 1],
            )
        return redirect("crowdfund:project_tasks", slug=project.slug)
    index = DESCRIBE_ORDER.index(step)
    back = (
        reverse(
            "crowdfund:project_describe",
            kwargs={"slug": project.slug, "step": DESCRIBE_ORDER[index - 1]},
        )
        if index
        else _tasks_url(project)
    )
    single = len(fields) == 1
    return render(
        request,
        "crowdfund/projects/form_page.html",
        {
            "project": project,
            "form": form,
            "page_heading": form.fields[fields[0]].label if single else title,
            "heading_field": fields[0] if single else "",
            "caption": _("Describe your project"),
            "back_url": back,
            "button": _("Save and continue"),
            "step_number": index + 1,
            "step_total": len(DESCRIBE_ORDER),
        },
    )


# --- images -----------------------------------------------------------------------


@capped_uploads(MAX_IMAGE_BYTES)
@verified_email_required
def project_images(request, slug):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    form = ImageForm(
        posted(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            team_services.image_add(
                project=project,
                image=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
            )
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Image added."))
        return redirect("crowdfund:project_images", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/images.html",
        {"project": project, "form": form, "images": list(project.images.all())},
    )


@verified_email_required
@require_POST
def project_image_remove(request, slug, pk):
    project = get_project_for_team(request, slug)
    image = get_object_or_404(ProjectImage, pk=pk, project=project)
    try:
        team_services.image_remove(project=project, image=image)
    except services.ProjectError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Image removed."))
    return redirect("crowdfund:project_images", slug=project.slug)


# --- budget -----------------------------------------------------------------------


@verified_email_required
@require_safe
def project_budget(request, slug):
    project = get_project_for_team(request, slug)
    lines = list(project.cost_lines.all())
    budget = services.budget_for(
        project, costs_pence=sum(line.amount_pence for line in lines)
    )
    return render(
        request,
        "crowdfund/projects/budget.html",
        {
            "project": project,
            "lines": lines,
            "budget": budget,
            "fee_percent": project.funding_round.platform_fee_percent,
        },
    )


@verified_email_required
def project_cost(request, slug, pk=None):
    """Add a cost line (no ``pk``) or change one."""
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    line = get_object_or_404(CostLine, pk=pk, project=project) if pk else None
    initial = {"item": line.item, "amount": line.amount_pence} if line else None
    form = CostLineForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cost_line_save(
                project=project,
                item=form.cleaned_data["item"],
                amount_pence=form.cleaned_data["amount"],
                line=line,
            )
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Cost changed.") if line else _("Cost added."))
        return redirect("crowdfund:project_budget", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/form_page.html",
        {
            "project": project,
            "form": form,
            "page_heading": _("Change a cost") if line else _("Add a cost"),
            "caption": _("Budget"),
            "back_url": reverse("crowdfund:project_budget", kwargs={"slug": slug}),
            "button": _("Save cost"),
        },
    )


@verified_email_required
def project_cost_remove(request, slug, pk):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    line = get_object_or_404(CostLine, pk=pk, project=project)
    if request.method == "POST":
        try:
            services.cost_line_remove(project=project, line=line)
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Cost removed."))
        return redirect("crowdfund:project_budget", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/confirm_remove.html",
        {
            "project": project,
            "page_heading": _("Remove “%(item)s” from the budget?")
            % {"item": line.item},
            "back_url": reverse("crowdfund:project_budget", kwargs={"slug": slug}),
        },
    )


# --- permissions and insurance ------------------------------------------------------


@verified_email_required
def project_permissions(request, slug):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    form = PermissionsForm(
        posted(request), initial=PermissionsForm.initial_for(project)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.project_update(
                project=project,
                fields={
                    "needs_permission": data["needs_permission"],
                    "permission_details": data["permission_details"].strip()
                    if data["needs_permission"]
                    else "",
                    "has_insurance": data["has_insurance"],
                    "insurance_details": data["insurance_details"].strip()
                    if data["has_insurance"]
                    else "",
                },
            )
        except services.ProjectError as error:
            messages.error(request, error.message)
        return redirect("crowdfund:project_tasks", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/permissions.html",
        {"project": project, "form": form},
    )


# --- other help ---------------------------------------------------------------------


@verified_email_required
@require_safe
def project_needs(request, slug):
    project = get_project_for_team(request, slug)
    return render(
        request,
        "crowdfund/projects/needs.html",
        {"project": project, "needs": list(project.needs.all())},
    )


@verified_email_required
def project_need(request, slug, pk=None):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    need = get_object_or_404(Need, pk=pk, project=project) if pk else None
    initial = (
        {"kind": need.kind, "description": need.description, "quantity": need.quantity}
        if need
        else None
    )
    form = NeedForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            team_services.need_save(project=project, need=need, **form.cleaned_data)
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("crowdfund:project_needs", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/form_page.html",
        {
            "project": project,
            "form": form,
            "page_heading": _("Change help you need")
            if need
            else _("Add help you need"),
            "caption": _("Other help you need"),
            "back_url": reverse("crowdfund:project_needs", kwargs={"slug": slug}),
            "button": _("Save"),
        },
    )


@verified_email_required
def project_need_remove(request, slug, pk):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    need = get_object_or_404(Need, pk=pk, project=project)
    if request.method == "POST":
        try:
            team_services.need_remove(project=project, need=need)
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Removed."))
        return redirect("crowdfund:project_needs", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/confirm_remove.html",
        {
            "project": project,
            "page_heading": _("Remove “%(need)s”?") % {"need": need.description},
            "back_url": reverse("crowdfund:project_needs", kwargs={"slug": slug}),
        },
    )


# --- check and submit ---------------------------------------------------------------


def project_summary_context(project: Project) -> dict:
    """Everything in the plan, for the check page and the officer's review."""
    lines = list(project.cost_lines.all())
    return {
        "lines": lines,
        "budget": services.budget_for(
            project, costs_pence=sum(line.amount_pence for line in lines)
        ),
        "team": list(TeamMember.objects.filter(project=project).select_related("user")),
        "images": list(project.images.all()),
        "needs": list(project.needs.all()),
    }


@verified_email_required
def project_check(request, slug):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    project = Project.objects.select_related(
        "funding_round", "borough", "theme", "organisation"
    ).get(pk=project.pk)
    error = ""
    missing = services.incomplete_sections(project)
    if request.method == "POST":
        try:
            services.project_submit(project=project, user=request.user)
        except services.ProjectError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _(
                    "Your project has been sent for review. We will email the team "
                    "when a Crowdfund officer has looked at it."
                ),
            )
            return redirect("crowdfund:project_tasks", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/check.html",
        {
            "project": project,
            "missing": missing,
            "submit_error": error,
            **project_summary_context(project),
        },
        status=400 if error else 200,
    )
