"""Organisations: create, public profile, edit, invite, remove, accept invitations.

Access, consistently: an organisation's management pages are 404 for people
who are not members (they learn nothing about it), and 403 for members who are
not owners. A hidden organisation is 404 for everyone but its members and
the moderators.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from civic.forms.organisations import InvitationForm, OrganisationForm
from civic.models import Organisation, OrganisationInvitation, OrganisationMembership
from civic.permissions import verified_email_required
from civic.ratelimit import rate_limit
from civic.services import organisations as services
from civic.services.organisations import OrganisationError

Role = OrganisationMembership.Role


def _is_moderator(user) -> bool:
    return user.is_authenticated and user.has_perm("civic.moderate_content")


def _get_organisation_for_owner(request, slug: str) -> Organisation:
    organisation = get_object_or_404(
        Organisation.objects.select_related("borough"), slug=slug
    )
    role = services.membership_role(organisation=organisation, user=request.user)
    if role is None:
        raise Http404
    if role != Role.OWNER:
        raise PermissionDenied
    return organisation


@login_required
@require_safe
def organisation_list(request):
    memberships = list(
        request.user.memberships.select_related(
            "organisation", "organisation__borough"
        ).order_by("organisation__name")
    )
    return render(
        request,
        "civic/organisations/list.html",
        {
            "memberships": memberships,
            "invitations": services.invitations_open_for_user(request.user),
        },
    )


@verified_email_required
def organisation_create(request):
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(
                created_by=request.user, **form.cleaned_data
            )
        except OrganisationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("You have created %(name)s. You are its owner")
                % {"name": organisation.name},
            )
            return redirect(organisation)
    return render(request, "civic/organisations/form.html", {"form": form})


@require_safe
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("borough"), slug=slug
    )
    role = services.membership_role(organisation=organisation, user=request.user)
    if organisation.is_hidden and role is None and not _is_moderator(request.user):
        raise Http404
    memberships = []
    invitations = []
    if role is not None:
        memberships = sorted(
            organisation.memberships.select_related("user"),
            key=lambda m: (m.role != Role.OWNER, m.user.public_name.lower()),
        )
        invitations = list(
            organisation.invitations.filter(accepted_at__isnull=True).order_by("email")
        )
    return render(
        request,
        "civic/organisations/detail.html",
        {
            "organisation": organisation,
            "role": role,
            "is_owner": role == Role.OWNER,
            "memberships": memberships,
            "owner_count": sum(1 for m in memberships if m.role == Role.OWNER),
            "invitations": invitations,
            "now": timezone.now(),
        },
    )


@login_required
def organisation_edit(request, slug):
    organisation = _get_organisation_for_owner(request, slug)
    name = organisation.name  # the form changes the instance while it validates
    data = request.POST if request.method == "POST" else None
    form = OrganisationForm(data, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, updated_by=request.user, **form.cleaned_data
            )
        except OrganisationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("The organisation's profile has been updated"))
            return redirect(organisation)
    return render(
        request,
        "civic/organisations/form.html",
        {"form": form, "organisation": organisation, "organisation_name": name},
    )


@login_required
@rate_limit("invite")
def organisation_invite(request, slug):
    organisation = _get_organisation_for_owner(request, slug)
    data = request.POST if request.method == "POST" else None
    form = InvitationForm(data)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except OrganisationError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(
                request,
                _("We have sent an invitation to %(email)s")
                % {"email": invitation.email},
            )
            return redirect(organisation)
    return render(
        request,
        "civic/organisations/invite.html",
        {"form": form, "organisation": organisation},
    )


@login_required
@require_POST
def membership_remove(request, slug, membership_id):
    organisation = get_object_or_404(Organisation, slug=slug)
    role = services.membership_role(organisation=organisation, user=request.user)
    if role is None:
        raise Http404
    membership = get_object_or_404(
        OrganisationMembership.objects.select_related("user"),
        pk=membership_id,
        organisation=organisation,
    )
    leaving = membership.user_id == request.user.pk
    if not leaving and role != Role.OWNER:
        raise PermissionDenied
    try:
        services.membership_remove(membership=membership, removed_by=request.user)
    except OrganisationError as error:
        messages.error(request, error.message)
        return redirect(organisation)
    if leaving:
        messages.success(
            request, _("You have left %(name)s") % {"name": organisation.name}
        )
        return redirect("civic:organisation_list")
    messages.success(
        request,
        _("%(person)s has been removed from %(name)s")
        % {"person": membership.user.public_name, "name": organisation.name},
    )
    return redirect(organisation)


_PROBLEM_STATUS = {"used": 410, "expired": 410, "wrong_email": 403, "unverified": 403}


def invitation_accept(request, token):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    invitation = get_object_or_404(
        OrganisationInvitation.objects.select_related("organisation", "invited_by"),
        token=token,
    )
    organisation = invitation.organisation
    problem = services.invitation_problem(invitation=invitation, user=request.user)
    if request.method == "POST" and problem is None:
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except OrganisationError as error:
            problem = error.code
        else:
            messages.success(
                request,
                _("You have joined %(name)s") % {"name": organisation.name},
            )
            return redirect(organisation)
    if problem is None and services.membership_role(
        organisation=organisation, user=request.user
    ):
        problem = "member"
    if problem == "member":
        messages.info(request, _("You are already a member of this organisation"))
        return redirect(organisation)
    if problem:
        return render(
            request,
            "civic/organisations/invitation_problem.html",
            {
                "invitation": invitation,
                "organisation": organisation,
                "problem": problem,
            },
            status=_PROBLEM_STATUS.get(problem, 400),
        )
    return render(
        request,
        "civic/organisations/invitation_accept.html",
        {"invitation": invitation, "organisation": organisation},
    )
