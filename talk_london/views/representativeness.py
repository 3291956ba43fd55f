"""How representative Talk London's members are of Londoners (staff only)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from talk_london.models import Membership
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


@login_required
def dashboard(request):
    if not can_view_representativeness(request.user):
        raise PermissionDenied
    return render(
        request,
        "talk_london/representativeness/dashboard.html",
        {
            "comparisons": representativeness(),
            "other_aggregates": [
                about_you_aggregate(field=field) for field in OTHER_DIMENSIONS
            ],
            "member_count": Membership.objects.count(),
            "small_number": SMALL_NUMBER,
            "threshold_percent": int(RELATIVE_THRESHOLD * 100),
        },
    )
