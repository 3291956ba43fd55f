"""Crowdfund London in the Wagtail admin: each area registers its own hooks."""

from . import wagtail_pledges, wagtail_projects  # noqa: F401
