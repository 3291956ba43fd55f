"""Which changes make Crowdfund London's cached public pages stale.

Anonymous visitors get the browse page, the map and each campaign page from
the cache (``civic.caching``). A pledge, an update or a cost line changes one
campaign's page and the totals on browse and the map; a project, a round or a
theme can change any page.
"""

from civic.caching import invalidate_on

EVERYTHING = "crowdfund"
TOTALS = "crowdfund:totals"


def project_area(slug: str) -> str:
    return f"crowdfund:project:{slug}"


def _project_areas(instance):
    from .models import Project

    slug = (
        Project.objects.filter(pk=instance.project_id)
        .values_list("slug", flat=True)
        .first()
    )
    return [TOTALS] + ([project_area(slug)] if slug else [])


def connect() -> None:
    from .models import (
        CityHallPledge,
        CostLine,
        FundingRound,
        Need,
        Pledge,
        Project,
        ProjectImage,
        ProjectUpdate,
        TeamMember,
        Theme,
    )

    invalidate_on([Project, FundingRound, Theme], EVERYTHING)
    invalidate_on(
        [
            Pledge,
            CityHallPledge,
            ProjectUpdate,
            CostLine,
            Need,
            ProjectImage,
            TeamMember,
        ],
        _project_areas,
    )
