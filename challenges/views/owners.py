"""The challenge owner's members: their challenges' shortlisted applications,
read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from .. import access
from ..models import Application, Assignment, Challenge


@require_safe
@login_required
def owner_home(request):
    conflicted = Assignment.objects.filter(
        application=OuterRef("pk"), assessor=request.user, has_conflict=True
    )
    challenges = (
        Challenge.objects.filter(owner__memberships__user=request.user)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.filter(status__in=access.VISIBLE_TO_OWNER)
                # Not even listed to a member who declared a conflict on it.
                .exclude(Exists(conflicted))
                .select_related("organisation", "pilot")
                .order_by("reference"),
                to_attr="visible_applications",
            )
        )
        .distinct()
        .order_by("-application_deadline")
    )
    return render(
        request, "challenges/owners/home.html", {"challenges": list(challenges)}
    )


@require_safe
@login_required
def owner_application(request, public_id):
    application = get_object_or_404(
        Application.objects.select_related("challenge__owner", "organisation"),
        public_id=public_id,
    )
    if not (
        access.is_owner_member(request.user, application)
        and access.can_view_application(request.user, application)
    ):
        raise Http404
    return render(
        request,
        "challenges/owners/application.html",
        {
            "application": application,
            "budget_lines": list(application.budget_lines.all()),
            "attachments": list(application.attachments.all()),
        },
    )
