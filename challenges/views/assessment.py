"""Assessors' pages: their assignments, the conflict declaration and scoring."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from civic.permissions import verified_email_required

from ..forms.assessment import ConflictForm, ScoresForm
from ..models import Assignment, Criterion
from ..selectors_assessment import assignments_for_assessor, other_assessors_scores
from ..services import assessment as services


def _get_assignment(request, public_id) -> Assignment:
    """The signed-in assessor's assignment; 404 for anyone else, and for an
    assessor who declared a conflict (as if it did not exist)."""
    assignment = get_object_or_404(
        Assignment.objects.select_related(
            "application__challenge", "application__organisation"
        ),
        application__public_id=public_id,
        application__status__in=services.ASSESSABLE,
        assessor=request.user,
    )
    if assignment.has_conflict:
        raise Http404
    return assignment


@require_safe
@verified_email_required
def assessor_home(request):
    assignments = list(assignments_for_assessor(user=request.user))
    return render(
        request,
        "challenges/assessment/home.html",
        {
            "to_declare": [a for a in assignments if a.has_conflict is None],
            "in_progress": [
                a
                for a in assignments
                if a.has_conflict is False and a.submitted_at is None
            ],
            "submitted": [a for a in assignments if a.submitted_at is not None],
            "conflicted": [a for a in assignments if a.has_conflict],
        },
    )


@verified_email_required
def assessment_declare(request, public_id):
    assignment = _get_assignment(request, public_id)
    if assignment.has_conflict is False:
        return redirect("challenges:assessment", public_id=public_id)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.conflict_declare(
                assignment=assignment,
                has_conflict=form.conflicted,
                details=form.cleaned_data["conflict_details"],
            )
        except services.AssessmentError as error:
            messages.error(request, error.message)
            return redirect("challenges:assessor_home")
        if form.conflicted:
            messages.success(
                request,
                _(
                    "Thank you. You will not assess this application; we have "
                    "told the challenge manager."
                ),
            )
            return redirect("challenges:assessor_home")
        return redirect("challenges:assessment", public_id=public_id)
    return render(
        request,
        "challenges/assessment/declare.html",
        {"assignment": assignment, "form": form},
    )


@verified_email_required
def assessment(request, public_id):
    assignment = _get_assignment(request, public_id)
    if assignment.has_conflict is None:
        return redirect("challenges:assessment_declare", public_id=public_id)
    application = assignment.application
    criteria = list(Criterion.objects.filter(challenge_id=application.challenge_id))
    own_scores = list(assignment.scores.select_related("criterion"))
    form = None
    if assignment.submitted_at is None:
        submitting = request.POST.get("action") == "submit"
        form = ScoresForm(
            request.POST or None,
            criteria=criteria,
            submitting=submitting,
            initial=ScoresForm.initial_from(own_scores),
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.scores_save(
                    assignment=assignment,
                    scores=form.score_inputs(),
                    submit=submitting,
                )
            except services.AssessmentError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Your scores are submitted.")
                    if submitting
                    else _("Your draft scores are saved."),
                )
            return redirect("challenges:assessment", public_id=public_id)
    elif request.method == "POST":
        messages.error(request, _("You have already submitted your scores."))
        return redirect("challenges:assessment", public_id=public_id)
    return render(
        request,
        "challenges/assessment/assess.html",
        {
            "assignment": assignment,
            "application": application,
            "budget_lines": list(application.budget_lines.all()),
            "attachments": list(application.attachments.all()),
            "criteria": criteria,
            "own_scores": own_scores,
            "form": form,
            "others": other_assessors_scores(assignment=assignment),
        },
    )
