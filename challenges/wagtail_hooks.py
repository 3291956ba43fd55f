"""The Civic Innovation Challenge in the Wagtail admin: each area registers
its own hooks."""

from wagtail.snippets.models import register_snippet

from . import wagtail_assessment, wagtail_challenges, wagtail_topics  # noqa: F401

register_snippet(wagtail_challenges.ChallengesViewSetGroup)
