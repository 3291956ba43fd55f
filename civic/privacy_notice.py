"""The parts of the privacy notice that come from the code itself.

Editors write the privacy notice in the CMS, and embed these two registers in
it (an Embed block of kind ``privacy``), so that what the notice says each
part of the portal holds, and how long things are kept, is what the apps have
registered (``register_personal_data``, ``register_retention``) and what
``settings.CIVIC_RETENTION_DAYS`` says, never a copy that drifts.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WHAT_WE_HOLD = "what-we-hold"
HOW_LONG = "how-long-we-keep-it"


def period_text(days: int) -> str:
    if days == 0:
        return _("As soon as nothing else needs it")
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    if days % 30 == 0 and days >= 60:
        months = days // 30
        return ngettext("%(n)d month", "%(n)d months", months) % {"n": months}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def retention_rows() -> list[dict]:
    from civic.registry import registry

    periods = getattr(settings, "CIVIC_RETENTION_DAYS", {})
    rows = []
    for rule in sorted(registry.retention_rules.values(), key=lambda r: r.name):
        days = periods.get(rule.period_setting)
        if days is None:
            continue
        rows.append(
            {
                "what": str(rule.description) or rule.name,
                "period": period_text(days),
                "days": days,
            }
        )
    return rows


def sections() -> list[dict]:
    from civic.registry import registry

    return [
        {"section": str(s.section), "description": str(s.description)}
        for s in sorted(registry.personal_data.values(), key=lambda s: str(s.section))
    ]


def render(reference: str, request) -> str:
    if reference == WHAT_WE_HOLD:
        return render_to_string(
            "civic/privacy/what_we_hold.html", {"sections": sections()}
        )
    if reference == HOW_LONG:
        return render_to_string(
            "civic/privacy/how_long.html", {"rows": retention_rows()}
        )
    return ""


def choices():
    return [
        (WHAT_WE_HOLD, _("What each part of the portal holds about people")),
        (HOW_LONG, _("How long things are kept before they are deleted")),
    ]
