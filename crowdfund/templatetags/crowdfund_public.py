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


@register.filter
def deadline_text(value) -> str:
    """GOV.UK style for a time on a date: "6:29pm on 5 January 2027", with
    "midnight" and "midday" for the times people misread (Django's own "a"
    format gives "p.m.", which doubles a full stop at the end of a sentence).
    """
    if value is None:
        return ""
    local = timezone.localtime(value)
    date = dateformat.format(local, "j F Y")
    if local.hour == 0 and local.minute == 0:
        time = _("midnight")
    elif local.hour == 12 and local.minute == 0:
        time = _("midday")
    else:
        hour = local.hour % 12 or 12
        suffix = _("am") if local.hour < 12 else _("pm")
        time = f"{hour}:{local.minute:02d}{suffix}"
    return _("%(time)s on %(date)s") % {"time": time, "date": date}
