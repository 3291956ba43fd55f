"""The Civic Innovation Challenge in the Wagtail admin: each area registers
its own hooks."""

from . import wagtail_assessment, wagtail_challenges, wagtail_topics  # noqa: F401
