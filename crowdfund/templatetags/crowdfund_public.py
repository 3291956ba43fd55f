"""Small display helpers for Crowdfund London's public pages."""

import math

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

_STATUS_COLOURS = {
    "draft": "grey",
    "in_review": "yellow",
    "changes_requested": "orange",
    "rejected": "red",
    "live": "green",
    "funded": "turquoise",
    "unfunded": "grey",
    "delivering": "blue",
    "completed": "purple",
}


@register.simple_tag
def project_status_tag(project) -> str:
    colour = _STATUS_COLOURS.get(project.status, "grey")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>',
        colour,
        project.get_status_display(),
    )


@register.filter
def time_left(project) -> str:
    """ "12 days left", "Last day", or "Ended on 3 March 2026"."""
    if project.deadline is None:
        return ""
    now = timezone.now()
    if project.deadline <= now:
        ended = timezone.localtime(project.deadline)
        return _("Ended on %(date)s") % {"date": dateformat.format(ended, "j F Y")}
    seconds = (project.deadline - now).total_seconds()
    if seconds < 24 * 60 * 60:
        return _("Last day")
    # Whole days, rounded up: a deadline 2 days and 20 hours away is "3 days".
    days = math.ceil(seconds / (24 * 60 * 60))
    return ngettext("%(days)d day left", "%(days)d days left", days) % {"days": days}
