"""Crowdfund London in the Wagtail admin: each area registers its own hooks.

Each area adds its viewsets to the one "Crowdfund London" menu group
(``wagtail_projects.CrowdfundViewSetGroup.items``) when imported; the group is
registered here, after every area has had its say.
"""

from wagtail.snippets.models import register_snippet

from . import wagtail_pledges, wagtail_projects  # noqa: F401

register_snippet(wagtail_projects.CrowdfundViewSetGroup)
