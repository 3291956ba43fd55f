"""How representative Talk London's members (and a survey's respondents) are
of Londoners (staff only)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from talk_london.models import Membership
from talk_london.models.surveys import ResponseStatus, Survey
from talk_london.representativeness import (
    OTHER_DIMENSIONS,
    RELATIVE_THRESHOLD,
    SMALL_NUMBER,
    about_you_aggregate,
    representativeness,
)


def can_view_representativeness(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("talk_london.view_representativeness")
    )


class SurveyPickForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Survey"),
        queryset=Survey.objects.order_by("-opens_at", "pk"),
        empty_label=_("Choose a survey"),
        required=False,
        error_messages={"invalid_choice": _("Select a survey from the list")},
    )


@require_safe
@login_required
def dashboard(request):
    if not can_view_representativeness(request.user):
        raise PermissionDenied
    survey_form = SurveyPickForm(request.GET or None)
    survey = survey_form.cleaned_data["survey"] if survey_form.is_valid() else None
    context = {
        "comparisons": representativeness(),
        "other_aggregates": [
            about_you_aggregate(field=field) for field in OTHER_DIMENSIONS
        ],
        "member_count": Membership.objects.count(),
        "small_number": SMALL_NUMBER,
        "threshold_percent": int(RELATIVE_THRESHOLD * 100),
        "survey_form": survey_form,
        "survey_choice": survey,
    }
    if survey is not None:
        respondents = survey.responses.filter(status=ResponseStatus.SUBMITTED)
        context["survey_respondents"] = respondents.count()
        # The hook: the same comparisons, narrowed to these people (a subquery).
        context["survey_comparisons"] = representativeness(
            user_ids=respondents.values("user_id")
        )
    return render(request, "talk_london/representativeness/dashboard.html", context)
