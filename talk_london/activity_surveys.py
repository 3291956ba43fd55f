"""Surveys on a person's "Your activity" page: "Answered …" / "Started …"."""

from django.utils.translation import gettext as _

from civic.registry import ActivityItem
from talk_london.models.surveys import Response, ResponseStatus


def survey_activity(user, limit: int) -> list[ActivityItem]:
    """A person's survey responses, newest first: one query."""
    if not limit:
        return []
    responses = (
        Response.objects.filter(user=user)
        .select_related("survey")
        .order_by("-updated_at", "-pk")[:limit]
    )
    items = []
    for response in responses:
        survey = response.survey
        if response.status == ResponseStatus.SUBMITTED:
            title = _("Answered “%(survey)s”") % {"survey": survey.title}
            url = (
                survey.get_published_results_url()
                if survey.results_published and survey.has_closed
                else survey.get_absolute_url()
            )
            when = response.submitted_at
        else:
            title = _("Started “%(survey)s”") % {"survey": survey.title}
            url = survey.get_absolute_url()
            when = response.updated_at
        items.append(
            ActivityItem(
                title=title,
                url=url,
                when=when,
                section=_("Talk London"),
                status=response.get_status_display(),
            )
        )
    return items
