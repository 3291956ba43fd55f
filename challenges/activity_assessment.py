"""An assessor's assignments on their "Your activity" page."""

from django.urls import reverse
from django.utils.translation import gettext as _

from civic.registry import ActivityItem

from .models import Assignment
from .services.assessment import ASSESSABLE

ACTIVITY_SECTION = "Civic Innovation Challenge assessments"


def assessment_activity(user, limit: int) -> list[ActivityItem]:
    """Newest first; one query."""
    if not limit:
        return []
    assignments = (
        Assignment.objects.filter(assessor=user, application__status__in=ASSESSABLE)
        .select_related("application__challenge")
        .order_by("-assigned_at", "-pk")[:limit]
    )
    items = []
    for assignment in assignments:
        application = assignment.application
        if assignment.has_conflict:
            status, url = _("Conflict declared"), reverse("challenges:assessor_home")
        elif assignment.has_conflict is None:
            status = _("Declare any conflict of interest")
            url = reverse(
                "challenges:assessment_declare",
                kwargs={"public_id": application.public_id},
            )
        else:
            status = _("Submitted") if assignment.submitted_at else _("Scoring")
            url = reverse(
                "challenges:assessment", kwargs={"public_id": application.public_id}
            )
        items.append(
            ActivityItem(
                title=_("Assessing %(reference)s to “%(challenge)s”")
                % {
                    "reference": application.reference,
                    "challenge": application.challenge.title,
                },
                url=url,
                when=assignment.submitted_at or assignment.assigned_at,
                section=_("Civic Innovation Challenge"),
                status=status,
            )
        )
    return items
