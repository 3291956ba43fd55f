"""The team section of the plan, joining a team, and the team's pages once
the campaign is live: updates and offers of help. Plus the supporter's
"offer help" page."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from civic.permissions import verified_email_required
from civic.ratelimit import rate_limit
from crowdfund.forms.projects import (
    InviteForm,
    OfferForm,
    OrganisationChoiceForm,
    UpdateForm,
)
from crowdfund.models import (
    Need,
    NeedOffer,
    Project,
    TeamInvitation,
    TeamMember,
)
from crowdfund.services import projects as services
from crowdfund.services import team as team_services
from crowdfund.views.projects import (
    _editable_or_redirect,
    get_project_for_team,
    posted,
)

# --- team ---------------------------------------------------------------------


@verified_email_required
def project_team(request, slug):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    form = OrganisationChoiceForm(
        posted(request),
        user=request.user,
        initial={"organisation": project.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project,
                fields={"organisation": form.cleaned_data["organisation"]},
            )
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Organisation saved."))
        return redirect("crowdfund:project_team", slug=project.slug)
    members = list(TeamMember.objects.filter(project=project).select_related("user"))
    me = next(m for m in members if m.user_id == request.user.pk)
    return render(
        request,
        "crowdfund/projects/team.html",
        {
            "project": project,
            "form": form,
            "has_organisations": form.fields["organisation"].queryset.exists(),
            "current_organisation": project.organisation,
            "members": members,
            "is_creator": me.role == TeamMember.Role.CREATOR,
            "invitations": list(project.invitations.filter(accepted_at__isnull=True)),
        },
    )


@verified_email_required
@rate_limit("invite")
def project_invite(request, slug):
    project = get_project_for_team(request, slug)
    if response := _editable_or_redirect(request, project):
        return response
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            team_services.invitation_create(
                project=project,
                invited_by=request.user,
                email=form.cleaned_data["email"],
            )
        except services.ProjectError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("We have emailed %(email)s a link to join the team.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("crowdfund:project_team", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/form_page.html",
        {
            "project": project,
            "form": form,
            "page_heading": _("Invite a co-creator"),
            "caption": _("Team"),
            "back_url": reverse("crowdfund:project_team", kwargs={"slug": slug}),
            "button": _("Send invitation"),
        },
    )


@verified_email_required
@require_POST
def project_invitation_cancel(request, slug, pk):
    project = get_project_for_team(request, slug)
    invitation = get_object_or_404(TeamInvitation, pk=pk, project=project)
    try:
        team_services.invitation_cancel(project=project, invitation=invitation)
    except services.ProjectError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invitation cancelled."))
    return redirect("crowdfund:project_team", slug=project.slug)


@verified_email_required
@require_POST
def project_member_remove(request, slug, pk):
    project = get_project_for_team(request, slug)
    member = get_object_or_404(TeamMember, pk=pk, project=project)
    try:
        team_services.team_member_remove(
            project=project, member=member, by=request.user
        )
    except services.ProjectError as error:
        messages.error(request, error.message)
        return redirect("crowdfund:project_team", slug=project.slug)
    if member.user_id == request.user.pk:
        messages.success(request, _("You have left the team."))
        return redirect("crowdfund:my_projects")
    messages.success(request, _("Removed from the team."))
    return redirect("crowdfund:project_team", slug=project.slug)


@verified_email_required
def invitation_accept(request, token):
    invitation = (
        TeamInvitation.objects.select_related("project", "invited_by")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            member = team_services.invitation_accept(token=token, user=request.user)
        except services.ProjectError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("You have joined the team for “%(project)s”.")
                % {"project": member.project.title},
            )
            return redirect("crowdfund:project_tasks", slug=member.project.slug)
    elif invitation.accepted_at is not None:
        error = _("This invitation has already been used or was cancelled")
    elif invitation.is_expired:
        error = _("This invitation has expired. Ask the team to invite you again.")
    return render(
        request,
        "crowdfund/projects/invitation.html",
        {"invitation": invitation, "error": error},
        status=400 if error and request.method == "POST" else 200,
    )


# --- updates ------------------------------------------------------------------


@verified_email_required
def project_updates(request, slug):
    project = get_project_for_team(request, slug)
    form = UpdateForm(posted(request))
    can_post = project.status in team_services.UPDATABLE
    if request.method == "POST" and can_post and form.is_valid():
        try:
            team_services.update_post(
                project=project, author=request.user, **form.cleaned_data
            )
        except services.ProjectError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your update has been posted."))
        return redirect("crowdfund:project_updates", slug=project.slug)
    return render(
        request,
        "crowdfund/projects/updates.html",
        {
            "project": project,
            "form": form,
            "can_post": can_post,
            "updates": list(project.updates.select_related("author")[:50]),
        },
    )


# --- offers of help -----------------------------------------------------------


def _posted_id(request, name: str) -> int:
    """A row id from the form; anything else (a hand-edited form) is a 404,
    not a 500."""
    value = request.POST.get(name, "")
    # ASCII digits only ("²".isdigit() is true; int() refuses it), and no more
    # than a primary key can hold.
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise Http404
    return int(value)


@verified_email_required
def project_offers(request, slug):
    project = get_project_for_team(request, slug)
    if request.method == "POST":
        action = request.POST.get("action")
        if action in {"accept", "decline"}:
            offer = get_object_or_404(
                NeedOffer, pk=_posted_id(request, "offer"), need__project=project
            )
            try:
                team_services.offer_decide(
                    offer=offer, accept=action == "accept", by=request.user
                )
            except services.ProjectError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Offer accepted. We have emailed the person who offered.")
                    if action == "accept"
                    else _("Offer declined. We have emailed the person who offered."),
                )
        elif action in {"met", "not_met"}:
            need = get_object_or_404(
                Need, pk=_posted_id(request, "need"), project=project
            )
            team_services.need_mark_met(need=need, met=action == "met")
            messages.success(request, _("Saved."))
        else:
            raise Http404
        return redirect("crowdfund:project_offers", slug=project.slug)
    needs = list(
        project.needs.prefetch_related(
            Prefetch(
                "offers",
                queryset=NeedOffer.objects.exclude(
                    status=NeedOffer.Status.WITHDRAWN
                ).select_related("user"),
            )
        )
    )
    return render(
        request,
        "crowdfund/projects/offers.html",
        {"project": project, "needs": needs},
    )


@verified_email_required
def need_offer(request, slug, need_pk):
    """A supporter offers the help a public project asked for."""
    project = get_object_or_404(
        Project, slug=slug, status__in=Project.PUBLIC, is_hidden=False
    )
    need = get_object_or_404(Need, pk=need_pk, project=project)
    form = OfferForm(posted(request))
    closed = project.status not in team_services.OFFERS_OPEN or need.is_met
    if request.method == "POST" and not closed and form.is_valid():
        try:
            team_services.offer_create(
                need=need, user=request.user, message=form.cleaned_data["message"]
            )
        except services.ProjectError as error:
            form.add_error("message", error.message)
        else:
            messages.success(
                request,
                _("Thank you. We have sent your offer to the project team."),
            )
            return redirect(project.get_absolute_url())
    return render(
        request,
        "crowdfund/projects/need_offer.html",
        {"project": project, "need": need, "form": form, "closed": closed},
    )
